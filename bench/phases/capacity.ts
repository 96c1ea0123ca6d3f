/**
 * Phase "capacity": open requests held with running clocks (the demo policy's ladder fires three escalations per
 * request in its first minute): memory per open request, timer lag, database growth.
 */
import { performance } from 'node:perf_hooks';
import { memoryOf } from '../../src/local/processes/index.js';
import { control, sleep } from '../control.js';
import { progress } from '../progress.js';
import type { Stack } from '../stack.js';
import { slope, summarize, type LatencySummary } from '../stats.js';
import { submitThroughApi, type Context } from './context.js';
import { coresUsed, cpuMsPerOp, cpuSnapshot } from './cpu.js';

export interface MemorySample {
  /** Seconds since the capacity phase began. */
  t: number;
  openSubmitted: number;
  workerRss: number | null;
  workerHeapUsed: number | null;
  /** Heap of the worker's workflow thread: where the cached workflows live. */
  workflowThreadHeapUsed: number | null;
  apiRss: number | null;
  apiHeapUsed: number | null;
  temporalRss: number | null;
}

export interface CapacityResult {
  target: number;
  /** maxCachedWorkflows of the product worker (WORKER_MAX_CACHED_WORKFLOWS). */
  workflowCacheSize: number;
  /** Requests held open by this phase (submitted through the API and still in triage with running clocks). */
  submitted: number;
  failedSubmissions: number;
  fillRatePerS: number;
  fillSeconds: number;
  holdSeconds: number;
  submitLatencyMs: LatencySummary;
  /** All open requests in the database at the end (this phase's plus those left open by earlier phases). */
  openRequestsTotal: number | null;
  runningClocks: number | null;
  escalations: {
    expected: number;
    fired: number;
    lagMs: LatencySummary;
    lagP99ByMinute: Array<{ minute: number; count: number; p50: number; p99: number }>;
  };
  memory: {
    workerRss: number | null;
    workerPeakRss: number | null;
    workerHeapUsed: number | null;
    workflowThreadHeapUsed: number | null;
    apiRss: number | null;
    apiPeakRss: number | null;
    apiHeapUsed: number | null;
    temporalRss: number | null;
    temporalPeakRss: number | null;
    /** Least-squares growth per open request while filling (bytes); while the workflow cache is not full. */
    workerRssPerRequest: number | null;
    workflowThreadHeapPerRequest: number | null;
    temporalRssPerRequest: number | null;
  };
  databaseBytes: number | null;
  databaseBytesPerRequest: number | null;
  samples: MemorySample[];
  cores: Record<string, number | null>;
  /** CPU ms per held request (its submission and its three escalations), by process. */
  cpuMsPerRequest: Record<string, number | null>;
}

/** The three rungs of the demo policy's triage ladder: at risk 30 s, breached 40 s, level 3 60 s after submission. */
const LADDER_LEVELS = 3;
const LAST_RUNG_MS = 60_000;

export async function measureCapacity(
  ctx: Context,
  options: { target: number; ratePerS: number; maxInFlight: number; maxFillMs: number; workflowCacheSize: number },
): Promise<CapacityResult> {
  const { stack } = ctx;
  const title = `bench capacity ${stack.runId}`;
  progress.line(`capacity: restarting the product worker with SLA_POLICY=demo (triage breaches 40 s after submission)`);
  await stack.restartWorker({ SLA_POLICY: 'demo' });
  const cpuBefore = await cpuSnapshot(stack);
  const t0 = performance.now();
  const samples: MemorySample[] = [];
  let ok = 0;
  let failed = 0;
  const latencies: number[] = [];
  let lastOkAt = t0;

  const sample = async () => {
    const [workerHeap, apiHeap, threadsHeap] = await Promise.all([
      stack.reportedMemory('worker'),
      stack.reportedMemory('api'),
      stack.workerThreadsHeapUsed(),
    ]);
    samples.push({
      t: Math.round((performance.now() - t0) / 100) / 10,
      openSubmitted: ok,
      workerRss: memoryOf(stack.worker.pid)?.rss ?? null,
      workerHeapUsed: workerHeap?.heapUsed ?? null,
      workflowThreadHeapUsed: threadsHeap,
      apiRss: memoryOf(stack.api.pid)?.rss ?? null,
      apiHeapUsed: apiHeap?.heapUsed ?? null,
      temporalRss: memoryOf(stack.devServer.pid)?.rss ?? null,
    });
  };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  })();

  // Fill: paced at ratePerS; when maxInFlight are outstanding the schedule waits (every request is made).
  const interval = 1000 / options.ratePerS;
  const outstanding = new Set<Promise<void>>();
  const fillDeadline = t0 + options.maxFillMs;
  try {
    for (let i = 0; i < options.target && !control.aborted && performance.now() < fillDeadline; i++) {
      const due = t0 + i * interval;
      while (performance.now() < due || outstanding.size >= options.maxInFlight) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(50, due - performance.now()))));
        if (control.aborted) break;
      }
      const sentAt = performance.now();
      const operation = submitThroughApi(ctx, `${title} ${i}`)
        .then(
          () => {
            ok += 1;
            lastOkAt = performance.now();
            latencies.push(lastOkAt - sentAt);
          },
          () => {
            failed += 1;
          },
        )
        .finally(() => outstanding.delete(operation));
      outstanding.add(operation);
      if (i % 50 === 0) {
        const elapsed = (performance.now() - t0) / 1000;
        const last = samples.at(-1);
        progress.status(
          `capacity: ${ok}/${options.target} open (${(ok / Math.max(elapsed, 0.001)).toFixed(1)}/s), ${failed} failed, ` +
            `worker RSS ${mib(last?.workerRss)} MiB, Temporal RSS ${mib(last?.temporalRss)} MiB`,
        );
      }
    }
    const drainUntil = performance.now() + 60_000;
    while (outstanding.size > 0 && performance.now() < drainUntil && !control.aborted) {
      await Promise.race([Promise.all(outstanding), new Promise((resolve) => setTimeout(resolve, 200))]);
    }
    const fillSeconds = (lastOkAt - t0) / 1000;
    progress.line(
      `capacity: ${ok} requests open after ${fillSeconds.toFixed(0)} s (${failed} failed); holding until the last ladder has fired`,
    );

    // Hold: until the last request's level 3 is due, plus a margin, or every expected escalation has fired.
    const expected = ok * LADDER_LEVELS;
    const holdUntil = lastOkAt + LAST_RUNG_MS + 5_000;
    const holdDeadline = holdUntil + 30_000;
    let fired = 0;
    while (!control.aborted && performance.now() < holdDeadline) {
      fired = await countEscalations(stack, title);
      progress.status(`capacity: holding ${ok} open requests; ${fired}/${expected} escalations fired`);
      if (performance.now() >= holdUntil && fired >= expected) break;
      await sleep(2_000);
    }
    const holdSeconds = (performance.now() - lastOkAt) / 1000;
    sampling = false;
    await sampler;
    await sample();
    const cpuAfter = await cpuSnapshot(stack);
    const cores = coresUsed(cpuBefore, cpuAfter);

    const lag = await escalationLag(stack, title);
    const [openTotal, runningClocks, databaseBytes] = await Promise.all([
      queryNumber(stack, `select count(*)::bigint as n from requests where status <> 'closed'`),
      queryNumber(stack, `select count(*)::bigint as n from sla_clocks where stopped_at is null`),
      queryNumber(stack, `select pg_database_size(current_database())::bigint as n`),
    ]);
    const databaseBefore = baselineDatabaseBytes ?? null;
    const final = samples.at(-1)!;
    const filling = samples.filter((s) => s.openSubmitted > 0);
    const perRequest = (key: 'workerRss' | 'temporalRss' | 'workflowThreadHeapUsed') => {
      const points = filling.flatMap((s) => (s[key] === null ? [] : [[s.openSubmitted, s[key]] as const]));
      const value = slope(points);
      return value === null ? null : Math.round(value);
    };
    return {
      target: options.target,
      workflowCacheSize: options.workflowCacheSize,
      submitted: ok,
      failedSubmissions: failed,
      fillRatePerS: options.ratePerS,
      fillSeconds: Math.round(fillSeconds),
      holdSeconds: Math.round(holdSeconds),
      submitLatencyMs: summarize(latencies),
      openRequestsTotal: openTotal,
      runningClocks,
      escalations: { expected, fired: lag.count, lagMs: lag.summary, lagP99ByMinute: lag.byMinute },
      memory: {
        workerRss: final.workerRss,
        workerPeakRss: memoryOf(stack.worker.pid)?.peak ?? null,
        workerHeapUsed: final.workerHeapUsed,
        workflowThreadHeapUsed: final.workflowThreadHeapUsed,
        apiRss: final.apiRss,
        apiPeakRss: memoryOf(stack.api.pid)?.peak ?? null,
        apiHeapUsed: final.apiHeapUsed,
        temporalRss: final.temporalRss,
        temporalPeakRss: memoryOf(stack.devServer.pid)?.peak ?? null,
        workerRssPerRequest: perRequest('workerRss'),
        workflowThreadHeapPerRequest: perRequest('workflowThreadHeapUsed'),
        temporalRssPerRequest: perRequest('temporalRss'),
      },
      databaseBytes,
      databaseBytesPerRequest:
        databaseBytes === null || databaseBefore === null || ok === 0
          ? null
          : Math.round((databaseBytes - databaseBefore) / ok),
      samples,
      cores,
      cpuMsPerRequest: cpuMsPerOp(cpuBefore, cpuAfter, ok),
    };
  } finally {
    sampling = false;
    await sampler;
  }
}

let baselineDatabaseBytes: number | null | undefined;
/** Records the database size before the capacity phase (for the per-request growth). */
export async function recordDatabaseBaseline(stack: Stack): Promise<void> {
  baselineDatabaseBytes = await queryNumber(stack, `select pg_database_size(current_database())::bigint as n`);
}

async function queryNumber(stack: Stack, sql: string, params: unknown[] = []): Promise<number | null> {
  try {
    const result = await stack.db.query<{ n: string | null }>(sql, params);
    const value = result.rows[0]?.n;
    return value === null || value === undefined ? null : Number(value);
  } catch (error) {
    progress.line(`warning: query failed (${sql.slice(0, 60)}…): ${String(error)}`);
    return null;
  }
}

async function countEscalations(stack: Stack, title: string): Promise<number> {
  return (
    (await queryNumber(
      stack,
      `select count(*)::bigint as n from escalations e join requests r on r.id = e.request_id where r.title like $1`,
      [`${title} %`],
    )) ?? 0
  );
}

/** fired_at − due_at of this phase's escalations: the workflow's time when the timer's task ran, against the due instant. */
async function escalationLag(stack: Stack, title: string) {
  const result = await stack.db.query<{ lag: string; due: Date }>(
    `select extract(epoch from (e.fired_at - e.due_at)) * 1000 as lag, e.due_at as due
       from escalations e join requests r on r.id = e.request_id
      where r.title like $1`,
    [`${title} %`],
  );
  const rows = result.rows.map((row) => ({ lag: Number(row.lag), due: row.due.getTime() }));
  const first = Math.min(...rows.map((row) => row.due));
  const byMinute = new Map<number, number[]>();
  for (const row of rows) {
    const minute = Math.floor((row.due - first) / 60_000);
    const list = byMinute.get(minute) ?? [];
    list.push(row.lag);
    byMinute.set(minute, list);
  }
  return {
    count: rows.length,
    summary: summarize(rows.map((row) => row.lag)),
    byMinute: [...byMinute.entries()]
      .sort(([a], [b]) => a - b)
      .map(([minute, lags]) => {
        const s = summarize(lags);
        return { minute, count: lags.length, p50: s.p50 ?? 0, p99: s.p99 ?? 0 };
      }),
  };
}

export function mib(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? '-' : (bytes / 1024 / 1024).toFixed(0);
}

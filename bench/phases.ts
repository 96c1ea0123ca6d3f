/**
 * The measurements, each against the product (through its HTTP API) and the raw baseline (the SDK straight to the
 * same dev server) in the same run: submission, transition, whole loop, capacity.
 */
import { performance } from 'node:perf_hooks';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { cpuSecondsOf, memoryOf, treeCpuSeconds } from '../src/local/processes/index.js';
import { control, sleep } from './control.js';
import { closedLoop, inBatches, openLoop, type ApiClient, type ClosedLoopResult, type OpenLoopResult } from './load.js';
import { progress } from './progress.js';
import { pingUpdate, type oneLine, type updatable } from './raw-workflows.js';
import type { Stack } from './stack.js';
import { slope, summarize, type LatencySummary } from './stats.js';

export const USERS = {
  province: 'KR-43:province_officer',
  coordinator: 'MOFA:coordinator',
  hanoi: 'VN-HAN:mission_officer',
  losAngeles: 'US-LAX:mission_officer',
} as const;
export type Tokens = Record<keyof typeof USERS, string>;

export async function issueTokens(api: ApiClient): Promise<Tokens> {
  const entries = await Promise.all(
    Object.entries(USERS).map(async ([key, user]) => {
      const { token } = await api.expect<{ token: string }>(200, 'POST', '/v1/dev/token', { body: { user } });
      return [key, token] as const;
    }),
  );
  return Object.fromEntries(entries) as Tokens;
}

export interface Context {
  stack: Stack;
  api: ApiClient;
  tokens: Tokens;
}

interface RequestBody {
  id: string;
  status: string;
  tasks: Array<{ id: string; missionCode: string; status: string }>;
}

const newRequest = (title: string, targetCountries = ['VN']) => ({
  title,
  description: 'A benchmark request: partner universities for regional colleges short of students.',
  category: 'talent',
  priority: 'routine',
  targetCountries,
});

/** One POST /v1/requests; resolves to the new request's id. */
export async function submitThroughApi(ctx: Context, title: string): Promise<string> {
  const created = await ctx.api.expect<RequestBody>(201, 'POST', '/v1/requests', {
    token: ctx.tokens.province,
    body: newRequest(title),
  });
  return created.id;
}

// ---------------------------------------------------------------------------------------------------------------
// CPU accounting per phase: where the time went (API, worker, Temporal, PostgreSQL, the benchmark itself).

export interface CpuSnapshot {
  at: number;
  api: number | null;
  worker: number | null;
  rawWorker: number | null;
  temporal: number | null;
  postgres: number | null;
  bench: number;
}

export async function cpuSnapshot(stack: Stack): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    api: cpuSecondsOf(stack.api.pid),
    worker: cpuSecondsOf(stack.worker.pid),
    rawWorker: cpuSecondsOf(stack.rawWorker.pid),
    temporal: cpuSecondsOf(stack.devServer.pid),
    postgres: treeCpuSeconds(await stack.postmasterPid()),
    bench: (usage.user + usage.system) / 1e6,
  };
}

/** Cores used on average by each process between two snapshots (1.0 = one core busy). */
export function coresUsed(before: CpuSnapshot, after: CpuSnapshot): Record<string, number | null> {
  const seconds = (after.at - before.at) / 1000;
  const result: Record<string, number | null> = {};
  for (const key of CPU_KEYS) {
    const a = before[key];
    const b = after[key];
    result[key] = a === null || b === null || seconds <= 0 ? null : Math.round(((b - a) / seconds) * 100) / 100;
  }
  return result;
}

const CPU_KEYS = ['api', 'worker', 'rawWorker', 'temporal', 'postgres', 'bench'] as const;

/** CPU milliseconds each process spent per successful operation between two snapshots. */
export function cpuMsPerOp(before: CpuSnapshot, after: CpuSnapshot, operations: number): Record<string, number | null> {
  const result: Record<string, number | null> = {};
  for (const key of CPU_KEYS) {
    const a = before[key];
    const b = after[key];
    result[key] =
      a === null || b === null || operations <= 0 ? null : Math.round(((b - a) * 1000 * 10) / operations) / 10;
  }
  return result;
}

export interface CpuAccounting {
  /** Cores busy on average during the measurement. */
  cores: Record<string, number | null>;
  /** CPU ms per successful operation, by process. */
  cpuMsPerOp: Record<string, number | null>;
}

async function withCpu<T extends { ok: number }>(stack: Stack, run: () => Promise<T>): Promise<T & CpuAccounting> {
  const before = await cpuSnapshot(stack);
  const result = await run();
  const after = await cpuSnapshot(stack);
  return { ...result, cores: coresUsed(before, after), cpuMsPerOp: cpuMsPerOp(before, after, result.ok) };
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Submission

export type Measured = OpenLoopResult & CpuAccounting;

export interface SubmissionLevel {
  offeredPerS: number;
  api: Measured;
  rawStart: Measured;
  /** The same Temporal shape as the product's submission (update-with-start), with a one-line handler. */
  rawUpdateWithStart: Measured | null;
}

export type SubmissionSystem = 'api' | 'rawStart' | 'rawUpdateWithStart';

let sequence = 0;

export function submitter(ctx: Context, system: SubmissionSystem, label: string): (i: number) => Promise<void> {
  const { stack } = ctx;
  switch (system) {
    case 'api':
      return async (i) => {
        await submitThroughApi(ctx, `bench ${label} ${i}`);
      };
    case 'rawStart':
      return async () => {
        await stack.rawClient.workflow.start<typeof oneLine>('oneLine', {
          taskQueue: stack.rawTaskQueue,
          workflowId: `raw-start-${stack.runId}-${(sequence += 1)}`,
        });
      };
    case 'rawUpdateWithStart':
      return async () => {
        await stack.rawClient.workflow.executeUpdateWithStart(pingUpdate, {
          args: ['submitted'],
          startWorkflowOperation: new WithStartWorkflowOperation<typeof updatable>('updatable', {
            taskQueue: stack.rawTaskQueue,
            workflowId: `raw-uws-${stack.runId}-${(sequence += 1)}`,
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowExecutionTimeout: '30 minutes',
          }),
        });
      };
  }
}

export async function measureSubmission(
  ctx: Context,
  system: SubmissionSystem,
  rate: number,
  durationMs: number,
  label = `submission ${system} ${rate}/s`,
): Promise<Measured> {
  control.check();
  const result = await withCpu(ctx.stack, () =>
    openLoop({
      label,
      rate,
      durationMs,
      send: submitter(ctx, system, label),
      drainMs: 60_000,
      maxInFlight: maxInFlightFor(rate),
    }),
  );
  progress.line(
    `${label}: ${result.achievedPerS}/s, p50 ${result.latencyMs.p50} p95 ${result.latencyMs.p95} p99 ${result.latencyMs.p99} ms, ` +
      `${result.scheduled - result.ok} not ok`,
  );
  await sleep(1_500);
  return result;
}

/**
 * Outstanding operations allowed at an offered rate: two seconds' worth (at least 50). Beyond that the system is
 * overloaded; sends are dropped (and counted as not ok) instead of piling up a backlog that would spill into the
 * next measurement.
 */
export function maxInFlightFor(rate: number): number {
  return Math.max(50, Math.ceil(rate * 2));
}

export interface RampStep extends Measured {
  passed: boolean;
}

export interface RampResult {
  system: SubmissionSystem;
  steps: RampStep[];
  /** The highest offered load that met the criteria (errors ≤ 1 %, achieved ≥ 95 % of offered, p99 ≤ 1 s), fixed loads included. */
  maxSustained: RampStep | null;
  /** The highest completion rate seen in any step or fixed load. */
  peakAchievedPerS: number;
}

export const RAMP_CRITERIA = { maxErrorRate: 0.01, minAchievedFraction: 0.95, maxP99Ms: 1_000 };

export function passes(result: OpenLoopResult): boolean {
  return (
    result.errorRate <= RAMP_CRITERIA.maxErrorRate &&
    result.achievedPerS >= RAMP_CRITERIA.minAchievedFraction * result.offeredPerS &&
    (result.latencyMs.p99 ?? Infinity) <= RAMP_CRITERIA.maxP99Ms
  );
}

/**
 * Open-loop ramp: ×1.5 per step from 1.5× the highest fixed load that passed (5/s when none did) until a step fails
 * the criteria (bounded by `maxSteps` and by the deadline), then one step halfway between the last pass (a fixed
 * load counts) and the first failure.
 */
export async function ramp(
  ctx: Context,
  system: SubmissionSystem,
  options: {
    /** The highest fixed load that passed, if any: the ramp starts at 1.5× it and counts it as a passing step. */
    passedFixed?: Measured;
    stepMs: number;
    maxSteps: number;
    deadline: number;
  },
): Promise<RampResult> {
  const steps: RampStep[] = [];
  let rate = options.passedFixed === undefined ? 5 : Math.round(options.passedFixed.offeredPerS * 1.5);
  let lastPass = options.passedFixed?.offeredPerS;
  let firstFail: number | undefined;
  for (let i = 0; i < options.maxSteps && performance.now() < options.deadline && !control.aborted; i++) {
    const result = await measureSubmission(ctx, system, rate, options.stepMs, `max ${system} ${rate}/s`);
    const passed = passes(result);
    steps.push({ ...result, passed });
    if (!passed) {
      firstFail = rate;
      break;
    }
    lastPass = rate;
    rate = Math.round(rate * 1.5);
  }
  if (
    firstFail !== undefined &&
    lastPass !== undefined &&
    firstFail / lastPass >= 1.2 &&
    performance.now() < options.deadline &&
    !control.aborted
  ) {
    const middle = Math.round((firstFail + lastPass) / 2);
    const result = await measureSubmission(ctx, system, middle, options.stepMs, `max ${system} ${middle}/s`);
    steps.push({ ...result, passed: passes(result) });
  }
  const candidates = options.passedFixed === undefined ? steps : [{ ...options.passedFixed, passed: true }, ...steps];
  const passing = candidates.filter((step) => step.passed).sort((a, b) => b.offeredPerS - a.offeredPerS);
  return {
    system,
    steps,
    maxSustained: passing[0] ?? null,
    peakAchievedPerS: Math.max(0, ...steps.map((step) => step.achievedPerS)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Transition: one Update round-trip

export interface TransitionResult {
  offeredPerS: number;
  /** POST /v1/requests/:id/triage {action: clarify} on a fresh request (3 activities in the workflow). */
  api: Measured;
  /** executeUpdate of a one-line handler on a fresh, open workflow. */
  raw: Measured;
}

export async function measureTransition(ctx: Context, rate: number, durationMs: number): Promise<TransitionResult> {
  const count = Math.max(1, Math.round((rate * durationMs) / 1000));
  progress.line(`transition: preparing ${count} fresh requests and ${count} open raw workflows`);
  const ids = await inBatches(
    Array.from({ length: count }, (_, i) => i),
    8,
    (i) => submitThroughApi(ctx, `bench transition ${i}`),
  );
  const rawIds = await inBatches(
    Array.from({ length: count }, (_, i) => i),
    16,
    async (i) => {
      const workflowId = `raw-update-${ctx.stack.runId}-${i}`;
      await ctx.stack.rawClient.workflow.start<typeof updatable>('updatable', {
        taskQueue: ctx.stack.rawTaskQueue,
        workflowId,
        workflowExecutionTimeout: '30 minutes',
      });
      return workflowId;
    },
  );
  await sleep(2_000);
  const api = await withCpu(ctx.stack, () =>
    openLoop({
      label: `transition api ${rate}/s`,
      rate,
      durationMs,
      maxInFlight: maxInFlightFor(rate),
      send: async (i) => {
        await ctx.api.expect(200, 'POST', `/v1/requests/${ids[i]!}/triage`, {
          token: ctx.tokens.coordinator,
          body: { action: 'clarify', question: 'Which intake do you mean?' },
        });
      },
    }),
  );
  progress.line(
    `transition api: p50 ${api.latencyMs.p50} p95 ${api.latencyMs.p95} p99 ${api.latencyMs.p99} ms, ${api.scheduled - api.ok} not ok`,
  );
  await sleep(1_500);
  const raw = await withCpu(ctx.stack, () =>
    openLoop({
      label: `transition raw ${rate}/s`,
      rate,
      durationMs,
      maxInFlight: maxInFlightFor(rate),
      send: async (i) => {
        await ctx.stack.rawClient.workflow.getHandle(rawIds[i]!).executeUpdate(pingUpdate, { args: ['triaged'] });
      },
    }),
  );
  progress.line(
    `transition raw: p50 ${raw.latencyMs.p50} p95 ${raw.latencyMs.p95} p99 ${raw.latencyMs.p99} ms, ${raw.scheduled - raw.ok} not ok`,
  );
  return { offeredPerS: rate, api, raw };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Whole loop

export type LoopResult = ClosedLoopResult &
  CpuAccounting & {
    missions: number;
    /** GET /v1/requests/:id polls per loop while waiting for the request to reach review. */
    pollsPerLoop: number;
  };

const MISSIONS: Array<{ code: string; user: keyof Tokens }> = [
  { code: 'VN-HAN', user: 'hanoi' },
  { code: 'US-LAX', user: 'losAngeles' },
];

/** submit → triage assign → each mission accepts and responds → (request reaches review) → province accepts → closed. */
export async function measureLoop(
  ctx: Context,
  missions: 1 | 2,
  drivers: number,
  durationMs: number,
): Promise<LoopResult> {
  const { api, tokens } = ctx;
  const chosen = MISSIONS.slice(0, missions);
  let polls = 0;
  const result = await withCpu(ctx.stack, () =>
    closedLoop({
      label: `loop ${missions} mission(s) × ${drivers} drivers`,
      drivers,
      durationMs,
      maxIterations: 5_000,
      iteration: async () => {
        const id = await submitThroughApi(ctx, `bench loop ${missions}`);
        const assigned = await api.expect<RequestBody>(200, 'POST', `/v1/requests/${id}/triage`, {
          token: tokens.coordinator,
          body: { action: 'assign', missions: chosen.map((mission) => mission.code) },
        });
        await Promise.all(
          chosen.map(async (mission) => {
            const task = assigned.tasks.find((candidate) => candidate.missionCode === mission.code);
            if (task === undefined) throw new Error(`no task for ${mission.code}`);
            const token = tokens[mission.user];
            await api.expect(200, 'POST', `/v1/tasks/${task.id}/accept`, { token });
            await api.expect(200, 'POST', `/v1/tasks/${task.id}/respond`, {
              token,
              body: { summary: 'Three universities are interested' },
            });
          }),
        );
        // The last response settles the task workflow; the request workflow then moves to review by itself.
        const deadline = performance.now() + 30_000;
        for (let wait = 20; ; wait = Math.min(100, wait * 2)) {
          polls += 1;
          const request = await api.expect<RequestBody>(200, 'GET', `/v1/requests/${id}`, { token: tokens.province });
          if (request.status === 'review') break;
          if (performance.now() > deadline)
            throw new Error(`request stayed ${request.status} instead of reaching review`);
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const closed = await api.expect<RequestBody>(200, 'POST', `/v1/requests/${id}/review`, {
          token: tokens.province,
          body: { decision: 'accept' },
        });
        if (closed.status !== 'closed') throw new Error(`review left the request ${closed.status}`);
      },
    }),
  );
  progress.line(
    `loop ${missions} mission(s) × ${drivers} drivers: ${result.perS} loops/s, loop p50 ${result.latencyMs.p50} p95 ${result.latencyMs.p95} ms, ${result.failed} failed`,
  );
  await sleep(1_500);
  return {
    ...result,
    missions,
    pollsPerLoop: result.ok === 0 ? 0 : Math.round((polls / (result.ok + result.failed)) * 10) / 10,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Capacity

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

/**
 * `npm run test:faults`: the production shape (reliability/shape.ts) under load while its pieces die.
 *
 * Drivers run whole loops (submit → triage → missions accept and respond → review → closed) against both API
 * processes through a client that retries on the other one, and leave some requests in triage on a running clock
 * (demo SLA policy: at risk after 30 s, breached after 40 s, level 3 after 60 s). Meanwhile, in turn and at random
 * moments: SIGKILL a worker (restarted), SIGKILL an API process (restarted), SIGKILL the Temporal server (restarted),
 * PostgreSQL's immediate shutdown and a start, and SIGSTOP of the Temporal server for 20 s. Then the database and
 * Temporal are checked: every request that got a 2xx exists once and reached its end, no audit event, clock or
 * escalation is duplicated or missing, and every failed call was a 503/429 with Retry-After or a connection error.
 *
 *   npm run test:faults               the full run: three rounds of the five faults (about 15 minutes)
 *   npm run test:faults -- --short    one fault of each kind (for CI once it passes; docs/reliability.md)
 * Writes test-output/faults/results.json; exits 1 when a check fails.
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { requestWorkflowId } from '../src/domain/messages.js';
import { sleep } from '../src/local/processes/index.js';
import { FailoverClient, type Observations } from './client.js';
import { driveLoop, issueTokens, submit, type Tokens } from './loop.js';
import { repoRoot, startProductionShape, type ProductionShape } from './shape.js';

const short = process.argv.includes('--short');
const settings = {
  drivers: short ? 2 : 4,
  rounds: short ? 1 : 3,
  /** Pause between faults, drawn from this range, ms. */
  gapMs: short ? [8_000, 15_000] : [15_000, 40_000],
  /** Every n-th iteration of a driver submits a request and leaves it in triage. */
  leaveEvery: 4,
  pauseMs: 20_000,
};
const kinds = ['worker-kill', 'api-kill', 'temporal-kill', 'postgres-restart', 'temporal-pause'] as const;
type FaultKind = (typeof kinds)[number];

const started = Date.now();
const log = (line: string) =>
  process.stderr.write(`[faults ${String(Math.round((Date.now() - started) / 1000)).padStart(4)}s] ${line}\n`);
const outputDir = path.join(repoRoot, 'test-output', 'faults');

interface Fault {
  kind: FaultKind;
  target: string;
  at: number;
  /** From the fault's start until a new request could be submitted and triaged again. */
  recoveryMs: number;
}

let shape: ProductionShape | undefined;
let dataDir: string | undefined;
const stop = async () => {
  await shape?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143)));
}

try {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-faults-'));
  shape = await startProductionShape({ dataDir, slaPolicy: 'demo', log });
  const running = shape;
  const newClient = () => new FailoverClient(running.apiUrls, { deadlineMs: 300_000, attemptTimeoutMs: 60_000 });
  const tokens = await issueTokens(newClient());

  log('baseline: one loop without faults');
  const baselineId = await driveLoop(newClient(), tokens, 'faults baseline');
  const db = new pg.Pool({ connectionString: running.databaseUrl, max: 2 });
  const baseline = await shapeOf(db, baselineId);

  // Drivers loop until told to stop; every call goes through a client that records what it saw.
  const clients: FailoverClient[] = [];
  const completed: string[] = [];
  const left: Array<{ id: string; at: number }> = [];
  const failedLoops: string[] = [];
  let driving = true;
  const drivers = Array.from({ length: settings.drivers }, async (_, driver) => {
    const client = newClient();
    clients.push(client);
    for (let iteration = 1; driving; iteration += 1) {
      const title = `faults ${driver + 1}.${iteration}`;
      try {
        if (iteration % settings.leaveEvery === 0) {
          const at = Date.now();
          left.push({ id: await submit(client, tokens, `${title} (left in triage)`), at });
        } else {
          completed.push(await driveLoop(client, tokens, title));
        }
      } catch (error) {
        failedLoops.push(`${title}: ${error instanceof Error ? error.message : String(error)}`);
        log(`loop ${title} failed: ${failedLoops.at(-1)}`);
      }
    }
  });
  const progress = setInterval(
    () => log(`${completed.length} loops closed, ${left.length} left on clocks, ${failedLoops.length} failed`),
    15_000,
  );

  const schedule = Array.from({ length: settings.rounds }, () => shuffle([...kinds])).flat();
  const faults: Fault[] = [];
  for (const [index, kind] of schedule.entries()) {
    await sleep(between(settings.gapMs));
    const at = Date.now();
    const target = await inject(running, kind);
    const recoveryMs = await recovery(newClient(), tokens, at);
    faults.push({ kind, target, at, recoveryMs });
    log(`fault ${index + 1}/${schedule.length}: ${kind} (${target}), recovered after ${recoveryMs} ms`);
  }

  log('faults done: letting the drivers finish their loops');
  driving = false;
  await Promise.all(drivers);
  clearInterval(progress);
  // The requests left in triage must see every level of their clock: level 3 falls due 60 s after submission.
  const lastLeft = Math.max(0, ...left.map((entry) => entry.at));
  const settleMs = Math.max(0, lastLeft + 75_000 - Date.now());
  log(`waiting ${Math.round(settleMs / 1000)} s for the clocks of the requests left in triage`);
  await sleep(settleMs);

  const connection = await Connection.connect({ address: running.temporalAddress });
  const temporal = new Client({ connection, namespace: 'default' });
  const checks = await check(db, temporal, { baseline, completed, left });
  await connection.close();
  await db.end();

  const seen = merge(clients.map((client) => client.seen));
  const longestOutageMs = Math.max(0, ...seen.outages.map(([from, to]) => to - from));
  const recoveryByKind = Object.fromEntries(
    kinds.map((kind) => {
      const times = faults.filter((fault) => fault.kind === kind).map((fault) => fault.recoveryMs);
      return [kind, { count: times.length, maxMs: Math.max(0, ...times), meanMs: Math.round(mean(times)) }];
    }),
  );
  const problems = [
    ...checks.problems,
    ...failedLoops.map((loop) => `loop failed: ${loop}`),
    ...seen.serverErrors.map(
      (e) => `HTTP ${e.status} on ${e.method} ${e.path}: ${JSON.stringify(e.body).slice(0, 200)}`,
    ),
    ...(seen.withoutRetryAfter > 0 ? [`${seen.withoutRetryAfter} answers 503/429 without Retry-After`] : []),
  ];
  const results = {
    mode: short ? 'short' : 'full',
    durationS: Math.round((Date.now() - started) / 1000),
    temporalVersion: running.temporalVersion,
    loopsClosed: completed.length,
    requestsLeftOnClocks: left.length,
    faults: faults.length,
    faultsByKind: Object.fromEntries(kinds.map((kind) => [kind, faults.filter((f) => f.kind === kind).length])),
    lost: checks.lost,
    duplicates: checks.duplicates,
    escalationsChecked: checks.escalations,
    longestUnavailabilityMs: longestOutageMs,
    longestCallMs: seen.longestCallMs,
    recoveryByKind,
    client: { calls: seen.calls, attempts: seen.attempts, failedAttempts: seen.failures },
    serverErrors: seen.serverErrors.length,
    withoutRetryAfter: seen.withoutRetryAfter,
    problems,
    faultLog: faults.map((fault) => ({ ...fault, at: new Date(fault.at).toISOString() })),
  };
  await mkdir(outputDir, { recursive: true });
  await writeFile(path.join(outputDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(
    [
      '',
      `Faults ${results.mode}: ${results.loopsClosed} loops closed and ${results.requestsLeftOnClocks} requests left on clocks ` +
        `across ${results.faults} faults in ${results.durationS} s`,
      `  lost ${results.lost}, duplicates ${results.duplicates}, 5xx other than 503: ${results.serverErrors}, ` +
        `503/429 without Retry-After: ${results.withoutRetryAfter}`,
      `  longest unavailability seen by a client: ${(longestOutageMs / 1000).toFixed(1)} s failing, ` +
        `${(seen.longestCallMs / 1000).toFixed(1)} s the longest wait for an answer; failed attempts by kind: ` +
        JSON.stringify(seen.failures),
      `  escalations checked: ${checks.escalations} on ${left.length} clocks left running`,
      ...kinds.map(
        (kind) =>
          `  ${kind.padEnd(17)} ×${recoveryByKind[kind]!.count}  recovery max ${(recoveryByKind[kind]!.maxMs / 1000).toFixed(1)} s, ` +
          `mean ${(recoveryByKind[kind]!.meanMs / 1000).toFixed(1)} s`,
      ),
      ...problems.slice(0, 30).map((problem) => `  PROBLEM ${problem}`),
      problems.length === 0 ? 'PASSED' : `FAILED (${problems.length} problems; test-output/faults/results.json)`,
      '',
    ].join('\n'),
  );
  // The processes' logs name the cause of a problem; kept beside the results when there is one.
  if (problems.length > 0)
    await cp(path.join(running.dataDir, 'logs'), path.join(outputDir, 'logs'), { recursive: true });
  await stop();
  process.exit(problems.length === 0 ? 0 : 1);
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await stop();
  process.exit(1);
}

/** Injects one fault and restores the piece; resolves to what was hit. */
async function inject(target: ProductionShape, kind: FaultKind): Promise<string> {
  switch (kind) {
    case 'worker-kill': {
      const worker = pick(target.workers);
      await worker.kill();
      await worker.start();
      return worker.name;
    }
    case 'api-kill': {
      const api = pick(target.apis);
      await api.kill();
      await sleep(3_000);
      await api.start();
      return api.name;
    }
    case 'temporal-kill':
      await target.temporal.kill();
      await target.temporal.start();
      return 'temporal';
    case 'postgres-restart':
      await target.postgres.restartImmediately();
      return 'postgres';
    case 'temporal-pause':
      await target.temporal.pause(settings.pauseMs);
      return 'temporal';
  }
}

/** A canary: a new request submitted and triaged (API, Temporal, worker and database all at work). */
async function recovery(client: FailoverClient, tokens: Tokens, since: number): Promise<number> {
  const id = await submit(client, tokens, `faults canary ${randomUUID()}`);
  const response = await client.call('POST', `/v1/requests/${id}/triage`, {
    token: tokens.coordinator,
    body: { action: 'reject', reason: 'Canary of the fault test' },
  });
  if (response.status !== 200 && response.status !== 409) throw new Error(`canary triage: HTTP ${response.status}`);
  return Date.now() - since;
}

interface RequestShape {
  events: string[];
  clocks: string[];
}

/** What one closed loop leaves behind: its audit event types and its clocks' stages, sorted. */
async function shapeOf(db: pg.Pool, id: string): Promise<RequestShape> {
  const events = await db.query<{ type: string }>(
    `SELECT type FROM audit_events WHERE request_id = $1 AND type NOT LIKE 'sla.%' ORDER BY type`,
    [id],
  );
  const clocks = await db.query<{ stage: string }>(
    `SELECT stage FROM sla_clocks WHERE request_id = $1 ORDER BY stage`,
    [id],
  );
  return { events: events.rows.map((row) => row.type), clocks: clocks.rows.map((row) => row.stage) };
}

async function check(
  db: pg.Pool,
  temporal: Client,
  run: { baseline: RequestShape; completed: string[]; left: Array<{ id: string }> },
): Promise<{ problems: string[]; lost: number; duplicates: number; escalations: number }> {
  const problems: string[] = [];
  let lost = 0;
  let duplicates = 0;

  // Each title names one driver iteration: two rows with one title would be a submission applied twice.
  const twice = await db.query<{ title: string; n: string }>(
    `SELECT title, count(*) AS n FROM requests WHERE title LIKE 'faults %' GROUP BY title HAVING count(*) > 1`,
  );
  duplicates += twice.rowCount ?? 0;
  for (const row of twice.rows) problems.push(`duplicate request: ${row.n} rows titled "${row.title}"`);

  for (const id of run.completed) {
    const row = await db.query<{ status: string; outcome: string | null }>(
      'SELECT status, outcome FROM requests WHERE id = $1',
      [id],
    );
    const request = row.rows[0];
    if (request === undefined || request.status !== 'closed' || request.outcome !== 'completed') {
      lost += 1;
      problems.push(`request ${id} answered closed but the database has ${JSON.stringify(request ?? null)}`);
      continue;
    }
    const found = await shapeOf(db, id);
    if (JSON.stringify(found) !== JSON.stringify(run.baseline)) {
      duplicates += Math.max(0, found.events.length - run.baseline.events.length);
      problems.push(
        `request ${id}: events/clocks ${JSON.stringify(found)} differ from a loop without faults ${JSON.stringify(run.baseline)}`,
      );
    }
    const open = await db.query('SELECT id FROM sla_clocks WHERE request_id = $1 AND stopped_at IS NULL', [id]);
    if ((open.rowCount ?? 0) > 0) problems.push(`request ${id} is closed with ${open.rowCount} clocks still running`);
    const description = await temporal.workflow.getHandle(requestWorkflowId(id)).describe();
    if (description.status.name !== 'COMPLETED') problems.push(`workflow of ${id} is ${description.status.name}`);
  }

  let escalations = 0;
  for (const { id } of run.left) {
    const row = await db.query<{ status: string }>('SELECT status FROM requests WHERE id = $1', [id]);
    if (row.rows[0]?.status !== 'triage') {
      lost += 1;
      problems.push(`request ${id} was left in triage but the database has ${JSON.stringify(row.rows[0] ?? null)}`);
      continue;
    }
    const clocks = await db.query<{ id: string; stage: string }>(
      'SELECT id, stage FROM sla_clocks WHERE request_id = $1',
      [id],
    );
    if (clocks.rows.length !== 1 || clocks.rows[0]?.stage !== 'triage') {
      problems.push(`request ${id} left in triage has clocks ${JSON.stringify(clocks.rows)}`);
      continue;
    }
    // Level 3 fell due at least 15 s ago: each of the three levels fired, once (the table's key allows no second).
    const levels = await db.query<{ level: number }>(
      'SELECT level FROM escalations WHERE clock_id = $1 ORDER BY level',
      [clocks.rows[0].id],
    );
    escalations += levels.rowCount ?? 0;
    const fired = levels.rows.map((level) => level.level).join(',');
    if (fired !== '1,2,3') problems.push(`clock ${clocks.rows[0].id} fired levels [${fired}] instead of [1,2,3]`);
    const description = await temporal.workflow.getHandle(requestWorkflowId(id)).describe();
    if (description.status.name !== 'RUNNING') problems.push(`workflow of ${id} is ${description.status.name}`);
  }

  // Audit rows of escalations, one per escalation.
  const audit = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM audit_events a JOIN requests r ON r.id = a.request_id
      WHERE r.title LIKE 'faults %' AND a.type LIKE 'sla.%' GROUP BY a.request_id, a.type, a.data HAVING count(*) > 1`,
  );
  duplicates += audit.rowCount ?? 0;
  if ((audit.rowCount ?? 0) > 0) problems.push(`${audit.rowCount} SLA audit events recorded more than once`);
  return { problems, lost, duplicates, escalations };
}

function merge(all: Observations[]): Observations {
  const merged: Observations = {
    calls: 0,
    attempts: 0,
    failures: {},
    withoutRetryAfter: 0,
    serverErrors: [],
    outages: [],
    longestCallMs: 0,
  };
  for (const seen of all) {
    merged.longestCallMs = Math.max(merged.longestCallMs, seen.longestCallMs);
    merged.calls += seen.calls;
    merged.attempts += seen.attempts;
    merged.withoutRetryAfter += seen.withoutRetryAfter;
    merged.serverErrors.push(...seen.serverErrors);
    merged.outages.push(...seen.outages);
    for (const [kind, count] of Object.entries(seen.failures))
      merged.failures[kind] = (merged.failures[kind] ?? 0) + count;
  }
  return merged;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function between([min, max]: number[]): number {
  return min! + Math.random() * (max! - min!);
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

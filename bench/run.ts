/**
 * `npm run bench`: throughput, latency and capacity of OneTeam, side by side with raw Temporal, in one run.
 * See docs/benchmarks.md for the method and the latest figures.
 *
 *   npm run bench                      full run (under 15 minutes on 2 cores)
 *   npm run bench -- --quick           short windows, for trying changes (figures are indicative only)
 *   npm run bench -- --capacity 5000   hold this many open requests in the capacity phase (default: what fits)
 *   npm run bench -- --fill-rate 40    submissions per second while filling the capacity phase
 *   npm run bench -- --skip capacity   skip phases: submission, max, transition, loop, capacity
 *   npm run bench -- --budget-minutes 14
 *   npm run bench -- --sqlite-pragmas journal_mode=delete,synchronous=full
 *   npm run bench -- --worker-options '{"maxCachedWorkflows":500}'   product worker variant (bench/worker-variant.ts)
 *   npm run bench -- --worker-pool 4 --api-pool 4                   Prisma pool sizes (variants)
 *   npm run bench -- --api-env LOG_LEVEL=warn --worker-env …         product configuration for one run
 *
 * Starts its own PostgreSQL (embedded in a temp dir, or DATABASE_URL), Temporal dev server, the product's API and
 * worker as child processes and a raw worker; everything is stopped at the end, on errors and on Ctrl-C.
 * Prints a Markdown table on stdout and writes bench/results/<date>.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { killChildrenNow } from '../src/local/processes/index.js';
import { DEFAULT_SQLITE_PRAGMAS } from '../src/local/temporal/index.js';
import { Aborted, control, sleep } from './control.js';
import { ApiClient } from './load.js';
import { measureCapacity, recordDatabaseBaseline } from './phases/capacity.js';
import { issueTokens, type Context } from './phases/context.js';
import { measureLoop } from './phases/loop.js';
import { passes, ramp, RAMP_CRITERIA } from './phases/max.js';
import { measureSubmission } from './phases/submission.js';
import { measureTransition } from './phases/transition.js';
import { progress } from './progress.js';
import { markdown, type BenchResult } from './report.js';
import { repoRoot, slowGrpcCalls, startStack, type Stack } from './stack.js';

const PHASES = ['submission', 'max', 'transition', 'loop', 'capacity'] as const;
type Phase = (typeof PHASES)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    capacity: { type: 'string' },
    'fill-rate': { type: 'string' },
    skip: { type: 'string', default: '' },
    'budget-minutes': { type: 'string' },
    'sqlite-pragmas': { type: 'string' },
    'worker-options': { type: 'string' },
    'worker-pool': { type: 'string' },
    'api-pool': { type: 'string' },
    'worker-env': { type: 'string', multiple: true },
    'api-env': { type: 'string', multiple: true },
    out: { type: 'string' },
  },
  strict: true,
});

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} must be a positive number, not ${value}`);
  return number;
}

const quick = args.quick === true;
const skip = new Set(
  (args.skip ?? '')
    .split(',')
    .map((phase) => phase.trim())
    .filter((phase) => phase !== ''),
);
for (const phase of skip)
  if (!PHASES.includes(phase as Phase)) throw new Error(`--skip: unknown phase ${phase} (${PHASES.join(', ')})`);
const runs = (phase: Phase) => !skip.has(phase);
const budgetMs = (positive('budget-minutes', args['budget-minutes']) ?? (quick ? 6 : 14)) * 60_000;
const explicitCapacity = positive('capacity', args.capacity);
const explicitFillRate = positive('fill-rate', args['fill-rate']);

const sqlitePragmas =
  args['sqlite-pragmas'] === undefined
    ? { ...DEFAULT_SQLITE_PRAGMAS }
    : Object.fromEntries(
        args['sqlite-pragmas'].split(',').map((pair) => {
          const [key, value] = pair.split('=');
          if (!key || value === undefined) throw new Error(`--sqlite-pragmas: expected key=value, got ${pair}`);
          return [key.trim(), value.trim()];
        }),
      );
const workerEnv: Record<string, string> = {};
if (args['worker-options'] !== undefined) {
  JSON.parse(args['worker-options']); // fail early on bad JSON
  workerEnv.BENCH_WORKER_OPTIONS = args['worker-options'];
}
if (args['worker-pool'] !== undefined)
  workerEnv.BENCH_PRISMA_POOL = String(positive('worker-pool', args['worker-pool']));
const apiEnv: Record<string, string> = {};
if (args['api-pool'] !== undefined) apiEnv.BENCH_PRISMA_POOL = String(positive('api-pool', args['api-pool']));
const workerEntry = Object.keys(workerEnv).length > 0 ? 'bench/worker-variant.ts' : 'src/main/worker.ts';
const apiEntry = Object.keys(apiEnv).length > 0 ? 'bench/api-variant.ts' : 'src/main/api.ts';
/** Plain product configuration (e.g. LOG_LEVEL) for the worker's or the API's process: same entry points. */
function envPairs(flag: string, pairs: string[] | undefined, into: Record<string, string>): void {
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--${flag}: expected NAME=value, got ${pair}`);
    into[pair.slice(0, at)] = pair.slice(at + 1);
  }
}
envPairs('worker-env', args['worker-env'], workerEnv);
envPairs('api-env', args['api-env'], apiEnv);

const plan = quick
  ? {
      loads: [10, 50],
      loadMs: 4_000,
      warmupMs: 3_000,
      rampStepMs: 4_000,
      rampSteps: 3,
      transitionMs: 4_000,
      loops: [
        [1, 4],
        [2, 4],
      ] as const,
      loopMs: 6_000,
      capacity: 100,
      fillRate: undefined,
    }
  : {
      loads: [10, 50, 100],
      loadMs: 10_000,
      warmupMs: 6_000,
      rampStepMs: 6_000,
      rampSteps: 6,
      transitionMs: 10_000,
      loops: [
        [1, 4],
        [1, 8],
        [2, 4],
        [2, 8],
      ] as const,
      loopMs: 15_000,
      capacity: 10_000,
      fillRate: undefined,
    };

/** Time kept back for the capacity phase's worker restart, ladder tail (60 s) and the teardown. */
const CAPACITY_RESERVE_MS = 130_000;

const started = performance.now();
const startedAt = new Date();
const result: BenchResult = {
  startedAt: startedAt.toISOString(),
  finishedAt: null,
  runSeconds: null,
  mode: quick ? 'quick' : 'full',
  commit: gitCommit(),
  machine: {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageStart: os.loadavg(),
    loadAverageBeforeCapacity: null,
    loadAverageEnd: null,
  },
  setup: {
    database: '',
    temporal: '',
    sqlitePragmas,
    product: `product: \`${apiEntry}\` and \`${workerEntry}\` as two child processes (production shape), SLA_POLICY=default until the capacity phase`,
    raw: 'raw: one-line workflows (bench/raw-workflows.ts) on their own task queue and worker process, driven by an SDK Client in the benchmark process',
    client:
      'node:http keep-alive agent from the benchmark process; open-loop latencies measured from the scheduled send instant',
    workerEnv,
    apiEnv,
    workerEntry,
    notes: [],
  },
  submission: [],
  ramp: { api: null, rawStart: null, criteria: RAMP_CRITERIA },
  transition: null,
  loops: [],
  capacity: null,
  aborted: null,
};

const cleanups: Array<() => Promise<void>> = [];
let stopping: Promise<void> | undefined;
function stopEverything(): Promise<void> {
  stopping ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        progress.line(`warning: while stopping: ${String(error)}`);
      }
    }
  })();
  return stopping;
}

let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    signals += 1;
    if (signals === 1) {
      progress.line(`${signal}: stopping the run and everything it started (again to force)`);
      control.abort(`interrupted (${signal})`);
    } else {
      killChildrenNow();
      process.exit(130);
    }
  });
}

const remainingMs = () => budgetMs - (performance.now() - started);

async function main(): Promise<void> {
  const stack: Stack = await startStack(
    {
      sqlitePragmas,
      workerEnv,
      apiEnv,
      ...(workerEntry === 'src/main/worker.ts' ? {} : { workerEntry: path.join(repoRoot, workerEntry) }),
      ...(apiEntry === 'src/main/api.ts' ? {} : { apiEntry: path.join(repoRoot, apiEntry) }),
    },
    cleanups,
  );
  const pgVersion =
    (await stack.db.query<{ v: string }>('select version() as v')).rows[0]?.v.split(' on ')[0] ?? 'PostgreSQL';
  result.setup.database = `${stack.database.embedded ? 'embedded' : 'DATABASE_URL'} ${pgVersion}`;
  result.setup.temporal = `Temporal dev server (${stack.temporalVersion.split('\n')[0]}), SQLite pragmas ${Object.entries(
    sqlitePragmas,
  )
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}`;
  progress.line(
    `ready: API ${stack.apiUrl}, Temporal ${stack.devServer.address} (pid ${stack.devServer.pid ?? '-'}), task queues ${stack.taskQueue} / ${stack.rawTaskQueue}`,
  );

  const api = new ApiClient(stack.apiUrl);
  cleanups.push(async () => api.close());
  const ctx: Context = { stack, api, tokens: await issueTokens(api) };

  // Warm-up: JIT, connection pools, worker caches; not recorded.
  progress.line('warming up');
  await measureSubmission(ctx, 'api', 5, plan.warmupMs, 'warm-up api 5/s');
  await measureSubmission(ctx, 'rawStart', 20, plan.warmupMs, 'warm-up raw start 20/s');
  await measureSubmission(ctx, 'rawUpdateWithStart', 20, plan.warmupMs / 2, 'warm-up raw update-with-start 20/s');

  if (runs('submission')) {
    for (const rate of plan.loads) {
      control.check();
      // Interleaved per load, so a noisy neighbour hits both sides alike.
      const apiResult = await measureSubmission(ctx, 'api', rate, plan.loadMs);
      const rawStart = await measureSubmission(ctx, 'rawStart', rate, plan.loadMs);
      const rawUpdateWithStart = await measureSubmission(ctx, 'rawUpdateWithStart', rate, plan.loadMs);
      result.submission.push({ offeredPerS: rate, api: apiResult, rawStart, rawUpdateWithStart });
    }
  }

  if (runs('transition')) {
    control.check();
    result.transition = await measureTransition(ctx, 10, plan.transitionMs);
  }

  if (runs('loop')) {
    for (const [missions, drivers] of plan.loops) {
      control.check();
      result.loops.push(await measureLoop(ctx, missions, drivers, plan.loopMs));
    }
  }

  if (runs('max')) {
    // The ramp overloads on purpose, so it runs after the steady measurements.
    const passedFixed = (system: 'api' | 'rawStart') =>
      result.submission
        .map((level) => level[system])
        .filter((measured) => passes(measured))
        .sort((a, b) => b.offeredPerS - a.offeredPerS)[0];
    const capacityShare = runs('capacity') ? CAPACITY_RESERVE_MS + (quick ? 30_000 : 240_000) : 30_000;
    const rampDeadline = performance.now() + Math.max(0, remainingMs() - capacityShare) / 2;
    result.ramp.api = await ramp(ctx, 'api', {
      passedFixed: passedFixed('api'),
      stepMs: plan.rampStepMs,
      maxSteps: plan.rampSteps,
      deadline: rampDeadline,
    });
    await sleep(3_000);
    const rawDeadline = performance.now() + Math.max(0, remainingMs() - capacityShare);
    result.ramp.rawStart = await ramp(ctx, 'rawStart', {
      passedFixed: passedFixed('rawStart'),
      stepMs: plan.rampStepMs,
      maxSteps: plan.rampSteps,
      deadline: rawDeadline,
    });
    // The peak completion rate counts the fixed loads too (an overloaded fixed load may complete more than a ramp step).
    for (const system of ['api', 'rawStart'] as const) {
      const measured = result.ramp[system];
      if (measured !== null)
        measured.peakAchievedPerS = Math.max(
          measured.peakAchievedPerS,
          ...result.submission.map((level) => level[system].achievedPerS),
        );
    }
    await sleep(3_000);
  }

  if (runs('capacity')) {
    control.check();
    result.machine.loadAverageBeforeCapacity = os.loadavg();
    await recordDatabaseBaseline(stack);
    const apiMax = result.ramp.api?.maxSustained?.achievedPerS ?? result.ramp.api?.peakAchievedPerS;
    // Fill at half of what the API sustains for submissions alone: each open request's ladder then adds three
    // escalations (a timer's workflow task running a local activity) within its first minute, which together cost
    // about half a submission, so the product runs near 75 % of what it sustains and the timer lag measures the
    // timers, not a backlog.
    const rate =
      explicitFillRate ?? plan.fillRate ?? Math.min(100, Math.max(2, Math.round((apiMax ?? 10) * 0.5 * 10) / 10));
    const fillMs = Math.max(10_000, remainingMs() - CAPACITY_RESERVE_MS);
    const target = explicitCapacity ?? Math.min(plan.capacity, Math.floor((rate * fillMs) / 1000));
    if (explicitCapacity === undefined && target < plan.capacity) {
      result.setup.notes.push(
        `capacity: ${plan.capacity.toLocaleString('en')} open requests do not fit the ${budgetMs / 60_000}-minute budget at ${rate}/s; holding ${target.toLocaleString('en')}`,
      );
      progress.line(result.setup.notes.at(-1)!);
    }
    result.capacity = await measureCapacity(ctx, {
      target,
      ratePerS: rate,
      maxInFlight: 64,
      workflowCacheSize: workflowCacheSize(),
      maxFillMs: explicitCapacity === undefined ? fillMs + 30_000 : (target / rate) * 1000 * 2,
    });
  }
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  if (error instanceof Aborted || control.aborted) {
    result.aborted = control.reason || String(error);
  } else {
    exitCode = 1;
    result.aborted = error instanceof Error ? (error.stack ?? error.message) : String(error);
    progress.line(`error: ${result.aborted}`);
  }
}
if (control.aborted && result.aborted === null) result.aborted = control.reason;
result.machine.loadAverageEnd = os.loadavg();
progress.line('stopping the API, the workers, the dev server and the database');
await stopEverything();
if (slowGrpcCalls.count > 0)
  result.setup.notes.push(
    `the dev server logged ${slowGrpcCalls.count} "Slow gRPC call" warnings (calls over 1 s, in overloaded steps)`,
  );
result.finishedAt = new Date().toISOString();
result.runSeconds = Math.round((performance.now() - started) / 1000);

const file =
  args.out ??
  path.join(
    repoRoot,
    'bench',
    'results',
    `${startedAt.toISOString().slice(0, 19).replace(/:/g, '-')}${quick ? '-quick' : ''}.json`,
  );
await mkdir(path.dirname(file), { recursive: true });
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(markdown(result));
progress.line(`results written to ${path.relative(process.cwd(), file)}; run took ${result.runSeconds} s`);
process.exit(exitCode || (result.aborted !== null ? 130 : 0));

/** The product worker's maxCachedWorkflows: from --worker-options, else its configuration (WORKER_MAX_CACHED_WORKFLOWS). */
function workflowCacheSize(): number {
  const configured = (JSON.parse(args['worker-options'] ?? '{}') as { maxCachedWorkflows?: unknown })
    .maxCachedWorkflows;
  if (typeof configured === 'number') return configured;
  return loadConfig({ ...process.env, ...workerEnv }, { verifiesTokens: false }).WORKER_MAX_CACHED_WORKFLOWS;
}

function gitCommit(): { sha: string; dirty: boolean } {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    return { sha, dirty: status.trim() !== '' };
  } catch {
    return { sha: 'unknown', dirty: false };
  }
}

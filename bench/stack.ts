/**
 * Everything the benchmark runs against, started fresh for one run and stopped at the end:
 * - PostgreSQL: the embedded one in a temp DATA_DIR on a free port (or DATABASE_URL when set), migrated and seeded;
 * - the Temporal dev server (SQLite file in the temp dir, free port, headless);
 * - the product as in production (`npm run api`, `npm run worker`): two child processes on their own task queue;
 * - the raw baseline's worker (bench/raw-worker.ts), a child process on another task queue;
 * - a raw SDK client in this process.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { provisionDatabase, type ProvisionedDatabase } from '../src/local/database.js';
import { freePort, memoryOf, startChild, waitForHttpOk, type Child } from '../src/local/processes/index.js';
import {
  DEFAULT_SQLITE_PRAGMAS,
  findTemporalCli,
  startDevServer,
  type DevServer,
} from '../src/local/temporal/index.js';
import { createPayloadCodec, dataConverterFor } from '../src/temporal/payload-codec.js';
import { memoryReporterUrl } from './memory-reporter.js';
import { progress } from './progress.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface StackOptions {
  /** Extra environment for the product's worker process (tuning experiments). */
  workerEnv?: Record<string, string>;
  apiEnv?: Record<string, string>;
  /** Run this entry point instead of src/main/worker.ts (a tuning variant). */
  workerEntry?: string;
  /** Run this entry point instead of src/main/api.ts (a tuning variant). */
  apiEntry?: string;
  sqlitePragmas?: Record<string, string>;
  /** Node options for the product worker's process instead of those of `npm run worker` (e.g. --cpu-prof while investigating). */
  workerNodeArgs?: string[];
}

export interface Stack {
  dataDir: string;
  runId: string;
  database: ProvisionedDatabase;
  /** A small pool for the benchmark's own queries (database size, escalations). */
  db: pg.Pool;
  devServer: DevServer;
  taskQueue: string;
  rawTaskQueue: string;
  apiUrl: string;
  api: Child;
  worker: Child;
  rawWorker: Child;
  rawClient: Client;
  /** `temporal --version` of the dev server's binary. */
  temporalVersion: string;
  /** Replaces the product worker with one started with `env` added (e.g. SLA_POLICY=demo). */
  restartWorker(env: Record<string, string>): Promise<void>;
  /** process.memoryUsage() of the API or worker, as last reported by bench/memory-reporter.ts. */
  reportedMemory(which: 'api' | 'worker'): Promise<NodeJS.MemoryUsage | null>;
  /** Heap used by the worker's other threads (Temporal's workflow thread: the cached workflows), in bytes. */
  workerThreadsHeapUsed(): Promise<number | null>;
  postmasterPid(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * The dev server's warnings go to the progress display, except "Slow gRPC call", which an overloaded step produces by
 * the hundred: those are counted and reported once at the end.
 */
export const slowGrpcCalls = { count: 0 };
const quietLog = {
  info: () => {},
  warn: (message: string) => {
    if (message.includes('Slow gRPC call')) slowGrpcCalls.count += 1;
    else progress.line(`warning: ${message}`);
  },
};

/** Starts everything; on failure stops what was started and rethrows. `cleanups` receives the stoppers as they come. */
export async function startStack(options: StackOptions, cleanups: Array<() => Promise<void>>): Promise<Stack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-bench-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const runId = randomUUID().slice(0, 8);
  const taskQueue = `bench-${runId}`;
  const rawTaskQueue = `bench-raw-${runId}`;

  progress.line(
    process.env.DATABASE_URL === undefined
      ? `starting the embedded PostgreSQL and the Temporal dev server in ${dataDir}`
      : 'using DATABASE_URL; starting the Temporal dev server',
  );
  const [pgPort, temporalPort, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const cliPath = await findTemporalCli({
    cliPath: process.env.TEMPORAL_CLI_PATH,
    log: { info: (m) => progress.line(m), warn: quietLog.warn },
  });
  const temporalVersion = cliPath === undefined ? 'downloaded by the SDK' : await versionOf(cliPath);
  const [database, devServer] = await Promise.all([
    provisionDatabase(
      { DATABASE_URL: process.env.DATABASE_URL, dataDir, EMBEDDED_PG_PORT: pgPort },
      { onNotice: (message) => progress.line(message) },
    ).then((db) => {
      cleanups.push(() => db.stop());
      return db;
    }),
    startDevServer({
      dataDir,
      port: temporalPort,
      namespace: 'default',
      cliPath,
      log: quietLog,
      sqlitePragmas: options.sqlitePragmas ?? DEFAULT_SQLITE_PRAGMAS,
    }).then((server) => {
      cleanups.push(() => server.stop());
      return server;
    }),
  ]);
  const db = new pg.Pool({ connectionString: database.url, max: 2 });
  // An idle client loses its connection when the database stops first (Ctrl-C reaches PostgreSQL too): not fatal.
  db.on('error', () => {});
  cleanups.push(() => db.end());

  // The product's processes get a clean environment: no inherited TEMPORAL_* or DATABASE_URL surprises.
  const baseEnv: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('TEMPORAL_') && key !== 'DATABASE_URL' && key !== 'SLA_POLICY' && !key.startsWith('BENCH_'))
      baseEnv[key] = value;
  }
  // The raw baseline encrypts its payloads as the product does, so the gap between them is the product's own work.
  const payloadKeys = `bench-${runId}:${randomBytes(32).toString('base64')}`;
  const productEnv: NodeJS.ProcessEnv = {
    ...baseEnv,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: devServer.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    DEV_JWT_SECRET: randomBytes(32).toString('hex'),
    // The benchmark signs in through the development issuer, and drives the API as a handful of users.
    AUTH_DEV_ISSUER: 'unsafe-enabled',
    PAYLOAD_KEYS: payloadKeys,
    RATE_LIMIT_PER_CALLER: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    SLA_POLICY: 'default',
  };
  const memoryFile = (which: string) => path.join(dataDir, `${which}.memory.json`);
  const preload = ['--import', 'tsx', '--import', memoryReporterUrl];
  const workerEntry = options.workerEntry ?? path.join(repoRoot, 'src', 'main', 'worker.ts');
  let workerGeneration = 0;
  const workerNodeFlags = options.workerNodeArgs ?? (await npmWorkerNodeFlags());
  /** A Node.js child whose output goes to `<name>.log` in the run's data directory. */
  const startNode = async (name: string, args: string[], env: NodeJS.ProcessEnv) => {
    const child = await startChild({
      name,
      command: process.execPath,
      args,
      env,
      cwd: repoRoot,
      logFile: path.join(dataDir, `${name}.log`),
    });
    cleanups.push(() => child.stop());
    return child;
  };
  const startWorker = (env: Record<string, string>) => {
    workerGeneration += 1;
    return startNode(`worker-${workerGeneration}`, [...workerNodeFlags, ...preload, workerEntry], {
      ...productEnv,
      ...options.workerEnv,
      ...env,
      BENCH_MEMORY_FILE: memoryFile('worker'),
    });
  };

  progress.line('starting the API, the product worker and the raw worker (each bundles or compiles its code)');
  const api = await startNode('api', [...preload, options.apiEntry ?? path.join(repoRoot, 'src', 'main', 'api.ts')], {
    ...productEnv,
    ...options.apiEnv,
    BENCH_MEMORY_FILE: memoryFile('api'),
  });
  let worker = await startWorker({});
  const rawWorker = await startNode('raw-worker', ['--import', 'tsx', path.join(repoRoot, 'bench', 'raw-worker.ts')], {
    ...baseEnv,
    TEMPORAL_ADDRESS: devServer.address,
    TEMPORAL_NAMESPACE: 'default',
    BENCH_RAW_TASK_QUEUE: rawTaskQueue,
    PAYLOAD_KEYS: payloadKeys,
  });

  const rawConnection = await Connection.connect({ address: devServer.address });
  cleanups.push(() => rawConnection.close());
  const rawClient = new Client({
    connection: rawConnection,
    namespace: 'default',
    dataConverter: dataConverterFor(
      createPayloadCodec(loadConfig({ PAYLOAD_KEYS: payloadKeys }, { verifiesTokens: false }).PAYLOAD_KEYS ?? []),
    ),
  });

  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await Promise.all([
    waitForHttpOk(`${apiUrl}/healthz`, { timeoutMs: 180_000, child: api }),
    worker.waitForOutput(/worker polling task queue/, 180_000),
    rawWorker.waitForOutput(/raw worker ready/, 180_000),
  ]);

  return {
    dataDir,
    runId,
    database,
    db,
    devServer,
    taskQueue,
    rawTaskQueue,
    apiUrl,
    api,
    get worker() {
      return worker;
    },
    rawWorker,
    rawClient,
    temporalVersion,
    async restartWorker(env) {
      await worker.stop();
      worker = await startWorker(env);
      await worker.waitForOutput(/worker polling task queue/, 180_000);
    },
    async reportedMemory(which) {
      try {
        return JSON.parse(await readFile(memoryFile(which), 'utf8')) as NodeJS.MemoryUsage;
      } catch {
        return null;
      }
    },
    async workerThreadsHeapUsed() {
      const prefix = `worker.memory.json.thread-`;
      const files = (await readdir(dataDir)).filter((name) => name.startsWith(prefix) && !name.endsWith('.tmp'));
      let total: number | null = null;
      for (const name of files) {
        try {
          const usage = JSON.parse(await readFile(path.join(dataDir, name), 'utf8')) as NodeJS.MemoryUsage & {
            pid: number;
          };
          if (usage.pid === worker.pid) total = (total ?? 0) + usage.heapUsed;
        } catch {
          // being replaced
        }
      }
      return total;
    },
    async postmasterPid() {
      if (!database.embedded) return undefined;
      try {
        const first = (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0];
        const pid = Number(first);
        return Number.isInteger(pid) && memoryOf(pid) !== null ? pid : undefined;
      } catch {
        return undefined;
      }
    },
    async stop() {
      // Reverse order of start: clients and children first, the dev server and the database last.
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          await cleanup();
        } catch (error) {
          progress.line(`warning: while stopping: ${String(error)}`);
        }
      }
    },
  };
}

async function versionOf(cliPath: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(cliPath, ['--version']);
    return stdout.trim();
  } catch {
    return 'unknown version';
  }
}

/** The Node flags `npm run worker` runs the worker with (package.json), so the benchmark runs it the same way. */
async function npmWorkerNodeFlags(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: { worker: string };
  };
  return manifest.scripts.worker.split(/\s+/).filter((token) => token.startsWith('--') && token !== '--import');
}

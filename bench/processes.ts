/**
 * Child processes of the benchmark (the product's API and worker, the raw worker) and /proc readings (RSS, CPU)
 * of every process it measures. Children run in their own process group, with the kernel's parent-death signal
 * (setpriv) where available, so nothing outlives the benchmark; output goes to a log file in the run's temp dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface Child {
  name: string;
  pid: number;
  logFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  /** The last lines of its log. */
  tail(lines?: number): string;
  waitForLog(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** SIGTERM, then SIGKILL to its process group after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const children = new Set<Child>();

function findSetpriv(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir !== '' && existsSync(path.join(dir, 'setpriv'))) return path.join(dir, 'setpriv');
  }
  return undefined;
}
const setpriv = findSetpriv();

export function spawnChild(options: {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logDir: string;
}): Child {
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const fd = openSync(logFile, 'a');
  const command = setpriv ?? process.execPath;
  const args = setpriv ? ['--pdeathsig', 'TERM', '--', process.execPath, ...options.args] : options.args;
  let child: ChildProcess;
  try {
    child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) throw new Error(`could not start ${options.name}`);
  const pid = child.pid;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve((exit = { code, signal })));
    child.once('error', () => resolve((exit ??= { code: null, signal: null })));
  });
  const tail = (lines = 30) => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  let stopping: Promise<void> | undefined;
  const handle: Child = {
    name: options.name,
    pid,
    logFile,
    exited,
    isRunning: () => exit === undefined,
    tail,
    async waitForLog(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (pattern.test(tail(200))) return;
        if (exit !== undefined)
          throw new Error(`${options.name} exited (${exit.code ?? exit.signal}) while starting:\n${tail()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`${options.name} did not print ${pattern} within ${timeoutMs} ms:\n${tail()}`);
    },
    stop(graceMs = 15_000) {
      stopping ??= (async () => {
        if (exit === undefined) signalGroup(pid, 'SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          exited.then(() => false),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
        ]);
        clearTimeout(timer);
        // The group too: anything the child started and left behind.
        signalGroup(pid, 'SIGKILL');
        if (timedOut) await exited;
        children.delete(handle);
      })();
      return stopping;
    },
  };
  children.add(handle);
  return handle;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone already
  }
}

/** Last resort on a hard exit: kill what is still running. */
export function killAllChildrenNow(): void {
  for (const child of children) signalGroup(child.pid, 'SIGKILL');
}

// ---------------------------------------------------------------------------------------------------------------
// /proc readings (Linux; null elsewhere)

/** Resident set size and its peak, in bytes. */
export function memoryOf(pid: number | undefined): { rss: number; peak: number } | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

const CLOCK_TICKS_PER_S = 100;

/** CPU seconds used so far by the process (user + system, plus reaped children). */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11..14] = utime, stime, cutime, cstime (fields 14-17 of proc(5), counted from state = 3)
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    return ticks / CLOCK_TICKS_PER_S;
  } catch {
    return null;
  }
}

/** The process and all its descendants (e.g. the PostgreSQL postmaster and its backends). */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(entry));
      parents.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const result = [root];
  for (let i = 0; i < result.length; i++) result.push(...(parents.get(result[i]!) ?? []));
  return result;
}

/** CPU seconds of a whole process tree (live members; reaped ones count in their parent's cutime). */
export function treeCpuSeconds(root: number | undefined): number | null {
  if (root === undefined) return null;
  let total = 0;
  for (const pid of processTree(root)) total += cpuSecondsOf(pid) ?? 0;
  return total;
}

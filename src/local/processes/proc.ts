/**
 * Other processes, read from Linux's /proc: who is running (to find a server left over from a killed run), a process
 * tree, and the memory and CPU time of a process. Where /proc is missing the readers answer "unknown" (undefined,
 * null or an empty list) rather than fail.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';

export const canInspectProcesses = existsSync('/proc/self/stat');

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process group id. */
  pgid: number;
  /** One letter of proc(5): R running, S sleeping, Z zombie, … */
  state: string;
  argv: string[];
}

interface Stat {
  state: string;
  ppid: number;
  pgid: number;
  /** utime, stime, cutime, cstime in clock ticks. */
  cpuTicks: number;
}

function readStat(pid: number): Stat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp …": comm may contain spaces and parentheses. Counted from state (field 3 of proc(5)),
  // utime..cstime (fields 14-17) are at 11..14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuTicks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  return { state: fields[0] ?? '', ppid: Number(fields[1]), pgid: Number(fields[2]), cpuTicks };
}

/** One process, or undefined when it does not exist (or cannot be read). Zombies included. */
export function readProcess(pid: number): ProcessInfo | undefined {
  const stat = readStat(pid);
  if (stat === undefined) return undefined;
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((arg) => arg !== '');
  } catch {
    return undefined;
  }
  return { pid, ppid: stat.ppid, pgid: stat.pgid, state: stat.state, argv };
}

function pids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number);
  } catch {
    return [];
  }
}

/** Every live (not zombie) process this user may read, except this one. */
export function listProcesses(): ProcessInfo[] {
  return pids().flatMap((pid) => {
    if (pid === process.pid) return [];
    const info = readProcess(pid);
    return info === undefined || info.state === 'Z' || info.state === 'X' ? [] : [info];
  });
}

/** True for a running process; false for none, or a zombie (dead, not yet reaped by its parent). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return readStat(pid)?.state !== 'Z';
}

/** The process and all its descendants (e.g. the PostgreSQL postmaster and its backends). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of pids()) {
    const ppid = readStat(pid)?.ppid;
    if (ppid === undefined) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

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

/** CPU seconds used so far by the process (user + system, plus its reaped children). */
export function cpuSecondsOf(pid: number | undefined): number | null {
  const stat = pid === undefined ? undefined : readStat(pid);
  return stat === undefined ? null : stat.cpuTicks / CLOCK_TICKS_PER_S;
}

/** CPU seconds of a whole process tree (live members; reaped ones count in their parent's). */
export function treeCpuSeconds(root: number | undefined): number | null {
  if (root === undefined) return null;
  return processTree(root).reduce((total, pid) => total + (cpuSecondsOf(pid) ?? 0), 0);
}

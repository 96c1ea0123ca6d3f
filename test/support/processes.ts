/**
 * What the end-to-end tests need beyond the process toolkit (src/local/processes): make sure nothing a test started
 * outlives it, and describe what was left behind.
 */
import {
  isPortFree,
  listProcesses,
  stopChildren,
  waitUntil,
  type ProcessInfo,
} from '../../src/local/processes/index.js';

/**
 * Stops every child started through the toolkit, then whatever still runs with one of `paths` on its command line
 * (e.g. an orphaned PostgreSQL or Temporal server of a test's data directory): SIGTERM, SIGKILL after `graceMs`.
 */
export async function cleanupProcesses(options: { paths?: string[]; graceMs?: number } = {}): Promise<void> {
  const graceMs = options.graceMs ?? 10_000;
  await stopChildren(graceMs);
  const paths = options.paths ?? [];
  const strays = () => processesMatching((argv) => argv.some((arg) => paths.some((p) => arg.includes(p))));
  if (paths.length === 0 || strays().length === 0) return;
  for (const { pid } of strays()) signal(pid, 'SIGTERM');
  if (!(await waitUntil(() => strays().length === 0, graceMs, 100))) {
    for (const { pid } of strays()) signal(pid, 'SIGKILL');
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone meanwhile
  }
}

export function processGroupMembers(pgid: number): number[] {
  return listProcesses()
    .filter((info) => info.pgid === pgid)
    .map((info) => info.pid);
}

export function processesMatching(match: (argv: string[]) => boolean): ProcessInfo[] {
  return listProcesses().filter((info) => match(info.argv));
}

export function describeProcesses(infos: ProcessInfo[]): string {
  return infos
    .map((info) => `  ${info.pid} (ppid ${info.ppid}, pgid ${info.pgid}): ${info.argv.join(' ').slice(0, 200)}`)
    .join('\n');
}

export async function busyPorts(ports: number[]): Promise<number[]> {
  const free = await Promise.all(ports.map((port) => isPortFree(port)));
  return ports.filter((_, index) => !free[index]);
}

/** With ECHO_CHILD_OUTPUT set, a child's output is copied to stderr, prefixed by its name (for debugging a test). */
export function echoChildOutput(name: string): ((line: string) => void) | undefined {
  return process.env.ECHO_CHILD_OUTPUT === undefined
    ? undefined
    : (line) => process.stderr.write(`[${name}] ${line}\n`);
}

/**
 * The process toolkit of everything that runs OneTeam locally: the Temporal dev server, the embedded PostgreSQL,
 * the tests' child processes and the benchmark's.
 *
 * - {@link startChild}: a child in its own process group that dies with this process (kernel parent-death signal),
 *   with its output kept for error messages; `stop()` ends its whole group. {@link stopChildren} and
 *   {@link killChildrenNow} reach every child still running.
 * - /proc: {@link listProcesses}, {@link readProcess}, {@link isAlive}, {@link processTree}, {@link memoryOf},
 *   {@link cpuSecondsOf}, {@link treeCpuSeconds}.
 * - Ports: {@link freePort}, {@link isPortFree}, {@link canConnect}.
 * - Waiting: {@link sleep}, {@link waitUntil}, {@link waitForHttpOk}.
 * - Programs: {@link findOnPath}, {@link isExecutableFile}; {@link findGoTool} finds or builds a Go-built one.
 */
export {
  ChildStartError,
  killChildrenNow,
  startChild,
  stopChildren,
  type Child,
  type ExitInfo,
  type StartChildOptions,
} from './children.js';
export { findOnPath, isExecutableFile } from './executables.js';
export { findGoTool, type FindGoToolOptions, type GoTool, type GoToolLogger } from './go-tools.js';
export { canConnect, freePort, isPortFree } from './ports.js';
export {
  canInspectProcesses,
  cpuSecondsOf,
  isAlive,
  listProcesses,
  memoryOf,
  processTree,
  readProcess,
  treeCpuSeconds,
  type ProcessInfo,
} from './proc.js';
export { sleep, waitForHttpOk, waitUntil } from './wait.js';

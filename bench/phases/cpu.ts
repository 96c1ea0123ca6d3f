/** CPU accounting per phase: where the time went (API, worker, Temporal, PostgreSQL, the benchmark itself). */
import { performance } from 'node:perf_hooks';
import { cpuSecondsOf, treeCpuSeconds } from '../../src/local/processes/index.js';
import type { OpenLoopResult } from '../load.js';
import type { Stack } from '../stack.js';

export interface CpuSnapshot {
  at: number;
  api: number | null;
  worker: number | null;
  rawWorker: number | null;
  temporal: number | null;
  postgres: number | null;
  bench: number;
}

export async function cpuSnapshot(stack: Stack): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    api: cpuSecondsOf(stack.api.pid),
    worker: cpuSecondsOf(stack.worker.pid),
    rawWorker: cpuSecondsOf(stack.rawWorker.pid),
    temporal: cpuSecondsOf(stack.devServer.pid),
    postgres: treeCpuSeconds(await stack.postmasterPid()),
    bench: (usage.user + usage.system) / 1e6,
  };
}

/** Cores used on average by each process between two snapshots (1.0 = one core busy). */
export function coresUsed(before: CpuSnapshot, after: CpuSnapshot): Record<string, number | null> {
  const seconds = (after.at - before.at) / 1000;
  const result: Record<string, number | null> = {};
  for (const key of CPU_KEYS) {
    const a = before[key];
    const b = after[key];
    result[key] = a === null || b === null || seconds <= 0 ? null : Math.round(((b - a) / seconds) * 100) / 100;
  }
  return result;
}

const CPU_KEYS = ['api', 'worker', 'rawWorker', 'temporal', 'postgres', 'bench'] as const;

/** CPU milliseconds each process spent per successful operation between two snapshots. */
export function cpuMsPerOp(before: CpuSnapshot, after: CpuSnapshot, operations: number): Record<string, number | null> {
  const result: Record<string, number | null> = {};
  for (const key of CPU_KEYS) {
    const a = before[key];
    const b = after[key];
    result[key] =
      a === null || b === null || operations <= 0 ? null : Math.round(((b - a) * 1000 * 10) / operations) / 10;
  }
  return result;
}

export interface CpuAccounting {
  /** Cores busy on average during the measurement. */
  cores: Record<string, number | null>;
  /** CPU ms per successful operation, by process. */
  cpuMsPerOp: Record<string, number | null>;
}

export async function withCpu<T extends { ok: number }>(
  stack: Stack,
  run: () => Promise<T>,
): Promise<T & CpuAccounting> {
  const before = await cpuSnapshot(stack);
  const result = await run();
  const after = await cpuSnapshot(stack);
  return { ...result, cores: coresUsed(before, after), cpuMsPerOp: cpuMsPerOp(before, after, result.ok) };
}

export type Measured = OpenLoopResult & CpuAccounting;

/** Phase "max": the highest submission rate each side sustains, by an open-loop ramp. */
import { performance } from 'node:perf_hooks';
import { control } from '../control.js';
import type { OpenLoopResult } from '../load.js';
import type { Context } from './context.js';
import type { Measured } from './cpu.js';
import { measureSubmission, type SubmissionSystem } from './submission.js';

export interface RampStep extends Measured {
  passed: boolean;
}

export interface RampResult {
  system: SubmissionSystem;
  steps: RampStep[];
  /** The highest offered load that met the criteria (errors ≤ 1 %, achieved ≥ 95 % of offered, p99 ≤ 1 s), fixed loads included. */
  maxSustained: RampStep | null;
  /** The highest completion rate seen in any step or fixed load. */
  peakAchievedPerS: number;
}

export const RAMP_CRITERIA = { maxErrorRate: 0.01, minAchievedFraction: 0.95, maxP99Ms: 1_000 };

export function passes(result: OpenLoopResult): boolean {
  return (
    result.errorRate <= RAMP_CRITERIA.maxErrorRate &&
    result.achievedPerS >= RAMP_CRITERIA.minAchievedFraction * result.offeredPerS &&
    (result.latencyMs.p99 ?? Infinity) <= RAMP_CRITERIA.maxP99Ms
  );
}

/**
 * Open-loop ramp: ×1.5 per step from 1.5× the highest fixed load that passed (5/s when none did) until a step fails
 * the criteria (bounded by `maxSteps` and by the deadline), then one step halfway between the last pass (a fixed
 * load counts) and the first failure.
 */
export async function ramp(
  ctx: Context,
  system: SubmissionSystem,
  options: {
    /** The highest fixed load that passed, if any: the ramp starts at 1.5× it and counts it as a passing step. */
    passedFixed?: Measured;
    stepMs: number;
    maxSteps: number;
    deadline: number;
  },
): Promise<RampResult> {
  const steps: RampStep[] = [];
  let rate = options.passedFixed === undefined ? 5 : Math.round(options.passedFixed.offeredPerS * 1.5);
  let lastPass = options.passedFixed?.offeredPerS;
  let firstFail: number | undefined;
  for (let i = 0; i < options.maxSteps && performance.now() < options.deadline && !control.aborted; i++) {
    const result = await measureSubmission(ctx, system, rate, options.stepMs, `max ${system} ${rate}/s`);
    const passed = passes(result);
    steps.push({ ...result, passed });
    if (!passed) {
      firstFail = rate;
      break;
    }
    lastPass = rate;
    rate = Math.round(rate * 1.5);
  }
  if (
    firstFail !== undefined &&
    lastPass !== undefined &&
    firstFail / lastPass >= 1.2 &&
    performance.now() < options.deadline &&
    !control.aborted
  ) {
    const middle = Math.round((firstFail + lastPass) / 2);
    const result = await measureSubmission(ctx, system, middle, options.stepMs, `max ${system} ${middle}/s`);
    steps.push({ ...result, passed: passes(result) });
  }
  const candidates = options.passedFixed === undefined ? steps : [{ ...options.passedFixed, passed: true }, ...steps];
  const passing = candidates.filter((step) => step.passed).sort((a, b) => b.offeredPerS - a.offeredPerS);
  return {
    system,
    steps,
    maxSustained: passing[0] ?? null,
    peakAchievedPerS: Math.max(0, ...steps.map((step) => step.achievedPerS)),
  };
}

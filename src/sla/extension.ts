import {
  CalendarCoverageError,
  addBusinessDuration,
  businessTimeBetween,
  type CalendarDefinition,
} from '../calendar/index.js';
import { checkLaterDeadline } from './clock.js';
import { planLevels, type ClockProgress } from './plan.js';
import type { SlaPolicy } from './policy.js';

/** What an extension reads of a clock: where it stands now. */
export interface ExtendableClock extends ClockProgress {
  /** The current due time. */
  dueAt: Date;
}

/** The progress of a stored clock (the database keeps milliseconds as bigint). */
export function progressOf(row: {
  targetMs: bigint | number;
  consumedMs: bigint | number;
  segmentStartedAt: Date | null;
}): ClockProgress {
  return { targetMs: Number(row.targetMs), consumedMs: Number(row.consumedMs), segmentStartedAt: row.segmentStartedAt };
}

/** Business time a clock has used by `at`: earlier segments plus the running one. */
export function consumedBy(calendar: CalendarDefinition, clock: ClockProgress, at: Date): number {
  if (clock.segmentStartedAt === null) return clock.consumedMs;
  return clock.consumedMs + businessTimeBetween(calendar, clock.segmentStartedAt, at);
}

/**
 * The clock's progress once extended at `now` to `until`: what it has used so far is kept, and the
 * target grows so that it falls due at `until` (a paused clock stays paused).
 */
export function extendedProgress(
  calendar: CalendarDefinition,
  clock: ClockProgress,
  until: Date,
  now: Date,
): ClockProgress {
  const consumedMs = consumedBy(calendar, clock, now);
  return {
    consumedMs,
    targetMs: consumedMs + businessTimeBetween(calendar, now, until),
    segmentStartedAt: clock.segmentStartedAt === null ? null : now,
  };
}

/**
 * Why a coordinator may not extend `clock` to `until`, or undefined: an extension moves the deadline later
 * (never earlier: a shorter deadline would push the stage into breach), at most the policy's
 * `maxExtension` past the current due time, and only as far as the calendar can plan the whole ladder
 * (level 3 comes after the new due time). Checked by the API before the change reaches the workflow, and
 * by the activity that applies it.
 */
export function checkExtensionTarget(
  calendar: CalendarDefinition,
  clock: ExtendableClock,
  until: Date,
  now: Date,
  policy: Pick<SlaPolicy, 'thresholds' | 'maxExtension'>,
): string | undefined {
  const later = checkLaterDeadline(until.getTime(), clock.dueAt.toISOString());
  if (later !== undefined) return later;
  try {
    const cap = addBusinessDuration(calendar, clock.dueAt, policy.maxExtension);
    if (until.getTime() > cap.getTime()) {
      return `an extension may move the deadline by ${policy.maxExtension} of working time at most (to ${cap.toISOString()})`;
    }
    planLevels(calendar, extendedProgress(calendar, clock, until, now), policy);
  } catch (error) {
    if (error instanceof CalendarCoverageError) return `the new deadline is beyond the calendar: ${error.message}`;
    throw error;
  }
  return undefined;
}

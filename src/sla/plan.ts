import { addBusinessMilliseconds, type CalendarDefinition } from '../calendar/index.js';
import type { EscalationLevel } from '../domain/vocabulary.js';
import type { ClockPlan } from './clock.js';
import type { SlaPolicy } from './policy.js';

export interface ClockProgress {
  /** Business milliseconds the stage may take. */
  targetMs: number;
  /** Business milliseconds used by earlier running segments. */
  consumedMs: number;
  /** Start of the running segment; null while paused. */
  segmentStartedAt: Date | null;
}

const ladder: Array<[EscalationLevel, keyof SlaPolicy['thresholds']]> = [
  [1, 'atRisk'],
  [2, 'breached'],
  [3, 'level3'],
];

/**
 * When each level falls due: the instant at which the clock's business time reaches the level's share
 * of the target, counting from the running segment with what earlier segments used. Level 2 is the due
 * time. A paused clock has no upcoming levels.
 */
export function planLevels(
  calendar: CalendarDefinition,
  progress: ClockProgress,
  policy: Pick<SlaPolicy, 'thresholds'>,
): Array<{ level: EscalationLevel; at: Date }> {
  const { segmentStartedAt } = progress;
  if (segmentStartedAt === null) return [];
  return ladder.map(([level, key]) => {
    const remaining = Math.max(0, Math.round(policy.thresholds[key] * progress.targetMs) - progress.consumedMs);
    return { level, at: addBusinessMilliseconds(calendar, segmentStartedAt, remaining) };
  });
}

export function toPlan(
  levels: Array<{ level: EscalationLevel; at: Date }>,
  dueAt: Date,
  onBreach: string | null,
): ClockPlan {
  return {
    dueAt: dueAt.toISOString(),
    thresholds: levels.map(({ level, at }) => ({ level, at: at.toISOString() })),
    onBreach: onBreach === 'auto_close' ? 'auto_close' : null,
  };
}

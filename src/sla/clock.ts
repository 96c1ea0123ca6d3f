/**
 * What an SLA clock is and the rules on it. Pure (no I/O, no calendars, no zod): the one module of
 * src/sla that workflow code imports; everything else takes src/sla/index.ts.
 */
import {
  slaStates,
  type EscalationLevel,
  type Priority,
  type SlaState,
  type Stage,
  type TimelineEventType,
} from '../domain/vocabulary.js';

/** Who hears of each level: 1 the holder, 2 the supervisor, 3 the director. The clock's state at each: */
export const stateAtLevel: Record<EscalationLevel, SlaState> = { 1: 'at_risk', 2: 'breached', 3: 'breached' };
/** The timeline entry of each level. */
export const escalationEventType: Record<EscalationLevel, TimelineEventType> = {
  1: 'sla_at_risk',
  2: 'sla_breached',
  3: 'sla_escalated_level3',
};

export interface ClockSpec {
  /** Unique per clock: `<workflowId>:<stage>:<n>`. */
  clockId: string;
  requestId: string;
  taskId?: string;
  stage: Stage;
  /** Agency holding the work. */
  holder: string;
  /** The leg's own calendar; the policy may override it (the demo policy runs 24x7). */
  calendar: string;
  priority: Priority;
  category: string;
}

/** When each level of a running clock falls due; the workflow sleeps until the next one. */
export interface ClockPlan {
  dueAt: string;
  /** Instants of levels 1–3, ISO; a paused clock has none. */
  thresholds: Array<{ level: EscalationLevel; at: string }>;
  onBreach: 'auto_close' | null;
}

/**
 * Why an extension is refused, or undefined: once per clock, a running clock, a deadline later than the
 * current one (a shorter deadline would push the stage into breach). The API also checks the policy's cap
 * and the calendar's years (src/sla/extension.ts), which need data a workflow does not hold.
 */
export function checkExtension(
  clock: { stage: Stage; stopped: boolean; extended: boolean; dueAt: string } | undefined,
  until: string,
  now: number,
): string | undefined {
  if (clock === undefined || clock.stopped) return 'no such clock is running on this request';
  if (clock.extended) return `the ${clock.stage} deadline has already been extended once`;
  const instant = Date.parse(until);
  if (Number.isNaN(instant) || instant <= now) return 'the new deadline must be in the future';
  return checkLaterDeadline(instant, clock.dueAt);
}

/** An extension moves a deadline later, never earlier. */
export function checkLaterDeadline(until: number, dueAt: string): string | undefined {
  return until > Date.parse(dueAt) ? undefined : `the new deadline must be later than the current one (${dueAt})`;
}

/** The worst of several clock states, in the order of {@link slaStates}; on track when there are none. */
export function worstState(states: Iterable<SlaState>): SlaState {
  let worst: SlaState | undefined;
  for (const state of states) {
    if (worst === undefined || slaStates.indexOf(state) > slaStates.indexOf(worst)) worst = state;
  }
  return worst ?? 'on_track';
}

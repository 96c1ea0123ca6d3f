/**
 * What an SLA clock is and the rules on it. Pure (no I/O, no calendars, no zod): the one module of
 * src/sla that workflow code imports; everything else takes src/sla/index.ts.
 */
import type { Priority } from '../domain/model.js';

/** Stages with an SLA clock; which agency holds each is fixed by the loop. */
export const stages = ['triage', 'clarification', 'acceptance', 'response', 'review'] as const;
export type Stage = (typeof stages)[number];

export const clockStates = ['on_track', 'at_risk', 'breached', 'paused'] as const;
export type ClockState = (typeof clockStates)[number];

/** The ladder: 1 = at risk (notify the holder), 2 = breached (supervisor), 3 = 150 % (director). */
export type EscalationLevel = 1 | 2 | 3;
export const stateAtLevel: Record<EscalationLevel, ClockState> = { 1: 'at_risk', 2: 'breached', 3: 'breached' };

/** The Korean calendar: MOFA and every province. Missions have a calendar named by their code. */
export const KOREAN_CALENDAR = 'KR';

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

/** Why an extension is refused, or undefined: once per clock, a running clock, a time in the future. */
export function checkExtension(
  clock: { stage: Stage; stopped: boolean; extended: boolean } | undefined,
  until: string,
  now: number,
): string | undefined {
  if (clock === undefined || clock.stopped) return 'no such clock is running on this request';
  if (clock.extended) return `the ${clock.stage} deadline has already been extended once`;
  const instant = Date.parse(until);
  if (Number.isNaN(instant) || instant <= now) return 'the new deadline must be in the future';
  return undefined;
}

const severity: ClockState[] = ['paused', 'on_track', 'at_risk', 'breached'];

/** The worst of several clock states (breached > at risk > on track > paused). */
export function worstState(states: Iterable<ClockState>): ClockState {
  let worst: ClockState = 'on_track';
  let seen = false;
  for (const state of states) {
    if (!seen || severity.indexOf(state) > severity.indexOf(worst)) worst = state;
    seen = true;
  }
  return worst;
}

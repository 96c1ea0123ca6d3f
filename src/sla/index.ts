/**
 * SLA clocks: what a clock is (stages, states, the escalation ladder, extensions), the policies that
 * set their targets, and the planning of each level's instant on a business calendar.
 *
 * Workflow code imports ./clock.js instead: this index also reaches calendars and zod, which do not
 * belong in the workflow sandbox.
 */
export {
  clockStates,
  stages,
  stateAtLevel,
  worstState,
  type ClockPlan,
  type ClockSpec,
  type ClockState,
  type EscalationLevel,
  type Stage,
} from './clock.js';
export { planLevels, toPlan } from './plan.js';
export { businessDurationSchema, slaPolicySchema, targetFor, type SlaPolicy } from './policy.js';

/**
 * SLA clocks: what a clock is (its spec and plan, the escalation ladder, extensions, the worst state), the policies that
 * set their targets, and the planning of each level's instant on a business calendar.
 *
 * Workflow code imports ./clock.js instead: this index also reaches calendars and zod, which do not
 * belong in the workflow sandbox.
 */
export {
  checkExtension,
  escalationEventType,
  stateAtLevel,
  worstState,
  type ClockPlan,
  type ClockSpec,
} from './clock.js';
export { checkExtensionTarget, consumedBy, extendedProgress, progressOf } from './extension.js';
export { planLevels, toPlan } from './plan.js';
export { businessDurationSchema, slaPolicySchema, targetFor, type SlaPolicy } from './policy.js';

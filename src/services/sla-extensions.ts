import type { SlaClockRepository } from '../repositories/sla-clocks.js';
import type { SlaPolicyRepository } from '../repositories/sla-policies.js';
import { checkExtensionTarget, progressOf } from '../sla/index.js';
import type { CalendarService } from './calendars.js';

export interface SlaExtensionDependencies {
  clocks: SlaClockRepository;
  policies: SlaPolicyRepository;
  calendars: CalendarService;
  /** Name of the active policy (SLA_POLICY), the one the worker's clocks run on. */
  policyName: string;
}

/**
 * The extension rules that need data a workflow does not hold (the policy's cap, the calendar's years), checked
 * by the API before an extension is sent to the workflow, so that a refused one never enters history.
 */
export function createSlaExtensionRules({ clocks, policies, calendars, policyName }: SlaExtensionDependencies) {
  return {
    /** Why the clock may not be moved to `until` at `now`, or undefined (the workflow then checks the rest). */
    async refusal(clockId: string, until: Date, now: Date): Promise<string | undefined> {
      const clock = await clocks.find(clockId);
      if (clock === null) return undefined;
      const policy = await policies.find(policyName);
      if (policy === undefined) throw new Error(`SLA policy '${policyName}' is not in the database (SLA_POLICY)`);
      const calendar = await calendars.get(clock.calendar);
      return checkExtensionTarget(calendar, { ...progressOf(clock), dueAt: clock.dueAt }, until, now, policy);
    },
  };
}

export type SlaExtensionRules = ReturnType<typeof createSlaExtensionRules>;

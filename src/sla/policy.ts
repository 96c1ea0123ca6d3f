import { z } from 'zod';
import { priorities, stages, type Priority, type Stage } from '../domain/vocabulary.js';

const fraction = z.number().positive().max(10);

/** ISO 8601 business duration: `P<n>D` whole working days, `PT<n>H/M/S` working time. */
export const businessDurationSchema = z
  .string()
  .regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'an ISO 8601 duration such as P2D or PT4H');

export const policyTargetSchema = z.object({
  stage: z.enum(stages),
  priority: z.enum(priorities).optional(),
  category: z.string().optional(),
  target: businessDurationSchema,
  onBreach: z.literal('auto_close').optional(),
});

/** An SLA policy as stored (and as shipped in src/db/seed-data/sla-policy.*.json). */
export const slaPolicySchema = z.object({
  name: z.string().min(1),
  /** One calendar for every leg (the demo policy's 24x7); absent: each leg runs on its own calendar. */
  calendar: z.string().nullish(),
  thresholds: z.object({ atRisk: fraction, breached: fraction, level3: fraction }),
  targets: z.array(policyTargetSchema).min(1),
  /** How far past a stage's current due time a coordinator's extension may move it, on the clock's calendar. */
  maxExtension: businessDurationSchema,
});

export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export type PolicyTarget = z.infer<typeof policyTargetSchema>;

/**
 * The most specific target for a stage: stage + priority + category, then stage + priority, then
 * stage + category, then the stage alone. A policy without any target for the stage is a data error.
 */
export function targetFor(policy: SlaPolicy, stage: Stage, priority: Priority, category: string): PolicyTarget {
  const candidates = policy.targets.filter(
    (target) =>
      target.stage === stage &&
      (target.priority === undefined || target.priority === priority) &&
      (target.category === undefined || target.category === category),
  );
  const specificity = (target: PolicyTarget) =>
    (target.priority === undefined ? 0 : 2) + (target.category === undefined ? 0 : 1);
  const best = candidates.sort((a, b) => specificity(b) - specificity(a))[0];
  if (best === undefined) throw new Error(`SLA policy '${policy.name}' has no target for stage '${stage}'`);
  return best;
}

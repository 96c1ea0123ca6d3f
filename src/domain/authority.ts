/**
 * Who may make each change to a workflow. The API decides it first (the route's role guard, then
 * need-to-know: a province acts on its own requests, a mission on its own tasks); the workflows' Update
 * validators decide it again from this table, so a change that reaches Temporal another way (a script
 * holding a Temporal client, an operator's CLI or UI) is refused before it enters history. Pure: safe
 * inside workflow code.
 */
import type { Role } from './vocabulary.js';

/** Who acts, as every Update carries it: the caller's token, reduced to what the rules read. */
export interface Actor {
  /** User handle (the token's `sub`), recorded on the timeline. */
  actor: string;
  role: Role;
  /** The actor's agency: `MOFA`, a province's or a mission's code. */
  agency: string;
}

/** Whose agency an action belongs to, besides the role: the request's province, the task's mission. */
type Owner = 'province' | 'mission' | 'any';

const rules = {
  triage: { role: 'coordinator', owner: 'any' },
  extendClock: { role: 'coordinator', owner: 'any' },
  answerClarification: { role: 'province_officer', owner: 'province' },
  withdraw: { role: 'province_officer', owner: 'province' },
  review: { role: 'province_officer', owner: 'province' },
  answerInfo: { role: 'province_officer', owner: 'province' },
  acceptTask: { role: 'mission_officer', owner: 'mission' },
  declineTask: { role: 'mission_officer', owner: 'mission' },
  requestInfo: { role: 'mission_officer', owner: 'mission' },
  respondTask: { role: 'mission_officer', owner: 'mission' },
} as const satisfies Record<string, { role: Role; owner: Owner }>;

/** A change to a workflow, named as its Update (src/domain/messages.ts). */
export type WorkflowAction = keyof typeof rules;

/** The role that makes `action` (the API's route guard reads it too). */
export function roleFor<A extends WorkflowAction>(action: A): (typeof rules)[A]['role'] {
  return rules[action].role;
}

/**
 * Why `actor` may not make `action` on a workflow owned by `owners`, or undefined when it may. An Update
 * from before actors carried a role and an agency has neither, and is refused.
 */
export function checkActor(
  actor: Partial<Actor>,
  action: WorkflowAction,
  owners: { provinceCode?: string; missionCode?: string } = {},
): string | undefined {
  const rule: { role: Role; owner: Owner } = rules[action];
  if (typeof actor.actor !== 'string' || actor.actor === '') return 'the change names no actor';
  if (actor.role !== rule.role) return `only a ${rule.role.replace('_', ' ')} may ${action}`;
  const owner = rule.owner === 'province' ? owners.provinceCode : rule.owner === 'mission' ? owners.missionCode : null;
  if (owner !== null && actor.agency !== owner)
    return `${actor.agency ?? 'no agency'} may not ${action} for ${owner ?? 'them'}`;
  return undefined;
}

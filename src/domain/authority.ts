/**
 * Who may make each change to a workflow. The API decides it first (the route's role guard, then
 * need-to-know: a province acts on its own requests, a mission on its own tasks); the workflows' Update
 * validators decide it again from this table, so a change that reaches Temporal another way (a script
 * holding a Temporal client, an operator's CLI or UI) is refused before it enters history. Pure: safe
 * inside workflow code.
 */
import { provinceDesk } from './agencies.js';
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

const coordinator = ['coordinator'] as const satisfies readonly Role[];
const missionOfficer = ['mission_officer'] as const satisfies readonly Role[];

const rules = {
  /** Starts the request workflow (not an Update): the request is the submitter's own province's. */
  submit: { roles: provinceDesk, owner: 'any' },
  triage: { roles: coordinator, owner: 'any' },
  extendClock: { roles: coordinator, owner: 'any' },
  answerClarification: { roles: provinceDesk, owner: 'province' },
  withdraw: { roles: provinceDesk, owner: 'province' },
  review: { roles: provinceDesk, owner: 'province' },
  answerInfo: { roles: provinceDesk, owner: 'province' },
  acceptTask: { roles: missionOfficer, owner: 'mission' },
  declineTask: { roles: missionOfficer, owner: 'mission' },
  requestInfo: { roles: missionOfficer, owner: 'mission' },
  respondTask: { roles: missionOfficer, owner: 'mission' },
} as const satisfies Record<string, { roles: readonly Role[]; owner: Owner }>;

/** A change to a workflow, named as its Update (src/domain/messages.ts), or its start (`submit`). */
export type WorkflowAction = keyof typeof rules;

/** The roles that make `action` (the API's route guards read them too). */
export function rolesFor(action: WorkflowAction): readonly Role[] {
  return rules[action].roles;
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
  const rule: { roles: readonly Role[]; owner: Owner } = rules[action];
  if (typeof actor.actor !== 'string' || actor.actor === '') return 'the change names no actor';
  if (actor.role === undefined || !rule.roles.includes(actor.role))
    return `only ${rule.roles.map((role) => `a ${role.replaceAll('_', ' ')}`).join(' or ')} may ${action}`;
  const owner = rule.owner === 'province' ? owners.provinceCode : rule.owner === 'mission' ? owners.missionCode : null;
  if (owner !== null && actor.agency !== owner)
    return `${actor.agency ?? 'no agency'} may not ${action} for ${owner ?? 'them'}`;
  return undefined;
}

/**
 * The words the pages show for the values of the domain's vocabularies, keyed by the lists in
 * src/domain (a value without a word does not compile). Server-rendered choices and the browser's
 * badges read them from here; the layout embeds them for the page scripts (see ./browser-data.ts).
 * A translation replaces these words, never the lists.
 */
import {
  outcomes,
  priorities,
  requestStatuses,
  roles,
  slaStates,
  taskStatuses,
  type Outcome,
  type Priority,
  type RequestStatus,
  type Role,
  type SlaState,
  type TaskStatus,
} from '../domain/model.js';
import { stages, stateAtLevel, type EscalationLevel, type Stage } from '../sla/index.js';
import { escalationStates, type EscalationState } from '../repositories/escalations.js';
import type { Choice } from './fields.js';

const requestStatus: Record<RequestStatus, string> = {
  triage: 'triage',
  clarification: 'clarification',
  assigned: 'assigned',
  review: 'review',
  closed: 'closed',
};

const outcome: Record<Outcome, string> = {
  completed: 'completed',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  auto_closed: 'auto-closed',
};

const taskStatus: Record<TaskStatus, string> = {
  pending: 'pending',
  in_progress: 'in progress',
  info_requested: 'information requested',
  responded: 'responded',
  declined: 'declined',
  cancelled: 'cancelled',
};

const priority: Record<Priority, string> = { routine: 'routine', priority: 'priority', urgent: 'urgent' };

const slaState: Record<SlaState, string> = {
  on_track: 'on track',
  at_risk: 'at risk',
  breached: 'breached',
  paused: 'paused',
};

const stage: Record<Stage, string> = {
  triage: 'triage',
  clarification: 'clarification',
  acceptance: 'acceptance',
  response: 'response',
  review: 'review',
};

const escalationState: Record<EscalationState, string> = {
  open: 'open',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
};

const escalationLevel: Record<EscalationLevel, string> = { 1: 'at risk', 2: 'breached', 3: '150 %' };

const role: Record<Role, string> = {
  province_officer: 'Province officer',
  mission_officer: 'Mission officer',
  coordinator: 'Coordinator',
  supervisor: 'Supervisor',
  admin: 'Administrator',
};

/** Each vocabulary: its values in the domain's order, and the word for each. */
export const vocabularies = {
  requestStatus: { values: requestStatuses, labels: requestStatus },
  outcome: { values: outcomes, labels: outcome },
  taskStatus: { values: taskStatuses, labels: taskStatus },
  priority: { values: priorities, labels: priority },
  slaState: { values: slaStates, labels: slaState },
  stage: { values: stages, labels: stage },
  escalationState: { values: escalationStates, labels: escalationState },
  escalationLevel: {
    values: Object.keys(stateAtLevel).map(Number) as EscalationLevel[],
    labels: escalationLevel,
  },
  role: { values: roles, labels: role },
} as const;

export type VocabularyName = keyof typeof vocabularies;

/** The options of a select over one vocabulary, in the domain's order. */
export function choicesOf(name: VocabularyName): Choice[] {
  const { values, labels } = vocabularies[name];
  return values.map((value) => ({ value: String(value), label: (labels as Record<string, string>)[value]! }));
}

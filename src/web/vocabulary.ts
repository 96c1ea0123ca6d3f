/**
 * The words the pages show for the values of the domain's vocabularies, keyed by the lists in
 * src/domain (a value without a word does not compile), and the rules the page scripts need to decide
 * which actions to offer, derived from src/domain/transitions.ts. Server-rendered choices read them
 * here; the layout embeds {@link pageVocabulary} in every page for the scripts (static/lib/vocabulary.js),
 * so no script re-types a list. A translation replaces the words, never the lists.
 */
import { agencyKinds, provinceDesk, type AgencyKind } from '../domain/agencies.js';
import type { RequestState, TaskState } from '../domain/model.js';
import {
  checkAnswerClarification,
  checkReview,
  checkTaskAction,
  checkTriage,
  checkWithdraw,
  taskActionTarget,
  type Refusal,
  type TaskAction,
} from '../domain/transitions.js';
import {
  activeTaskStatuses,
  escalationLevels,
  escalationStates,
  outcomes,
  priorities,
  requestStatuses,
  roles,
  slaStates,
  stages,
  taskStatuses,
  type EscalationLevel,
  type EscalationState,
  type Outcome,
  type Priority,
  type RequestStatus,
  type Role,
  type SlaState,
  type Stage,
  type TaskStatus,
} from '../domain/vocabulary.js';
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
  ambassador_ir: 'Ambassador for International Relations',
  mission_officer: 'Mission officer',
  coordinator: 'Coordinator',
  supervisor: 'Supervisor',
  admin: 'Administrator',
};

/** Agency kinds in the order the pages list agencies. */
const agencyKind: Record<AgencyKind, string> = { ministry: 'ministry', province: 'province', mission: 'mission' };

/**
 * Mission kinds (free text in the agency data): the short English word, and the Korean word that names
 * a mission without a recorded Korean name ("주베트남 대한민국 대사관").
 */
const missionKinds: Record<string, { en: string; ko: string }> = {
  embassy: { en: 'Embassy', ko: '대사관' },
  consulate_general: { en: 'Consulate General', ko: '총영사관' },
  consulate: { en: 'Consulate', ko: '영사관' },
  mission: { en: 'Mission', ko: '대표부' },
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
    values: escalationLevels,
    labels: escalationLevel,
  },
  role: { values: roles, labels: role },
  agencyKind: { values: agencyKinds, labels: agencyKind },
} as const;

export type VocabularyName = keyof typeof vocabularies;

/** The options of a select over one vocabulary, in the domain's order. */
export function choicesOf(name: VocabularyName): Choice[] {
  const { values, labels } = vocabularies[name];
  return values.map((value) => ({ value: String(value), label: (labels as Record<string, string>)[value]! }));
}

const requestIn = (status: RequestStatus): RequestState => ({
  requestId: '',
  provinceCode: '',
  priority: 'routine',
  status,
  tasks: [],
});
const taskIn = (status: TaskStatus): TaskState => ({ taskId: '', requestId: '', missionCode: '', status });
const allowedIn = <S extends string>(statuses: readonly S[], check: (status: S) => Refusal): S[] =>
  statuses.filter((status) => check(status) === undefined);

/** The request statuses in which each action on a request is allowed. */
const requestActions = {
  triage: allowedIn(requestStatuses, (status) => checkTriage(requestIn(status), { action: 'reject', reason: '' })),
  answerClarification: allowedIn(requestStatuses, (status) => checkAnswerClarification(requestIn(status))),
  review: allowedIn(requestStatuses, (status) => checkReview(requestIn(status), { decision: 'accept' })),
  withdraw: allowedIn(requestStatuses, (status) => checkWithdraw(requestIn(status))),
};

/** The task statuses in which each action on a task is allowed. */
const taskActions = Object.fromEntries(
  (Object.keys(taskActionTarget) as TaskAction[]).map((action) => [
    action,
    allowedIn(taskStatuses, (status) => checkTaskAction(taskIn(status), action)),
  ]),
) as Record<TaskAction, TaskStatus[]>;

/** What the page scripts know of the domain: embedded in every page by the layout. */
export const pageVocabulary = {
  labels: Object.fromEntries(Object.entries(vocabularies).map(([name, { labels }]) => [name, labels])) as {
    [Name in VocabularyName]: (typeof vocabularies)[Name]['labels'];
  },
  missionKinds,
  activeTaskStatuses,
  provinceDesk,
  requestActions,
  taskActions,
};

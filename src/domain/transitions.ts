import type { RequestState, ReviewDecision, TaskState, TriageCommand } from './model.js';
import { activeTaskStatuses, type TaskStatus } from './vocabulary.js';

/**
 * The rules of the coordination loop (docs/product.md). Each check returns why a transition is refused, or
 * undefined when it is allowed; workflow update validators turn a refusal into a rejected update, which
 * never enters history and reaches the caller as HTTP 409.
 */
export type Refusal = string | undefined;

/** Whether the mission still holds work on a task in this state. */
export function isTaskActive(status: TaskStatus): boolean {
  return (activeTaskStatuses as readonly TaskStatus[]).includes(status);
}

export function checkTriage(state: RequestState, command: TriageCommand): Refusal {
  if (state.status !== 'triage') return `triage is not possible while the request is ${describe(state)}`;
  if (command.action !== 'assign') return undefined;
  if (command.missions.length === 0) return 'assign needs at least one mission';
  if (new Set(command.missions).size !== command.missions.length) return 'a mission is listed twice';
  const busy = command.missions.filter((mission) =>
    state.tasks.some((task) => task.missionCode === mission && isTaskActive(task.status)),
  );
  if (busy.length > 0) return `already working on this request: ${busy.join(', ')}`;
  return undefined;
}

/** MOFA's clarification takes an answer addressed to no mission task. */
export function checkAnswerClarification(state: RequestState, answer: { taskId?: string } = {}): Refusal {
  if (answer.taskId !== undefined) return `the answer is for the question of task ${answer.taskId}, not MOFA's`;
  return state.status === 'clarification'
    ? undefined
    : `no clarification is pending while the request is ${describe(state)}`;
}

export function checkWithdraw(state: RequestState): Refusal {
  return state.status === 'closed' ? `the request is already ${describe(state)}` : undefined;
}

export function checkReview(state: RequestState, _decision: ReviewDecision): Refusal {
  return state.status === 'review' ? undefined : `review is not possible while the request is ${describe(state)}`;
}

/** Missions whose latest task on this request was answered: a reopen sends the request back to them. */
export function missionsToReopen(state: RequestState): string[] {
  const latest = new Map<string, TaskStatus>();
  for (const task of state.tasks) latest.set(task.missionCode, task.status);
  return [...latest].filter(([, status]) => status === 'responded').map(([mission]) => mission);
}

/**
 * Where a request in `assigned` goes once one of its tasks settles: back to triage on a decline (the
 * coordinator reassigns), to review once no task is active and at least one answered, else it stays.
 */
export function statusAfterTaskSettled(state: RequestState, settled: TaskStatus): RequestState['status'] {
  if (state.status !== 'assigned') return state.status;
  if (settled === 'declined') return 'triage';
  const anyActive = state.tasks.some((task) => isTaskActive(task.status));
  const anyResponded = state.tasks.some((task) => task.status === 'responded');
  return !anyActive && anyResponded ? 'review' : 'assigned';
}

export type TaskAction = 'accept' | 'decline' | 'requestInfo' | 'answerInfo' | 'respond';

const allowedFrom: Record<TaskAction, readonly TaskStatus[]> = {
  accept: ['pending'],
  decline: ['pending', 'in_progress'],
  requestInfo: ['in_progress'],
  answerInfo: ['info_requested'],
  respond: ['in_progress'],
};

export const taskActionTarget: Record<TaskAction, TaskStatus> = {
  accept: 'in_progress',
  decline: 'declined',
  requestInfo: 'info_requested',
  answerInfo: 'in_progress',
  respond: 'responded',
};

/** A task's question takes an answer addressed to it (or to no task in particular, as before answers named one). */
export function checkAnswerInfo(task: TaskState, answer: { taskId?: string }): Refusal {
  if (answer.taskId !== undefined && answer.taskId !== task.taskId) {
    return `the answer is for the question of task ${answer.taskId}, not this one`;
  }
  return checkTaskAction(task, 'answerInfo');
}

export function checkTaskAction(task: TaskState, action: TaskAction): Refusal {
  return allowedFrom[action].includes(task.status)
    ? undefined
    : `cannot ${actionLabel[action]} a task that is ${task.status.replace('_', ' ')}`;
}

const actionLabel: Record<TaskAction, string> = {
  accept: 'accept',
  decline: 'decline',
  requestInfo: 'request information on',
  answerInfo: 'answer an information request on',
  respond: 'respond to',
};

function describe(state: RequestState): string {
  return state.status === 'closed' ? `closed (${state.outcome ?? 'unknown'})` : state.status;
}

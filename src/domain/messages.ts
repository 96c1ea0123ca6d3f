import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RequestState, ReviewDecision, TaskState, TriageCommand } from './model.js';
import type { ClockPlan, ClockState } from './sla.js';

/** Workflow messages, defined once for the API (sender) and the workflows (handlers). */

export const DEFAULT_TASK_QUEUE = 'oneteam';

/** Failure type that validators raise; the API renders it as HTTP 409. */
export const INVALID_TRANSITION = 'InvalidTransition';

export const requestWorkflowId = (requestId: string): string => `request-${requestId}`;
export const taskWorkflowId = (taskId: string): string => `task-${taskId}`;

interface Actor {
  /** User handle of the person acting, recorded on the timeline. */
  actor: string;
}

/** Sent with the start (update-with-start); completes once the submission is recorded. */
export const submitUpdate = defineUpdate<RequestState>('submit');
export const triageUpdate = defineUpdate<RequestState, [TriageCommand & Actor]>('triage');
export const answerClarificationUpdate = defineUpdate<RequestState, [{ answer: string } & Actor]>(
  'answerClarification',
);
export const withdrawUpdate = defineUpdate<RequestState, [{ reason: string } & Actor]>('withdraw');
export const reviewUpdate = defineUpdate<RequestState, [ReviewDecision & Actor]>('review');
export const requestStateQuery = defineQuery<RequestState>('requestState');

export const acceptTaskUpdate = defineUpdate<TaskState, [Actor]>('acceptTask');
export const declineTaskUpdate = defineUpdate<TaskState, [{ reason: string } & Actor]>('declineTask');
export const requestInfoUpdate = defineUpdate<TaskState, [{ question: string } & Actor]>('requestInfo');
export const answerInfoUpdate = defineUpdate<TaskState, [{ answer: string } & Actor]>('answerInfo');
export const respondTaskUpdate = defineUpdate<TaskState, [{ summary: string; details?: string } & Actor]>(
  'respondTask',
);
export const taskStateQuery = defineQuery<TaskState>('taskState');

/** A coordinator extends one running clock of the workflow (once per clock). */
export const extendClockUpdate = defineUpdate<ClockPlan, [{ clockId: string; until: string; reason: string } & Actor]>(
  'extendClock',
);
/** A holiday was declared on a calendar: running clocks recompute their instants. */
export const calendarChangedSignal =
  defineSignal<[{ holidayId: string; calendar: string; date: string }]>('calendarChanged');
/** A task's clock changed state; the request keeps the worst for its SLA search attribute. */
export const taskSlaSignal = defineSignal<[{ taskId: string; state: ClockState }]>('taskSla');

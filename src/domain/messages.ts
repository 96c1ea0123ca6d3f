import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RequestState, ReviewDecision, TaskState, TriageCommand } from './model.js';
import type { SlaState } from './vocabulary.js';
import type { Actor } from './authority.js';

/** Workflow messages, defined once for the API (sender) and the workflows (handlers). */

export const DEFAULT_TASK_QUEUE = 'oneteam';

/** Failure type that validators raise; the API renders it as HTTP 409. */
export const INVALID_TRANSITION = 'InvalidTransition';

export const requestWorkflowId = (requestId: string): string => `request-${requestId}`;
export const taskWorkflowId = (taskId: string): string => `task-${taskId}`;
/** One fan-out per calendar and date, so declaring the same holiday again joins the one under way. */
export const holidayWorkflowId = (calendar: string, date: string): string => `holiday-${calendar}-${date}`;

/**
 * Failure types of activities that fail at once, since every attempt would fail the same way: an extension the
 * rules refuse, a date beyond the years the calendars know (src/calendar/holidays.ts), and input the database
 * refuses (src/db/errors.ts).
 */
export const INVALID_EXTENSION = 'InvalidExtension';
export const CALENDAR_COVERAGE = 'CalendarCoverage';
export const REFUSED_INPUT = 'RefusedInput';

/** Failure type of a validator that refuses the actor (src/domain/authority.ts); the API renders it as HTTP 403. */
export const NOT_PERMITTED = 'NotPermitted';

// Updates answer with nothing: the API reads what a change did from the read model, which the workflow
// has written by the time the Update completes.

/** Sent with the start (update-with-start); completes once the submission is recorded. */
export const submitUpdate = defineUpdate<void>('submit');
export const triageUpdate = defineUpdate<void, [TriageCommand & Actor]>('triage');
/**
 * The province's answer to a question. `taskId` names the mission task whose question it answers; without it, it
 * answers MOFA's clarification. Each workflow's validator refuses an answer addressed to another question.
 */
export interface Answer extends Actor {
  answer: string;
  taskId?: string;
}
export const answerClarificationUpdate = defineUpdate<void, [Answer]>('answerClarification');
export const withdrawUpdate = defineUpdate<void, [{ reason: string } & Actor]>('withdraw');
export const reviewUpdate = defineUpdate<void, [ReviewDecision & Actor]>('review');
export const requestStateQuery = defineQuery<RequestState>('requestState');

export const acceptTaskUpdate = defineUpdate<void, [Actor]>('acceptTask');
export const declineTaskUpdate = defineUpdate<void, [{ reason: string } & Actor]>('declineTask');
export const requestInfoUpdate = defineUpdate<void, [{ question: string } & Actor]>('requestInfo');
export const answerInfoUpdate = defineUpdate<void, [Answer]>('answerInfo');
export const respondTaskUpdate = defineUpdate<void, [{ summary: string; details?: string } & Actor]>('respondTask');
export const taskStateQuery = defineQuery<TaskState>('taskState');

export interface ClockExtension extends Actor {
  clockId: string;
  /** The new due time, ISO. */
  until: string;
  reason: string;
}
/** A coordinator extends one running clock of the workflow (once per clock). */
export const extendClockUpdate = defineUpdate<void, [ClockExtension]>('extendClock');

export interface CalendarChange {
  holidayId: string;
  calendar: string;
  date: string;
}
/** A holiday was declared on a calendar: running clocks recompute their instants. */
export const calendarChangedSignal = defineSignal<[CalendarChange]>('calendarChanged');

export interface HolidayDeclaration {
  holidayId: string;
  calendar: string;
  date: string;
  name: string;
  createdBy: string;
}
/** Sent with the start of a holiday's fan-out (update-with-start); answers once the holiday is on the calendar. */
export const holidayRecordedUpdate = defineUpdate<{ holidayId: string }>('holidayRecorded');
/** A task's clock changed state; the request keeps the worst for its SLA search attribute. */
export const taskSlaSignal = defineSignal<[{ taskId: string; state: SlaState }]>('taskSla');

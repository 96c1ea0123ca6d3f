/**
 * Every closed list of words the API, the workflows, the read model and the pages share, each declared
 * once here with its type; everything else derives from these. Pure data: safe inside workflow code,
 * and fit to hand to the browser as it is.
 */

export const requestStatuses = ['triage', 'clarification', 'assigned', 'review', 'closed'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** How a closed request ended. */
export const outcomes = ['completed', 'rejected', 'withdrawn', 'auto_closed'] as const;
export type Outcome = (typeof outcomes)[number];

export const taskStatuses = ['pending', 'in_progress', 'info_requested', 'responded', 'declined', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** Task states in which the mission still holds work. */
export const activeTaskStatuses = ['pending', 'in_progress', 'info_requested'] as const satisfies readonly TaskStatus[];

export const priorities = ['routine', 'priority', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

export const reviewDecisions = ['accept', 'reopen'] as const;

/**
 * `ambassador_ir`: the Ambassador for International Relations the ministry seconds to a province; works for that
 * province's desk beside its officers.
 */
export const roles = [
  'province_officer',
  'ambassador_ir',
  'mission_officer',
  'coordinator',
  'supervisor',
  'admin',
] as const;
export type Role = (typeof roles)[number];

/** The languages a person reads OneTeam in; Korean first. */
export const languages = ['ko', 'en'] as const;
export type Language = (typeof languages)[number];

/** Stages with an SLA clock; which agency holds each is fixed by the loop. */
export const stages = ['triage', 'clarification', 'acceptance', 'response', 'review'] as const;
export type Stage = (typeof stages)[number];

/**
 * States of an SLA clock, and of a request (the worst of its clocks), from the least to the most
 * severe: a paused clock yields to a running one.
 */
export const slaStates = ['paused', 'on_track', 'at_risk', 'breached'] as const;
export type SlaState = (typeof slaStates)[number];

/** The ladder: 1 at risk (75 % of the target), 2 breached (100 %), 3 at 150 %. */
export const escalationLevels = [1, 2, 3] as const;
export type EscalationLevel = (typeof escalationLevels)[number];

export const escalationStates = ['open', 'acknowledged', 'resolved'] as const;
export type EscalationState = (typeof escalationStates)[number];

/** How far a declared holiday's fan-out to the running clocks has come (workflows/holiday.ts). */
export const holidayFanOutStatuses = ['running', 'finished'] as const;
export type HolidayFanOutStatus = (typeof holidayFanOutStatuses)[number];

/** Every type of timeline entry: what the workflows and the SLA activities record. */
export const timelineEventTypes = [
  // The request workflow.
  'submitted',
  'clarification_requested',
  'clarification_answered',
  'assigned',
  'returned_to_triage',
  'review_started',
  'reopened',
  'accepted',
  'rejected',
  'withdrawn',
  'auto_closed',
  // The mission task workflows.
  'task_accepted',
  'task_declined',
  'task_info_requested',
  'task_info_provided',
  'task_responded',
  'task_cancelled',
  // The SLA clocks.
  'sla_at_risk',
  'sla_breached',
  'sla_escalated_level3',
  'sla_extended',
  'sla_deadline_moved',
  'escalation_acknowledged',
  // The request's thread (written by the API, not by a workflow: a message moves no clock).
  'message_posted',
  'message_redacted',
] as const;
export type TimelineEventType = (typeof timelineEventTypes)[number];

/** Timeline entries about one message of the thread: seen by whoever may see that message. */
export const messageEventTypes = ['message_posted', 'message_redacted'] as const satisfies readonly TimelineEventType[];

/**
 * Who a message of a request's thread is for, chosen by its writer: everyone on the request (MOFA, the province,
 * every mission holding a task on it), MOFA only (an internal note), MOFA and one mission, MOFA and the province.
 */
export const messageAudiences = ['everyone', 'mofa', 'mofa_mission', 'mofa_province'] as const;
export type MessageAudience = (typeof messageAudiences)[number];

/**
 * What the access log records: each read of a request's text that the records law may ask the ministry to account
 * for (who read what, when, from where, through which route).
 */
export const accessActions = ['thread_read'] as const;
export type AccessAction = (typeof accessActions)[number];

/**
 * What a notification tells its reader (src/notifications/events.ts says which event sends which to whom). A
 * person may opt out of any kind except {@link mandatoryNotificationKinds}.
 */
export const notificationKinds = [
  // To a mission's desk.
  'task_assigned',
  'info_answered',
  'task_cancelled',
  // To a province's desk.
  'clarification_requested',
  'info_requested',
  'mission_responded',
  'review_started',
  'request_closed',
  'deadline_moved',
  // To MOFA's coordinators.
  'request_submitted',
  'clarification_answered',
  'task_declined',
  // To whoever holds the clock, and to supervisors from level 2.
  'sla_at_risk',
  'sla_breached',
  'sla_level3',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** Kinds nobody may opt out of: work handed to you, and a deadline already missed. */
export const mandatoryNotificationKinds = [
  'task_assigned',
  'sla_breached',
  'sla_level3',
] as const satisfies readonly NotificationKind[];

/** Where a notification stands in the outbox; `failed` after the last attempt or a permanent refusal. */
export const notificationStatuses = ['queued', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/** The Korean calendar: MOFA and every province. A mission's calendar is named by the mission's code. */
export const KOREA_CALENDAR = 'KR';
/** Plain elapsed time: no weekend, no holidays (the demo policy). */
export const ALWAYS_CALENDAR = '24x7';

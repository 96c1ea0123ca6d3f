/**
 * Who hears of what: the one table from timeline events to notifications (README, "Notifications"). Pure, so the
 * recording transaction, the tests and the documentation read the same rules.
 */
import { agencyKindOf, MOFA_CODE } from '../domain/agencies.js';
import type { NewTask } from '../domain/projection.js';
import {
  KOREA_CALENDAR,
  type EscalationLevel,
  type NotificationKind,
  type Role,
  type Stage,
  type TimelineEventType,
} from '../domain/vocabulary.js';

/** The people of one agency in one role: who a notification is for. */
export interface Desk {
  agencyCode: string;
  role: Role;
}

/** The province that owns the request, the mission of the task, MOFA's coordinators or supervisors, or the clock's holder. */
export type Audience = 'province' | 'mission' | 'newMissions' | 'coordinators' | 'supervisors' | 'clockHolder';

export interface NotificationRule {
  kind: NotificationKind;
  to: readonly Audience[];
  /** The stage whose deadline the reader must meet, named in the subject ("by when"). */
  actOn?: Stage;
}

/**
 * Every event that notifies anyone. An event that is not here (a task accepted, a request reopened's own entry…)
 * notifies nobody: the people who must act next hear of it through the event that hands them the work.
 */
export const notificationRules: Readonly<Partial<Record<TimelineEventType, NotificationRule>>> = {
  submitted: { kind: 'request_submitted', to: ['coordinators'], actOn: 'triage' },
  clarification_requested: { kind: 'clarification_requested', to: ['province'], actOn: 'clarification' },
  clarification_answered: { kind: 'clarification_answered', to: ['coordinators'], actOn: 'triage' },
  assigned: { kind: 'task_assigned', to: ['newMissions'], actOn: 'acceptance' },
  reopened: { kind: 'task_assigned', to: ['newMissions'], actOn: 'acceptance' },
  review_started: { kind: 'review_started', to: ['province'], actOn: 'review' },
  accepted: { kind: 'request_closed', to: ['province'] },
  rejected: { kind: 'request_closed', to: ['province'] },
  withdrawn: { kind: 'request_closed', to: ['province'] },
  auto_closed: { kind: 'request_closed', to: ['province'] },
  task_declined: { kind: 'task_declined', to: ['coordinators'], actOn: 'triage' },
  task_info_requested: { kind: 'info_requested', to: ['province'] },
  task_info_provided: { kind: 'info_answered', to: ['mission'], actOn: 'response' },
  task_responded: { kind: 'mission_responded', to: ['province'] },
  task_cancelled: { kind: 'task_cancelled', to: ['mission'] },
  sla_at_risk: { kind: 'sla_at_risk', to: ['clockHolder'] },
  sla_breached: { kind: 'sla_breached', to: ['clockHolder', 'supervisors'] },
  sla_escalated_level3: { kind: 'sla_level3', to: ['clockHolder', 'supervisors'] },
  sla_extended: { kind: 'deadline_moved', to: ['province', 'clockHolder'] },
  sla_deadline_moved: { kind: 'deadline_moved', to: ['province', 'clockHolder'] },
};

/**
 * Kinds that go out at once even outside the recipient's working hours; the rest wait for the next working morning
 * of the recipient's calendar.
 */
export const breaksQuietHours: readonly NotificationKind[] = ['sla_level3'];

/** The calendar whose working hours a desk keeps: its mission's own, or Korea's for MOFA and the provinces. */
export function calendarOfDesk(agencyCode: string): string {
  return agencyKindOf(agencyCode) === 'mission' ? agencyCode : KOREA_CALENDAR;
}

/** The role that holds each stage's clock; the agency is the clock's holder. */
export const stageHolderRole: Readonly<Record<Stage, Role>> = {
  triage: 'coordinator',
  clarification: 'province_officer',
  acceptance: 'mission_officer',
  response: 'mission_officer',
  review: 'province_officer',
};

export interface EventForNotification {
  id: string;
  type: TimelineEventType;
  taskId?: string | null;
  data: Record<string, unknown>;
}

export interface NotificationContext {
  provinceCode: string;
  /** The mission of the event's task, when the event is a task's. */
  missionCode?: string;
  /** Tasks the event created (an assignment). */
  newTasks?: readonly NewTask[];
}

export interface PlannedNotification {
  kind: NotificationKind;
  desk: Desk;
  taskId: string | null;
  actOn?: Stage;
  /** For SLA events: the clock's stage, level and due time. */
  stage?: Stage;
  level?: EscalationLevel;
  dueAt?: string;
}

/** The notifications an event sends, one per desk (a desk named twice hears once). */
export function plannedNotifications(event: EventForNotification, context: NotificationContext): PlannedNotification[] {
  const rule = notificationRules[event.type];
  if (rule === undefined) return [];
  const stage = typeof event.data.stage === 'string' ? (event.data.stage as Stage) : undefined;
  const clockFacts = {
    ...(stage === undefined ? {} : { stage }),
    ...(typeof event.data.level === 'number' ? { level: event.data.level as EscalationLevel } : {}),
    ...(typeof event.data.dueAt === 'string' ? { dueAt: event.data.dueAt } : {}),
    ...(typeof event.data.until === 'string' ? { dueAt: event.data.until } : {}),
  };
  const taskId = event.taskId ?? null;
  const planned: PlannedNotification[] = [];
  const add = (desk: Desk, forTask: string | null = taskId) => {
    const seen = planned.some(
      (entry) => entry.desk.agencyCode === desk.agencyCode && entry.desk.role === desk.role && entry.taskId === forTask,
    );
    if (!seen) {
      planned.push({
        kind: rule.kind,
        desk,
        taskId: forTask,
        ...clockFacts,
        ...(rule.actOn ? { actOn: rule.actOn } : {}),
      });
    }
  };
  for (const audience of rule.to) {
    switch (audience) {
      case 'province':
        add({ agencyCode: context.provinceCode, role: 'province_officer' });
        break;
      case 'mission':
        if (context.missionCode !== undefined) add({ agencyCode: context.missionCode, role: 'mission_officer' });
        break;
      case 'newMissions':
        for (const task of context.newTasks ?? [])
          add({ agencyCode: task.missionCode, role: 'mission_officer' }, task.taskId);
        break;
      case 'coordinators':
        add({ agencyCode: MOFA_CODE, role: 'coordinator' });
        break;
      case 'supervisors':
        add({ agencyCode: MOFA_CODE, role: 'supervisor' });
        break;
      case 'clockHolder': {
        const holder = typeof event.data.agency === 'string' ? event.data.agency : holderAgency(stage, context);
        if (stage !== undefined && holder !== undefined) add({ agencyCode: holder, role: stageHolderRole[stage] });
        break;
      }
    }
  }
  return planned;
}

function holderAgency(stage: Stage | undefined, context: NotificationContext): string | undefined {
  switch (stage) {
    case 'triage':
      return MOFA_CODE;
    case 'clarification':
    case 'review':
      return context.provinceCode;
    case 'acceptance':
    case 'response':
      return context.missionCode;
    default:
      return undefined;
  }
}

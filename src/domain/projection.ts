import type { Submission } from './model.js';
import type { Outcome, Priority, RequestStatus, TaskStatus, TimelineEventType } from './vocabulary.js';

/**
 * What the workflows hand to the recording activities: an audit event plus the full state it produced.
 * Each event id is unique and each snapshot carries a version, so a retried or late activity neither
 * duplicates a timeline row nor overwrites newer state.
 */
export interface AuditEventRecord {
  id: string;
  requestId: string;
  taskId?: string;
  type: TimelineEventType;
  actor: string;
  /** ISO instant from workflow time. */
  at: string;
  data: Record<string, string | number | boolean | string[] | null>;
}

export interface RequestSnapshot {
  version: number;
  status: RequestStatus;
  outcome: Outcome | null;
  priority: Priority;
  missions: string[];
  clarificationQuestion: string | null;
  closedAt: string | null;
}

export interface NewTask {
  taskId: string;
  missionCode: string;
  note: string | null;
}

export interface RecordRequestEventInput {
  event: AuditEventRecord;
  request: RequestSnapshot;
  /** Present on the first event only: creates the request row. */
  submission?: Submission & { createdAt: string };
  newTasks?: NewTask[];
}

export interface TaskSnapshot {
  taskId: string;
  requestId: string;
  version: number;
  status: TaskStatus;
  infoQuestion: string | null;
  infoAnswer: string | null;
  declineReason: string | null;
  responseSummary: string | null;
  responseDetails: string | null;
}

export interface RecordTaskEventInput {
  event: AuditEventRecord;
  task: TaskSnapshot;
}

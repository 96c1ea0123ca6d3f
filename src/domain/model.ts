/** The messages' shapes: what a province submits and the live state the workflows serve. */
import type { Outcome, Priority, RequestStatus, reviewDecisions, TaskStatus } from './vocabulary.js';

/** What a province submits. */
export interface NewRequest {
  title: string;
  description: string;
  category: string;
  priority: Priority;
  targetCountries: string[];
  desiredBy?: string;
}

export interface Submission extends NewRequest {
  requestId: string;
  provinceCode: string;
  createdBy: string;
  idempotencyKey?: string;
  fingerprint: string;
}

export interface TaskSummary {
  taskId: string;
  missionCode: string;
  status: TaskStatus;
}

/** Live state of one request workflow, served by its query. */
export interface RequestState {
  requestId: string;
  provinceCode: string;
  priority: Priority;
  status: RequestStatus;
  outcome?: Outcome;
  clarificationQuestion?: string;
  tasks: TaskSummary[];
}

/** Live state of one mission task workflow, served by its query. */
export interface TaskState {
  taskId: string;
  requestId: string;
  missionCode: string;
  status: TaskStatus;
  infoQuestion?: string;
}

export type TriageCommand =
  | { action: 'assign'; missions: string[]; priority?: Priority; note?: string }
  | { action: 'clarify'; question: string }
  | { action: 'reject'; reason: string };

export type ReviewDecision = { decision: (typeof reviewDecisions)[number]; comment?: string };

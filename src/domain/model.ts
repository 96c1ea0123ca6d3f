/** Vocabulary shared by the API, the workflows and the read model. Pure data: safe inside workflow code. */

export const requestStatuses = ['triage', 'clarification', 'assigned', 'review', 'closed'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const outcomes = ['completed', 'rejected', 'withdrawn', 'auto_closed'] as const;
export type Outcome = (typeof outcomes)[number];

export const taskStatuses = ['pending', 'in_progress', 'info_requested', 'responded', 'declined', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const priorities = ['routine', 'priority', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

export const slaStates = ['on_track', 'at_risk', 'breached', 'paused'] as const;
export type SlaState = (typeof slaStates)[number];

export const roles = ['province_officer', 'mission_officer', 'coordinator', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Task states in which the mission still holds work. */
export const activeTaskStatuses: readonly TaskStatus[] = ['pending', 'in_progress', 'info_requested'];

export function isTaskActive(status: TaskStatus): boolean {
  return activeTaskStatuses.includes(status);
}

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

export type ReviewDecision = { decision: 'accept' | 'reopen'; comment?: string };

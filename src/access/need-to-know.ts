/**
 * Need-to-know: the one place that decides who may see a request, a task, an SLA clock, a timeline
 * entry and an escalation, and which of their fields each caller sees, in every list and detail view.
 * Services ask it before answering; repositories scope their queries by what it returns.
 *
 * Rows. MOFA (coordinators and supervisors) sees every request; a province officer the requests of its
 * own province; a mission officer the requests it holds a task on, and of them only its own tasks, the
 * clocks it holds and its own part of the timeline. An administrator runs calendars and sees no request
 * content. A request or task the caller may not see is reported as not found.
 *
 * Fields. The tables below hold one decision per field and audience: `shown` as recorded, `hidden` as
 * null, or a function giving the caller's own part. List and detail read the same tables, so they never
 * disagree. A field added to a row without a decision does not compile, and a field no table names
 * never leaves the service. Decisions that differ between audiences:
 *
 * | request field             | MOFA         | province (its own)  | mission (holding a task on it)         |
 * |---------------------------|--------------|---------------------|----------------------------------------|
 * | `clarificationQuestion`   | shown        | shown               | null: MOFA's question to the province  |
 * | `missions`                | all          | all                 | itself                                 |
 * | `slaState`                | request-wide | request-wide        | worst of the running clocks it holds   |
 * | `tasks`                   | all          | all                 | its own                                |
 * | `sla`, list `deadlines`   | all          | all                 | the clocks it holds (its own tasks')   |
 * | `timeline`                | all          | all but the entries | `submitted`, its own tasks' entries    |
 * |                           |              | of messages it may  | and the entries of messages it may see |
 * |                           |              | not see             |                                        |
 *
 * Everything else on a request, task, clock or timeline entry is shown to whoever sees the row.
 * Escalations and the SLA report are MOFA's: the routes admit only {@link readers}.
 *
 * Messages. The writer of a message chooses its audience; who sees it, in the thread, on the timeline and in
 * an export, is decided by {@link threadsSeen}, and a caller writes to exactly the audiences it reads:
 *
 * | message audience | MOFA | province (its own request) | mission (holding a task on the request) |
 * |------------------|------|----------------------------|-----------------------------------------|
 * | `everyone`       | sees | sees                       | sees                                    |
 * | `mofa`           | sees | –                          | –                                       |
 * | `mofa_mission`   | sees | –                          | sees its own mission's thread only      |
 * | `mofa_province`  | sees | sees                       | –                                       |
 */
import type { Principal } from '../auth/principal.js';
import { provinceDesk } from '../domain/agencies.js';
import {
  messageAudiences,
  messageEventTypes,
  type EscalationLevel,
  type MessageAudience,
  type Outcome,
  type Role,
  type SlaState,
  type Stage,
  type TimelineEventType,
} from '../domain/vocabulary.js';
import { worstState } from '../sla/index.js';
import { forbidden, internal, notFound } from '../errors.js';
import type { EscalationWithRequestRow, RequestBriefRow } from '../repositories/escalations.js';
import type {
  EventRow,
  RequestDetailRow,
  RequestFilter,
  RequestListRow,
  RequestRow,
  RunningClockRow,
  TaskRow,
} from '../repositories/requests.js';
import type { TaskFilter, TaskWithRequestRow } from '../repositories/tasks.js';
import type { MessageRow, MessageScope } from '../repositories/messages.js';

/** Who the caller is to a row: MOFA, the province that owns the request, or a mission holding a task on it. */
export type Audience = 'mofa' | 'province' | 'mission';

export interface Viewer<A extends Audience = Audience> {
  audience: A;
  agency: string;
}

const mofaRoles = ['coordinator', 'supervisor'] as const satisfies readonly Role[];
const isMofa = (caller: Principal) => (mofaRoles as readonly Role[]).includes(caller.role);

/** The roles that may call the routes reading each resource. */
export const readers = {
  requests: [...provinceDesk, 'mission_officer', ...mofaRoles],
  /** A province reads the tasks of its requests inside the request, not through the task routes. */
  tasks: ['mission_officer', ...mofaRoles],
  escalations: mofaRoles,
  // Aggregates of what MOFA sees anyway; coordinators look at the board it feeds.
  slaReport: mofaRoles,
} as const satisfies Record<string, readonly Role[]>;

/** Timeline entries of the request itself (not of a task) that a mission sees: the rest are MOFA's and the province's. */
const requestEventsForMissions: readonly TimelineEventType[] = ['submitted'];

/**
 * The parts of a request's thread each audience sees: the messages to these audiences, and for a mission
 * also its own MOFA-and-mission thread (`mofa_mission` names one mission; it is never in a mission's list).
 */
const threadsSeen: Readonly<Record<Audience, { audiences: readonly MessageAudience[]; ownMissionThread: boolean }>> = {
  mofa: { audiences: messageAudiences, ownMissionThread: false },
  province: { audiences: ['everyone', 'mofa_province'], ownMissionThread: false },
  mission: { audiences: ['everyone'], ownMissionThread: true },
};

// ── Rows ─────────────────────────────────────────────────────────────────────────────────────

/** How the caller sees a request; undefined when it may not see it at all. */
export function requestViewer(
  caller: Principal,
  request: { provinceCode: string; missions: readonly string[] },
): Viewer | undefined {
  // Every role is named: a new role does not compile until it is decided here.
  switch (caller.role) {
    case 'coordinator':
    case 'supervisor':
      return { audience: 'mofa', agency: caller.agency };
    case 'province_officer':
    case 'ambassador_ir':
      return request.provinceCode === caller.agency ? { audience: 'province', agency: caller.agency } : undefined;
    case 'mission_officer':
      return request.missions.includes(caller.agency) ? { audience: 'mission', agency: caller.agency } : undefined;
    case 'admin':
      return undefined;
  }
}

/**
 * The request the caller named and how it sees it; 404, exactly as for a request that does not exist, when the
 * caller may not see it.
 */
export function visibleRequest<Row extends { provinceCode: string; missions: readonly string[] }>(
  caller: Principal,
  request: Row | null,
  id: string,
): { request: Row; viewer: Viewer } {
  const viewer = request === null ? undefined : requestViewer(caller, request);
  if (request === null || viewer === undefined) throw notFound('request', id);
  return { request, viewer };
}

/** How the caller sees a task through the task routes; undefined when it may not. */
export function taskViewer(caller: Principal, task: { missionCode: string }): Viewer<'mofa' | 'mission'> | undefined {
  if (isMofa(caller)) return { audience: 'mofa', agency: caller.agency };
  if (caller.role === 'mission_officer' && task.missionCode === caller.agency) {
    return { audience: 'mission', agency: caller.agency };
  }
  return undefined;
}

function escalationViewer(caller: Principal): Viewer<'mofa'> {
  if (!isMofa(caller)) throw forbidden();
  return { audience: 'mofa', agency: caller.agency };
}

/**
 * The request list's filter narrowed to the caller's rows; undefined when the filter asks for rows the
 * caller may not see (nothing can match). A mission's `slaState` is judged by the clocks it holds, as
 * in the rows it is shown.
 */
export function scopeRequestList(caller: Principal, filter: RequestFilter): RequestFilter | undefined {
  switch (caller.role) {
    case 'coordinator':
    case 'supervisor':
      return filter;
    case 'province_officer':
    case 'ambassador_ir':
      return filter.province === undefined || filter.province === caller.agency
        ? { ...filter, province: caller.agency }
        : undefined;
    case 'mission_officer':
      return filter.mission === undefined || filter.mission === caller.agency
        ? { ...filter, mission: caller.agency, slaStateHeldBy: caller.agency }
        : undefined;
    case 'admin':
      return undefined;
  }
}

/** The task list's filter narrowed to the caller's rows; undefined when nothing can match. */
export function scopeTaskList(caller: Principal, filter: TaskFilter): TaskFilter | undefined {
  if (isMofa(caller)) return filter;
  if (caller.role !== 'mission_officer') return undefined;
  return filter.mission === undefined || filter.mission === caller.agency
    ? { ...filter, mission: caller.agency }
    : undefined;
}

/** Who a message is for: its audience, and the mission of a MOFA-and-mission thread. */
export interface Thread {
  audience: MessageAudience;
  missionCode: string | null;
}

/** Whether the viewer of a request sees a message of its thread (and the timeline entries about it). */
export function seesMessage(viewer: Viewer, thread: Thread): boolean {
  const seen = threadsSeen[viewer.audience];
  return (
    seen.audiences.includes(thread.audience) ||
    (seen.ownMissionThread && thread.audience === 'mofa_mission' && thread.missionCode === viewer.agency)
  );
}

/** The thread's query narrowed to what the viewer sees. */
export function scopeMessages(viewer: Viewer): MessageScope {
  const seen = threadsSeen[viewer.audience];
  return seen.ownMissionThread
    ? { audiences: seen.audiences, missionThread: viewer.agency }
    : { audiences: seen.audiences };
}

/**
 * The audiences the viewer may write to: the ones it reads. A mission's MOFA-and-mission thread is its own;
 * MOFA's names a mission of the request.
 */
export function writableAudiences(viewer: Viewer): readonly MessageAudience[] {
  const seen = threadsSeen[viewer.audience];
  return seen.ownMissionThread ? [...seen.audiences, 'mofa_mission'] : seen.audiences;
}

/** The thread a timeline entry about a message names in its data; undefined for other entries or malformed data. */
function threadOfEvent(event: EventRow): Thread | undefined {
  if (!(messageEventTypes as readonly TimelineEventType[]).includes(event.type)) return undefined;
  const data = event.data as { audience?: unknown; missionCode?: unknown } | null;
  const audience = messageAudiences.find((candidate) => candidate === data?.audience);
  const missionCode = typeof data?.missionCode === 'string' ? data.missionCode : null;
  // An entry about a message that names no audience is MOFA's only.
  return { audience: audience ?? 'mofa', missionCode };
}

// ── Fields ───────────────────────────────────────────────────────────────────────────────────

const shown = 'shown';
const hidden = 'hidden';
type Narrowing<Row, V, A extends Audience = Audience> = (row: Row, viewer: Viewer<A>) => V;
/** `hidden` only where the field may be null, so a hidden field still fits the response schema. */
type Decision<Row, V, A extends Audience = Audience> =
  typeof shown | (null extends V ? typeof hidden : never) | Narrowing<Row, V, A>;
type Table<Row, A extends Audience = Audience> = {
  readonly [K in keyof Row]-?: Readonly<Record<A, Decision<Row, Row[K], A>>>;
};

/** The row as the viewer sees it: only the fields the table names, each as decided. */
function see<Row, A extends Audience>(table: Table<Row, A>, row: Row, viewer: Viewer<A>): Row {
  const seen: Partial<Row> = {};
  for (const key of Object.keys(table) as Array<keyof Row>) {
    const decision: Decision<Row, Row[keyof Row], A> = table[key][viewer.audience];
    seen[key] = decision === shown ? row[key] : decision === hidden ? (null as Row[keyof Row]) : decision(row, viewer);
  }
  return seen as Row;
}

const everyone = { mofa: shown, province: shown, mission: shown } as const;

/** A nested list, every item through its own table. */
function all<Row, Item>(items: (row: Row) => readonly Item[], table: Table<Item>) {
  return (row: Row, viewer: Viewer): Item[] => items(row).map((item) => see(table, item, viewer));
}

/** A nested list narrowed to the items `keep` accepts for the viewer, each through its own table. */
function only<Row, Item>(
  items: (row: Row) => readonly Item[],
  table: Table<Item>,
  keep: (row: Row, viewer: Viewer) => (item: Item) => boolean,
) {
  return (row: Row, viewer: Viewer): Item[] =>
    items(row)
      .filter(keep(row, viewer))
      .map((item) => see(table, item, viewer));
}

/** A mission's clocks are the ones it holds: its own tasks' acceptance and response clocks. */
const heldBy = (_row: unknown, viewer: Viewer) => (clock: { holder: string }) => clock.holder === viewer.agency;

const taskFields: Table<TaskRow> = {
  id: everyone,
  requestId: everyone,
  missionCode: everyone,
  status: everyone,
  note: everyone,
  infoQuestion: everyone,
  infoAnswer: everyone,
  declineReason: everyone,
  responseSummary: everyone,
  responseDetails: everyone,
  createdAt: everyone,
  updatedAt: everyone,
};

const clockFields: Table<RunningClockRow> = {
  id: everyone,
  taskId: everyone,
  stage: everyone,
  holder: everyone,
  state: everyone,
  level: everyone,
  dueAt: everyone,
  originalDueAt: everyone,
  pausedMs: everyone,
  pausedAt: everyone,
  extensionReason: everyone,
};

type DeadlineRow = RequestListRow['slaClocks'][number];
const deadlineFields: Table<DeadlineRow> = {
  stage: everyone,
  taskId: everyone,
  holder: everyone,
  state: everyone,
  dueAt: everyone,
};

const eventFields: Table<EventRow> = {
  id: everyone,
  taskId: everyone,
  type: everyone,
  actor: everyone,
  at: everyone,
  data: everyone,
};

/** The fields every view of a request has; `fingerprint` matches retried submissions and is never shown. */
type VisibleRequest = Omit<RequestRow, 'fingerprint'>;
export type VisibleRequestDetail = Omit<RequestDetailRow, 'fingerprint'>;
export type VisibleRequestListItem = Omit<RequestListRow, 'fingerprint'>;

/** Both views carry the running clocks, so a mission's SLA state comes from the same clocks in either. */
type WithClocks = VisibleRequest & { slaClocks: ReadonlyArray<{ holder: string; state: SlaState }> };
type RequestTable = {
  readonly [K in keyof VisibleRequest]-?: Readonly<Record<Audience, Decision<WithClocks, VisibleRequest[K]>>>;
};

const requestFields: RequestTable = {
  id: everyone,
  provinceCode: everyone,
  createdBy: everyone,
  title: everyone,
  description: everyone,
  category: everyone,
  priority: everyone,
  targetCountries: everyone,
  desiredBy: everyone,
  status: everyone,
  outcome: everyone,
  slaState: {
    mofa: shown,
    province: shown,
    // The request-wide state would include other missions' clocks.
    mission: (row, viewer) => worstState(row.slaClocks.filter(heldBy(row, viewer)).map((clock) => clock.state)),
  },
  missions: { mofa: shown, province: shown, mission: (_row, viewer) => [viewer.agency] },
  // MOFA's question to the province.
  clarificationQuestion: { mofa: shown, province: shown, mission: hidden },
  createdAt: everyone,
  updatedAt: everyone,
  closedAt: everyone,
};

const tasksOf = (row: VisibleRequestDetail) => row.tasks;
const clocksOf = (row: VisibleRequestDetail) => row.slaClocks;
const deadlinesOf = (row: VisibleRequestListItem) => row.slaClocks;
const eventsOf = (row: VisibleRequestDetail) => row.events;

/** Entries about a message are seen with the message; `otherwise` decides the rest. */
const withMessages = (viewer: Viewer, otherwise: (event: EventRow) => boolean) => (event: EventRow) => {
  const thread = threadOfEvent(event);
  return thread === undefined ? otherwise(event) : seesMessage(viewer, thread);
};

/** The province's part of the timeline: all of it but the entries about messages it may not see. */
const provincesPart = (_row: VisibleRequestDetail, viewer: Viewer) => withMessages(viewer, () => true);

/** A mission's part of the timeline: its own tasks' entries, the request's submission, the messages it sees. */
function missionsPart(row: VisibleRequestDetail, viewer: Viewer) {
  const own = new Set(row.tasks.filter((task) => task.missionCode === viewer.agency).map((task) => task.id));
  return withMessages(viewer, (event) =>
    event.taskId === null ? requestEventsForMissions.includes(event.type) : own.has(event.taskId),
  );
}

const requestDetailFields: Table<VisibleRequestDetail> = {
  ...requestFields,
  tasks: {
    mofa: all(tasksOf, taskFields),
    province: all(tasksOf, taskFields),
    mission: only(tasksOf, taskFields, (_row, viewer) => (task) => task.missionCode === viewer.agency),
  },
  slaClocks: {
    mofa: all(clocksOf, clockFields),
    province: all(clocksOf, clockFields),
    mission: only(clocksOf, clockFields, heldBy),
  },
  events: {
    mofa: all(eventsOf, eventFields),
    province: only(eventsOf, eventFields, provincesPart),
    mission: only(eventsOf, eventFields, missionsPart),
  },
};

const requestListFields: Table<VisibleRequestListItem> = {
  ...requestFields,
  slaClocks: {
    mofa: all(deadlinesOf, deadlineFields),
    province: all(deadlinesOf, deadlineFields),
    mission: only(deadlinesOf, deadlineFields, heldBy),
  },
};

type TaskRequestRow = TaskWithRequestRow['request'];
const taskRequestFields: Table<TaskRequestRow> = {
  id: everyone,
  title: everyone,
  category: everyone,
  priority: everyone,
  provinceCode: everyone,
  status: everyone,
};

/** The task routes are for missions and MOFA: a province reads the tasks of its requests inside the request. */
const briefOfTask = (row: TaskWithRequestRow, viewer: Viewer) => see(taskRequestFields, row.request, viewer);
const taskDeadlinesOf = (row: TaskWithRequestRow) => row.deadlines;
const taskWithRequestFields: Table<TaskWithRequestRow, 'mofa' | 'mission'> = {
  ...taskFields,
  request: { mofa: briefOfTask, mission: briefOfTask },
  // A task's clocks are all held by its mission, which alone sees the task.
  deadlines: { mofa: all(taskDeadlinesOf, deadlineFields), mission: all(taskDeadlinesOf, deadlineFields) },
};

const messageFields: Table<MessageRow> = {
  id: everyone,
  requestId: everyone,
  audience: everyone,
  missionCode: everyone,
  author: everyone,
  authorAgency: everyone,
  body: everyone,
  createdAt: everyone,
  redactedAt: everyone,
  redactedBy: everyone,
  redactionReason: everyone,
};

const mofaSees = { mofa: shown } as const;

type EscalationRequestRow = Omit<RequestBriefRow, 'id'>;
const escalationRequestFields: Table<EscalationRequestRow, 'mofa'> = {
  title: mofaSees,
  provinceCode: mofaSees,
  status: mofaSees,
};

const escalationFields: Table<EscalationWithRequestRow, 'mofa'> = {
  id: mofaSees,
  clockId: mofaSees,
  requestId: mofaSees,
  taskId: mofaSees,
  stage: mofaSees,
  agency: mofaSees,
  level: mofaSees,
  state: mofaSees,
  dueAt: mofaSees,
  firedAt: mofaSees,
  acknowledgedBy: mofaSees,
  acknowledgedAt: mofaSees,
  note: mofaSees,
  request: { mofa: (row, viewer) => row.request && see(escalationRequestFields, row.request, viewer) },
};

// ── Views ────────────────────────────────────────────────────────────────────────────────────

/** A request's detail as the viewer sees it. */
export function seeRequestDetail(viewer: Viewer, request: RequestDetailRow): VisibleRequestDetail {
  return see(requestDetailFields, request, viewer);
}

/**
 * A row of the request list as the caller sees it. The list query is scoped by
 * {@link scopeRequestList}; a row outside that scope is a defect of the query, refused rather than shown.
 */
export function seeRequestListItem(caller: Principal, request: RequestListRow): VisibleRequestListItem {
  const viewer = requestViewer(caller, request);
  if (viewer === undefined) throw internal("the request list returned a request outside the caller's scope");
  return see(requestListFields, request, viewer);
}

/** A task (from the task routes) as the viewer sees it. */
export function seeTask(viewer: Viewer<'mofa' | 'mission'>, task: TaskWithRequestRow): TaskWithRequestRow {
  return see(taskWithRequestFields, task, viewer);
}

/** A row of the task list as the caller sees it; a row outside the list's scope is refused, as for requests. */
export function seeTaskListItem(caller: Principal, task: TaskWithRequestRow): TaskWithRequestRow {
  const viewer = taskViewer(caller, task);
  if (viewer === undefined) throw internal("the task list returned a task outside the caller's scope");
  return see(taskWithRequestFields, task, viewer);
}

/** An escalation as the caller sees it: MOFA's only. */
export function seeEscalation(caller: Principal, escalation: EscalationWithRequestRow): EscalationWithRequestRow {
  return see(escalationFields, escalation, escalationViewer(caller));
}

/**
 * A message of the thread as the viewer sees it. The thread's query is scoped by {@link scopeMessages}; a
 * message outside that scope is a defect of the query, refused rather than shown.
 */
export function seeMessage(viewer: Viewer, message: MessageRow): MessageRow {
  if (!seesMessage(viewer, message)) throw internal("the thread returned a message outside the caller's scope");
  return see(messageFields, message, viewer);
}

// ── Mail ─────────────────────────────────────────────────────────────────────────────────────

/** Everything a notification could be written from: the request, the event and the clock it concerns. */
export interface MailSource {
  requestId: string;
  taskId: string | null;
  title: string;
  description: string;
  provinceCode: string;
  missionCode: string | null;
  stage: Stage | null;
  level: EscalationLevel | null;
  dueAt: string | null;
  outcome: Outcome | null;
  /** The event's own data: questions, answers, reasons, response summaries, notes. */
  eventData: Record<string, unknown>;
}

const mailed = 'mailed';
const kept = 'kept';

/**
 * What a notification may carry. Mail leaves the system and is forwarded, so it says what to do and by when: the
 * request's title, the agencies, the stage, level and deadline, and a link. The request's text and everything the
 * event says in words (questions, answers, reasons, responses) stay behind the sign-in. A field added to
 * {@link MailSource} does not compile until it is decided here.
 */
const mailFields = {
  requestId: mailed,
  taskId: mailed,
  title: mailed,
  description: kept,
  provinceCode: mailed,
  missionCode: mailed,
  stage: mailed,
  level: mailed,
  dueAt: mailed,
  outcome: mailed,
  eventData: kept,
} as const satisfies { readonly [K in keyof MailSource]-?: typeof mailed | typeof kept };

type MailedField = {
  [K in keyof MailSource]: (typeof mailFields)[K] extends typeof mailed ? K : never;
}[keyof MailSource];
export type MailFacts = Pick<MailSource, MailedField>;

export function mailFacts(source: MailSource): MailFacts {
  const facts: Partial<MailSource> = {};
  for (const key of Object.keys(mailFields) as Array<keyof MailSource>) {
    if (mailFields[key] === mailed) Object.assign(facts, { [key]: source[key] });
  }
  return facts as MailFacts;
}

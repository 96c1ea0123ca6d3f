/**
 * Need-to-know as a table: every route that returns a request, task, SLA clock, timeline entry or
 * escalation, called as every role (for its own agency and for another), with the status each caller
 * gets and, in every answer, each field checked against the decision written in `views` below: shown as
 * MOFA sees it, hidden (null), or the caller's own part. A field without a decision fails the test, and
 * so does a decision that no fixture exercises (a hidden field that was null anyway proves nothing).
 *
 * The demo SLA policy makes clocks fire within seconds, so the fixtures carry real escalations. Each is
 * brought to a state that no longer changes by itself before it is read (clocks paused, stopped,
 * extended by a day, or past their last level), so two reads of it agree.
 *
 * Fixtures (KR-43's unless said otherwise):
 * - working: VN-HAN and JP-TYO hold tasks; VN-HAN asked the province a question (its response clock is
 *   paused, and extended), JP-TYO never accepted (its acceptance clock breached: level 3, escalations,
 *   one acknowledged). Request-wide the SLA state is breached; VN-HAN's own is paused.
 * - review: both missions responded (VN-HAN after its question was answered); the review clock runs.
 * - clarification: both missions declined, MOFA asked the province for clarification.
 * - closed: VN-HAN responded and the province accepted.
 * - elsewhere: KR-11's request, US-LAX holds its task and asked a question.
 * - withdrawn: withdrawn in triage (only to read the answer of the withdraw route).
 * Threads: `working` has a message to each audience (one to each mission's own thread) and two redacted ones (one
 * the province reads, one in VN-HAN's thread);
 * `elsewhere` one in US-LAX's thread. Every caller then writes to each audience of `review`'s thread.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageAudiences, slaStates, type MessageAudience, type SlaState } from '../../src/domain/vocabulary.js';
import { worstState } from '../../src/sla/index.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { provinceDesk } from '../../src/domain/agencies.js';
import {
  ADMIN,
  AMBASSADOR,
  COORDINATOR,
  HANOI,
  LOS_ANGELES,
  OTHER_PROVINCE,
  PROVINCE,
  SUPERVISOR,
  TOKYO,
  seededUsers,
} from '../support/users.js';

/** The province whose requests the fixtures mostly are. */
const OWNER = PROVINCE;
const USERS = [OWNER, AMBASSADOR, OTHER_PROVINCE, HANOI, TOKYO, LOS_ANGELES, COORDINATOR, SUPERVISOR, ADMIN];

const NO_TOKEN = 'no token';
const FORGED_TOKEN = 'a forged token';
/** Every caller: the users, and two without a valid token. */
const CALLERS = [NO_TOKEN, FORGED_TOKEN, ...USERS];
const withToken = (caller: string) => caller !== NO_TOKEN && caller !== FORGED_TOKEN;

const seeded = new Map(seededUsers(USERS).map((user) => [user.handle, user]));
const agencyOf = (user: string) => seeded.get(user)!.agencyCode;
const roleOf = (user: string) => seeded.get(user)!.role;
const isProvinceDesk = (user: string) => (provinceDesk as readonly string[]).includes(roleOf(user));
const isMofa = (user: string) => roleOf(user) === 'coordinator' || roleOf(user) === 'supervisor';

type Json = Record<string, unknown>;
interface Page {
  items: Json[];
  nextCursor: string | null;
}

// ── The decisions ─────────────────────────────────────────────────────────────────────────────

/** Who the caller is to a row: MOFA, the province that owns the request, or a mission holding a task on it. */
type Audience = 'mofa' | 'province' | 'mission';
/** shown: as MOFA sees it; hidden: null; own: only the caller's own part (see `ownParts`). */
type Decision = 'shown' | 'hidden' | 'own';
type Cells = Partial<Record<Audience, Decision>>;

const everyone: Cells = { mofa: 'shown', province: 'shown', mission: 'shown' };
/** The task routes: a province reads tasks only inside its own requests. */
const taskReaders: Cells = { mofa: 'shown', mission: 'shown' };
const mofa: Cells = { mofa: 'shown' };
const ownForMissions: Cells = { mofa: 'shown', province: 'shown', mission: 'own' };
const ownForOthers: Cells = { mofa: 'shown', province: 'own', mission: 'own' };

/**
 * Which messages of a thread each audience reads, and so may write: `own` is a mission's own MOFA-and-mission
 * thread. Entries of the timeline about a message follow the message.
 */
const threads: Record<MessageAudience, Cells> = {
  everyone: { mofa: 'shown', province: 'shown', mission: 'shown' },
  mofa: { mofa: 'shown' },
  mofa_mission: { mofa: 'shown', mission: 'own' },
  mofa_province: { mofa: 'shown', province: 'shown' },
};
function readsMessage(audience: Audience, agency: string, message: Json): boolean {
  const cell = threads[message.audience as MessageAudience][audience];
  return cell === 'shown' || (cell === 'own' && message.missionCode === agency);
}
const messageEventTypes = new Set(['message_posted', 'message_redacted']);
/** A timeline entry about a message, as the message it names. */
const messageOfEntry = (entry: Json): Json | undefined =>
  messageEventTypes.has(String(entry.type)) ? (entry.data as Json) : undefined;

type ViewName =
  | 'requestDetail'
  | 'requestListItem'
  | 'task'
  | 'taskWithRequest'
  | 'taskRequest'
  | 'clock'
  | 'deadline'
  | 'timelineEntry'
  | 'escalation'
  | 'escalationRequest'
  | 'message'
  | 'report'
  | 'reportGroup'
  | 'reportStats';

interface View {
  fields: Record<string, Cells>;
  /** Fields holding rows of another view (arrays or a single object). */
  rows?: Record<string, ViewName>;
  /** How rows of this view are matched with the reference's. */
  identity?: (row: Json) => string;
}

const requestFields: Record<string, Cells> = {
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
  slaState: ownForMissions,
  missions: ownForMissions,
  clarificationQuestion: { mofa: 'shown', province: 'shown', mission: 'hidden' },
  createdAt: everyone,
  updatedAt: everyone,
  closedAt: everyone,
};

const taskFields: Record<string, Cells> = {
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

const stats = Object.fromEntries(
  [
    'clocks',
    'completed',
    'onTime',
    'onTimeRate',
    'breaches',
    'level3',
    'medianDurationMs',
    'runningMs',
    'pausedMs',
  ].map((field) => [field, mofa]),
);

const views: Record<ViewName, View> = {
  requestDetail: {
    fields: { ...requestFields, tasks: ownForMissions, sla: ownForMissions, timeline: ownForOthers },
    rows: { tasks: 'task', sla: 'clock', timeline: 'timelineEntry' },
  },
  requestListItem: { fields: { ...requestFields, deadlines: ownForMissions }, rows: { deadlines: 'deadline' } },
  task: { fields: taskFields, identity: (row) => String(row.id) },
  taskWithRequest: {
    fields: {
      ...Object.fromEntries(Object.keys(taskFields).map((field) => [field, taskReaders])),
      request: taskReaders,
      // What the task inbox shows beside the task: all its clocks are held by its mission.
      deadlines: taskReaders,
    },
    rows: { request: 'taskRequest', deadlines: 'deadline' },
  },
  taskRequest: {
    fields: Object.fromEntries(
      ['id', 'title', 'category', 'priority', 'provinceCode', 'status'].map((field) => [field, taskReaders]),
    ),
  },
  clock: {
    fields: Object.fromEntries(
      [
        'clockId',
        'stage',
        'taskId',
        'holder',
        'dueAt',
        'originalDueAt',
        'state',
        'level',
        'pausedMs',
        'extensionReason',
      ].map((field) => [field, everyone]),
    ),
    identity: (row) => String(row.clockId),
  },
  deadline: {
    fields: Object.fromEntries(['stage', 'taskId', 'holder', 'state', 'dueAt'].map((field) => [field, everyone])),
    identity: (row) => `${String(row.stage)} ${String(row.taskId)} ${String(row.dueAt)}`,
  },
  timelineEntry: {
    fields: Object.fromEntries(['id', 'type', 'actor', 'at', 'taskId', 'data'].map((field) => [field, everyone])),
    identity: (row) => String(row.id),
  },
  escalation: {
    fields: Object.fromEntries(
      [
        'id',
        'clockId',
        'requestId',
        'taskId',
        'stage',
        'agency',
        'level',
        'state',
        'dueAt',
        'firedAt',
        'lagMs',
        'acknowledgedBy',
        'acknowledgedAt',
        'note',
        'request',
      ].map((field) => [field, mofa]),
    ),
    rows: { request: 'escalationRequest' },
  },
  escalationRequest: { fields: { title: mofa, provinceCode: mofa, status: mofa } },
  message: {
    fields: Object.fromEntries(
      [
        'id',
        'requestId',
        'audience',
        'missionCode',
        'author',
        'authorAgency',
        'body',
        'createdAt',
        'redactedAt',
        'redactedBy',
        'redactionReason',
      ].map((field) => [field, everyone]),
    ),
    identity: (row) => String(row.id),
  },
  report: {
    fields: { from: mofa, to: mofa, groupBy: mofa, groups: mofa, totals: mofa },
    rows: { groups: 'reportGroup', totals: 'reportStats' },
  },
  reportGroup: { fields: { key: mofa, ...stats }, identity: (row) => String(row.key) },
  reportStats: { fields: stats },
};

/** Fields that change while a clock is paused: compared by presence, not value. */
const changingByThemselves = new Set(['clock.pausedMs']);

const heldBy = (agency: string) => (clock: Json) => clock.holder === agency;
const clockStates = (clocks: unknown) => (clocks as Json[]).map((clock) => clock.state as SlaState);

/** The caller's own part of a field decided `own`: what a mission holding a task sees. */
const ownParts: Record<string, (reference: Json, agency: string, audience: Audience) => unknown> = {
  'requestDetail.slaState': (reference, agency) =>
    worstState(clockStates((reference.sla as Json[]).filter(heldBy(agency)))),
  'requestListItem.slaState': (reference, agency) =>
    worstState(clockStates((reference.deadlines as Json[]).filter(heldBy(agency)))),
  'requestDetail.missions': (_reference, agency) => [agency],
  'requestListItem.missions': (_reference, agency) => [agency],
  'requestDetail.tasks': (reference, agency) =>
    (reference.tasks as Json[]).filter((task) => task.missionCode === agency),
  'requestDetail.sla': (reference, agency) => (reference.sla as Json[]).filter(heldBy(agency)),
  'requestListItem.deadlines': (reference, agency) => (reference.deadlines as Json[]).filter(heldBy(agency)),
  'requestDetail.timeline': (reference, agency, audience) => {
    const own = new Set(
      (reference.tasks as Json[]).filter((task) => task.missionCode === agency).map((task) => task.id),
    );
    return (reference.timeline as Json[]).filter((entry) => {
      const message = messageOfEntry(entry);
      if (message !== undefined) return readsMessage(audience, agency, message);
      if (audience === 'province') return true;
      return entry.taskId === null ? entry.type === 'submitted' : own.has(entry.taskId);
    });
  },
};

// ── Checking an answer against the decisions ─────────────────────────────────────────────────

/** Cells seen with a value that tells the decision apart: shown non-empty, hidden over a value, own narrowed. */
const exercised = new Set<string>();

/**
 * Cells that the rows an audience reads leave empty, so that no value could tell the decision apart: each is checked
 * to be empty instead. The province reads messages to everyone and to MOFA and the province, which name no mission.
 */
const emptyInTheirRows = new Set(['message.missionCode.province']);

const isEmpty = (value: unknown) =>
  value === null || value === undefined || (Array.isArray(value) && value.length === 0);

function checkRow(view: ViewName, actual: Json, reference: Json, audience: Audience, agency: string, path: string) {
  const { fields, rows = {}, identity } = views[view];
  expect(Object.keys(actual).sort(), `${path}: the fields, each needing a decision`).toEqual(
    Object.keys(fields).sort(),
  );
  if (identity !== undefined) expect(identity(actual), path).toBe(identity(reference));
  for (const [field, cells] of Object.entries(fields)) {
    const decision = cells[audience];
    const where = `${path}.${field} (${view}, ${audience})`;
    expect(decision, `${where}: the audience sees this view`).toBeDefined();
    const value = actual[field];
    const cell = `${view}.${field}.${audience}`;
    if (decision === 'hidden') {
      expect(value, where).toBeNull();
      if (!isEmpty(reference[field])) exercised.add(cell);
      continue;
    }
    if (emptyInTheirRows.has(cell)) {
      expect(isEmpty(value), `${where}: empty in every row this audience reads`).toBe(true);
      exercised.add(cell);
    }
    const own = ownParts[`${view}.${field}`];
    if (decision === 'own' && own === undefined) throw new Error(`${where}: no own part is defined`);
    const expected = decision === 'own' ? own!(reference, agency, audience) : reference[field];
    if (decision === 'own' ? JSON.stringify(expected) !== JSON.stringify(reference[field]) : !isEmpty(value)) {
      exercised.add(cell);
    }
    const rowView = rows[field];
    if (rowView !== undefined) {
      checkRows(rowView, value, expected, audience, agency, `${path}.${field}`);
    } else if (changingByThemselves.has(`${view}.${field}`)) {
      expect(isEmpty(value), where).toBe(isEmpty(expected));
    } else {
      expect(value, where).toEqual(expected);
    }
  }
}

function checkRows(
  view: ViewName,
  actual: unknown,
  expected: unknown,
  audience: Audience,
  agency: string,
  path: string,
) {
  if (!Array.isArray(expected)) {
    if (expected === null) expect(actual, path).toBeNull();
    else checkRow(view, actual as Json, expected as Json, audience, agency, path);
    return;
  }
  expect(Array.isArray(actual), path).toBe(true);
  const identity = views[view].identity ?? ((row: Json) => JSON.stringify(row));
  expect((actual as Json[]).map(identity), `${path}: which rows`).toEqual(expected.map((row: Json) => identity(row)));
  (actual as Json[]).forEach((row, index) =>
    checkRow(view, row, expected[index] as Json, audience, agency, `${path}[${index}]`),
  );
}

/** How a user sees a request, from MOFA's (complete) view of it; undefined when it may not see it. */
function requestAudience(user: string, request: Json): Audience | undefined {
  if (isMofa(user)) return 'mofa';
  if (isProvinceDesk(user)) return request.provinceCode === agencyOf(user) ? 'province' : undefined;
  if (roleOf(user) === 'mission_officer') {
    return (request.missions as string[]).includes(agencyOf(user)) ? 'mission' : undefined;
  }
  return undefined;
}

function taskAudience(user: string, task: Json): Audience | undefined {
  if (isMofa(user)) return 'mofa';
  return roleOf(user) === 'mission_officer' && task.missionCode === agencyOf(user) ? 'mission' : undefined;
}

// ── The stack, the fixtures and the answers of the state-changing routes ─────────────────────

let stack: Stack;

async function call(caller: string, method: 'GET' | 'POST', url: string, body?: unknown) {
  if (caller === FORGED_TOKEN) {
    return stack.app.inject({
      method,
      url,
      headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJNT0ZBOmFkbWluIn0.c2lnbmF0dXJl' },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }
  const agent = stack.as(caller === NO_TOKEN ? null : caller);
  return method === 'GET' ? agent.get(url) : agent.post(url, body);
}

async function get<T = Json>(user: string, url: string): Promise<T> {
  const response = await stack.as(user).get(url);
  expect(response.statusCode, `${user} GET ${url}: ${response.body}`).toBe(200);
  return response.json<T>();
}

/** What MOFA sees, against which every other caller's answer is checked. */
const reference = {
  request: (id: string) => get(COORDINATOR, `/v1/requests/${id}`),
  /** The whole thread, newest first. */
  thread: async (id: string) => (await get<Page>(COORDINATOR, `/v1/requests/${id}/messages?limit=100`)).items,
  message: async (requestId: string, id: string) => {
    const found = (await reference.thread(requestId)).find((item) => item.id === id);
    if (found === undefined) throw new Error(`message ${id} is not in the thread`);
    return found;
  },
  task: (id: string) => get(COORDINATOR, `/v1/tasks/${id}`),
  escalation: async (requestId: string, id: string) => {
    const { items } = await get<Page>(COORDINATOR, `/v1/escalations?requestId=${requestId}&limit=100`);
    const found = items.find((item) => item.id === id);
    if (found === undefined) throw new Error(`escalation ${id} is not listed`);
    return found;
  },
};

/** Routes that answer 201. */
const creating = new Set(['POST /v1/requests', 'POST /v1/requests/:id/messages']);

/** One answer of a state-changing route, with MOFA's view of the same thing read right after it. */
interface Answer {
  user: string;
  url: string;
  body: unknown;
  response: LightMyRequestResponse;
  reference: Json;
}
const answers = new Map<string, Answer[]>();

async function act(
  pattern: string,
  user: string,
  url: string,
  body: unknown,
  referenceOf: (answer: Json) => Promise<Json>,
): Promise<Json> {
  const response = await stack.as(user).post(url, body);
  expect(response.statusCode, `${user} POST ${url}: ${response.body}`).toBe(creating.has(pattern) ? 201 : 200);
  const answer = response.json<Json>();
  answers.set(pattern, [
    ...(answers.get(pattern) ?? []),
    { user, url, body, response, reference: await referenceOf(answer) },
  ]);
  return answer;
}

const ofRequest = (answer: Json) => reference.request(String(answer.id));
const ofTask = (answer: Json) => reference.task(String(answer.id));

const submission = (title: string) => ({
  title,
  description: `Need-to-know fixture: ${title}.`,
  category: 'culture',
  priority: 'priority',
  targetCountries: ['VN', 'JP'],
  desiredBy: '2031-03-01',
});
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

const submit = async (user: string, title: string) =>
  String((await act('POST /v1/requests', user, '/v1/requests', submission(title), ofRequest)).id);
const assign = async (id: string, missions: string[]) => {
  const response = await stack.as(COORDINATOR).post(`/v1/requests/${id}/triage`, {
    action: 'assign',
    missions,
    note: 'Partner institutions, please',
  });
  expect(response.statusCode, response.body).toBe(200);
  const tasks = response.json<{ tasks: Json[] }>().tasks;
  return (mission: string) => String(tasks.find((task) => task.missionCode === mission)!.id);
};
const taskAction = (action: string, user: string, task: string, body?: unknown) =>
  act(`POST /v1/tasks/:id/${action}`, user, `/v1/tasks/${task}/${action}`, body, ofTask);
const post = async (user: string, url: string, body?: unknown) => {
  const response = await stack.as(user).post(url, body);
  expect(response.statusCode, `${user} POST ${url}: ${response.body}`).toBe(200);
};
const statusOf = async (id: string) => (await reference.request(id)).status;
const write = (user: string, id: string, message: Json) =>
  act('POST /v1/requests/:id/messages', user, `/v1/requests/${id}/messages`, message, (answer) =>
    reference.message(id, String(answer.id)),
  );

interface Fixture {
  id: string;
  tasks: string[];
}
const fx = {} as Record<FixtureName, Fixture>;
/** The escalation the supervisor acknowledged. */
let acknowledged: Answer;
/** The administrator's redaction of a message of `working`. */
let redaction: LightMyRequestResponse;

async function working(): Promise<void> {
  const id = await submit(OWNER, 'working');
  const task = await assign(id, ['VN-HAN', 'JP-TYO']);
  await taskAction('accept', HANOI, task('VN-HAN'));
  await taskAction('request-info', HANOI, task('VN-HAN'), { question: 'Which dates suit the universities?' });
  await write(OWNER, id, { audience: 'everyone', body: 'The colleges can host visits in May.' });
  await write(COORDINATOR, id, { audience: 'mofa', body: 'Internal: Tokyo has not accepted yet.' });
  await write(COORDINATOR, id, { audience: 'mofa_mission', missionCode: 'VN-HAN', body: 'Hanoi universities first.' });
  await write(TOKYO, id, { audience: 'mofa_mission', body: 'Tokyo needs a week to decide.' });
  await write(OWNER, id, { audience: 'mofa_province', body: 'The budget is limited this year.' });
  await write(HANOI, id, { audience: 'everyone', body: 'Three universities have been contacted.' });
  const slip = await write(OWNER, id, { audience: 'mofa_province', body: 'Call the officer on 010-0000-0000.' });
  redaction = await stack.as(ADMIN).post(`/v1/messages/${String(slip.id)}/redact`, { reason: 'Personal data' });
  expect(redaction.statusCode, redaction.body).toBe(200);
  // And one a mission reads, so that a mission is shown a redaction too.
  const missionSlip = await write(HANOI, id, { audience: 'mofa_mission', body: 'My number is 010-1111-1111.' });
  const missionRedaction = await stack
    .as(ADMIN)
    .post(`/v1/messages/${String(missionSlip.id)}/redact`, { reason: 'Personal data' });
  expect(missionRedaction.statusCode, missionRedaction.body).toBe(200);
  // JP-TYO never accepts: its acceptance clock (30 s on the demo policy) reaches level 3 at 45 s.
  const escalations = await eventually(
    async () => {
      const { items } = await get<Page>(SUPERVISOR, `/v1/escalations?requestId=${id}&limit=100`);
      return items.some((item) => item.taskId === task('JP-TYO') && item.level === 3) ? items : undefined;
    },
    120_000,
    "JP-TYO's level 3",
  );
  await act(
    'POST /v1/requests/:id/extend',
    COORDINATOR,
    `/v1/requests/${id}/extend`,
    { stage: 'response', taskId: task('VN-HAN'), until: tomorrow(), reason: 'The universities are on holiday' },
    ofRequest,
  );
  const first = escalations.find((item) => item.taskId === task('JP-TYO') && item.level === 1)!;
  await act(
    'POST /v1/escalations/:id/acknowledge',
    SUPERVISOR,
    `/v1/escalations/${String(first.id)}/acknowledge`,
    { note: 'Calling Tokyo' },
    () => reference.escalation(id, String(first.id)),
  );
  acknowledged = answers.get('POST /v1/escalations/:id/acknowledge')![0]!;
  fx.working = { id, tasks: [task('VN-HAN'), task('JP-TYO')] };
}

async function review(): Promise<void> {
  const id = await submit(OWNER, 'review');
  const task = await assign(id, ['VN-HAN', 'JP-TYO']);
  await taskAction('accept', HANOI, task('VN-HAN'));
  await post(TOKYO, `/v1/tasks/${task('JP-TYO')}/accept`);
  await post(HANOI, `/v1/tasks/${task('VN-HAN')}/request-info`, { question: 'How many students?' });
  await act(
    'POST /v1/requests/:id/clarification',
    OWNER,
    `/v1/requests/${id}/clarification`,
    { answer: 'About forty', taskId: task('VN-HAN') },
    ofRequest,
  );
  // JP-TYO's task is still open, so the request stays assigned while this answer is read.
  await taskAction('respond', HANOI, task('VN-HAN'), { summary: 'Three universities', details: 'In Hanoi' });
  await post(TOKYO, `/v1/tasks/${task('JP-TYO')}/respond`, { summary: 'Two universities' });
  await eventually(async () => ((await statusOf(id)) === 'review' ? true : undefined), 30_000, 'review');
  // The demo review clock would close the request after 60 s.
  await post(COORDINATOR, `/v1/requests/${id}/extend`, { stage: 'review', until: tomorrow(), reason: 'Board meets' });
  fx.review = { id, tasks: [task('VN-HAN'), task('JP-TYO')] };
}

async function clarification(): Promise<void> {
  const id = await submit(OWNER, 'clarification');
  const task = await assign(id, ['VN-HAN', 'JP-TYO']);
  // JP-TYO's task is still open, so the request stays assigned while this answer is read.
  await taskAction('decline', HANOI, task('VN-HAN'), { reason: 'No partner universities here' });
  await post(TOKYO, `/v1/tasks/${task('JP-TYO')}/decline`, { reason: 'Out of season' });
  await eventually(async () => ((await statusOf(id)) === 'triage' ? true : undefined), 30_000, 'triage');
  await act(
    'POST /v1/requests/:id/triage',
    COORDINATOR,
    `/v1/requests/${id}/triage`,
    { action: 'clarify', question: 'Which cities besides Cheongju?' },
    ofRequest,
  );
  await post(COORDINATOR, `/v1/requests/${id}/extend`, {
    stage: 'clarification',
    until: tomorrow(),
    reason: 'The province is consulting',
  });
  fx.clarification = { id, tasks: [task('VN-HAN'), task('JP-TYO')] };
}

/** Submitted and accepted by the province's Ambassador for International Relations, who acts for its desk. */
async function closed(): Promise<void> {
  const id = await submit(AMBASSADOR, 'closed');
  const task = await assign(id, ['VN-HAN']);
  await post(HANOI, `/v1/tasks/${task('VN-HAN')}/accept`);
  await post(HANOI, `/v1/tasks/${task('VN-HAN')}/respond`, { summary: 'Done' });
  await eventually(async () => ((await statusOf(id)) === 'review' ? true : undefined), 30_000, 'review');
  await act(
    'POST /v1/requests/:id/review',
    AMBASSADOR,
    `/v1/requests/${id}/review`,
    { decision: 'accept', comment: 'Thank you' },
    ofRequest,
  );
  fx.closed = { id, tasks: [task('VN-HAN')] };
}

async function elsewhere(): Promise<void> {
  const id = await submit(OTHER_PROVINCE, 'elsewhere');
  const task = await assign(id, ['US-LAX']);
  await post(LOS_ANGELES, `/v1/tasks/${task('US-LAX')}/accept`);
  await post(LOS_ANGELES, `/v1/tasks/${task('US-LAX')}/request-info`, { question: 'Which sister city?' });
  const message = await stack
    .as(LOS_ANGELES)
    .post(`/v1/requests/${id}/messages`, { audience: 'mofa_mission', body: 'Los Angeles: is Seoul sure?' });
  expect(message.statusCode, message.body).toBe(201);
  fx.elsewhere = { id, tasks: [task('US-LAX')] };
}

async function withdrawn(): Promise<void> {
  const id = await submit(OWNER, 'withdrawn');
  await act('POST /v1/requests/:id/withdraw', OWNER, `/v1/requests/${id}/withdraw`, { reason: 'Merged' }, ofRequest);
}

/** The oldest fixture's creation: lists are read back to it. */
let since = '';

beforeAll(async () => {
  stack = await startStack({ env: { SLA_POLICY: 'demo' } });
  since = new Date().toISOString();
  await Promise.all([working(), review(), clarification(), closed(), elsewhere(), withdrawn()]);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

// ── Routes, statuses and views ────────────────────────────────────────────────────────────────

const fixtureNames = ['working', 'review', 'clarification', 'closed', 'elsewhere'] as const;
type FixtureName = (typeof fixtureNames)[number];

/** Statuses of a route that changes state: the one answer recorded above, and a refusal for everyone else. */
const refused = (allowed: string[], notFoundFor: string[] = []) =>
  Object.fromEntries(
    USERS.filter((user) => !allowed.includes(user)).map((user) => [user, notFoundFor.includes(user) ? 404 : 403]),
  ) as Partial<Record<string, number>>;

const changes: Array<{ pattern: string; view: ViewName; refusals: Partial<Record<string, number>> }> = [
  { pattern: 'POST /v1/requests', view: 'requestDetail', refusals: refused([OWNER, AMBASSADOR, OTHER_PROVINCE]) },
  { pattern: 'POST /v1/requests/:id/triage', view: 'requestDetail', refusals: refused([COORDINATOR]) },
  {
    pattern: 'POST /v1/requests/:id/clarification',
    view: 'requestDetail',
    refusals: refused([OWNER, AMBASSADOR], [OTHER_PROVINCE]),
  },
  {
    pattern: 'POST /v1/requests/:id/withdraw',
    view: 'requestDetail',
    refusals: refused([OWNER, AMBASSADOR], [OTHER_PROVINCE]),
  },
  { pattern: 'POST /v1/requests/:id/extend', view: 'requestDetail', refusals: refused([COORDINATOR]) },
  {
    pattern: 'POST /v1/requests/:id/review',
    view: 'requestDetail',
    refusals: refused([OWNER, AMBASSADOR], [OTHER_PROVINCE]),
  },
  ...['accept', 'decline', 'request-info', 'respond'].map((action) => ({
    pattern: `POST /v1/tasks/:id/${action}`,
    view: 'taskWithRequest' as const,
    refusals: refused([HANOI], [TOKYO, LOS_ANGELES]),
  })),
  { pattern: 'POST /v1/escalations/:id/acknowledge', view: 'escalation', refusals: refused([SUPERVISOR]) },
  {
    pattern: 'POST /v1/requests/:id/messages',
    view: 'message',
    refusals: refused([OWNER, AMBASSADOR, HANOI, TOKYO, COORDINATOR, SUPERVISOR], [OTHER_PROVINCE, LOS_ANGELES]),
  },
];

function answerOf(pattern: string): Answer[] {
  const recorded = answers.get(pattern);
  if (recorded === undefined) throw new Error(`no answer of ${pattern} was recorded`);
  return recorded;
}

async function audienceOfAnswer(view: ViewName, answer: Answer): Promise<Audience> {
  const audience =
    view === 'requestDetail'
      ? requestAudience(answer.user, answer.reference)
      : view === 'message'
        ? requestAudience(answer.user, await reference.request(String(answer.reference.requestId)))
        : view === 'taskWithRequest'
          ? taskAudience(answer.user, answer.reference)
          : 'mofa';
  if (audience === undefined) throw new Error(`${answer.user} got an answer about something it may not see`);
  return audience;
}

describe('routes that change state: each answer, field by field, and every other caller refused', () => {
  describe.each(changes)('$pattern', ({ pattern, view, refusals }) => {
    it('answers the allowed caller with its view of the result', async () => {
      for (const answer of answerOf(pattern)) {
        checkRow(
          view,
          answer.response.json<Json>(),
          answer.reference,
          await audienceOfAnswer(view, answer),
          agencyOf(answer.user),
          `${answer.user} ${answer.url}`,
        );
      }
    });

    it.each(CALLERS.filter((caller) => !withToken(caller) || caller in refusals))('refuses %s', async (caller) => {
      const { url, body } = answerOf(pattern)[0]!;
      const status = withToken(caller) ? refusals[caller]! : 401;
      const response = await call(caller, 'POST', url, body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (status === 401) expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    });
  });
});

describe('GET /v1/requests/:id', () => {
  const cases = fixtureNames.flatMap((name) => CALLERS.map((caller): [FixtureName, string] => [name, caller]));
  it.each(cases)('%s as %s', async (name, caller) => {
    const { id } = fx[name];
    const response = await call(caller, 'GET', `/v1/requests/${id}`);
    const truth = await reference.request(id);
    if (!withToken(caller)) {
      expect(response.statusCode).toBe(401);
      return;
    }
    const audience = requestAudience(caller, truth);
    expect(response.statusCode, response.body).toBe(caller === ADMIN ? 403 : audience === undefined ? 404 : 200);
    if (audience !== undefined) {
      checkRow('requestDetail', response.json<Json>(), truth, audience, agencyOf(caller), `${caller} ${name}`);
    }
  });
});

describe('GET /v1/tasks/:id', () => {
  const cases = fixtureNames.flatMap((name) => CALLERS.map((caller): [FixtureName, string] => [name, caller]));
  it.each(cases)('the tasks of %s as %s', async (name, caller) => {
    for (const id of fx[name].tasks) {
      const response = await call(caller, 'GET', `/v1/tasks/${id}`);
      const truth = await reference.task(id);
      if (!withToken(caller)) {
        expect(response.statusCode).toBe(401);
        continue;
      }
      const audience = taskAudience(caller, truth);
      const refusedByRole = isProvinceDesk(caller) || caller === ADMIN;
      expect(response.statusCode, response.body).toBe(refusedByRole ? 403 : audience === undefined ? 404 : 200);
      if (audience !== undefined) {
        checkRow('taskWithRequest', response.json<Json>(), truth, audience, agencyOf(caller), `${caller} task ${id}`);
      }
    }
  });
});

/** Every item of a newest-first list back to the fixtures' creation. */
async function listSince(user: string, url: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const page: Page = await get<Page>(
      user,
      `${url}${separator}limit=100${cursor === null ? '' : `&cursor=${cursor}`}`,
    );
    items.push(...page.items);
    if (page.items.some((item) => String(item.createdAt) < since)) break;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items.filter((item) => String(item.createdAt) >= since);
}

describe('GET /v1/requests', () => {
  it.each([
    [NO_TOKEN, 401],
    [FORGED_TOKEN, 401],
    [ADMIN, 403],
  ] as const)('refuses %s', async (caller, status) => {
    expect((await call(caller, 'GET', '/v1/requests')).statusCode).toBe(status);
  });

  it.each(USERS.filter((user) => user !== ADMIN))(
    'lists for %s exactly the requests it may see, each field as decided',
    async (user) => {
      const seen = await listSince(user, '/v1/requests');
      const truth = new Map((await listSince(COORDINATOR, '/v1/requests')).map((item) => [item.id, item]));
      // Scoping is checked against the database, not against the (narrowed) answer.
      const ids = seen.map((item) => String(item.id));
      const rows = await stack.prisma.request.findMany({
        where: { id: { in: ids } },
        select: { id: true, provinceCode: true, tasks: { select: { missionCode: true } } },
      });
      expect(rows).toHaveLength(ids.length);
      for (const row of rows) {
        const visible =
          isMofa(user) ||
          (isProvinceDesk(user) && row.provinceCode === agencyOf(user)) ||
          (roleOf(user) === 'mission_officer' && row.tasks.some((task) => task.missionCode === agencyOf(user)));
        expect(visible, `${user} lists ${row.id}`).toBe(true);
      }
      for (const name of fixtureNames) {
        const { id } = fx[name];
        const full = await reference.request(id);
        const audience = requestAudience(user, full);
        const item = seen.find((candidate) => candidate.id === id);
        expect(item !== undefined, `${user} lists ${name}`).toBe(audience !== undefined);
        if (item !== undefined && audience !== undefined) {
          checkRow('requestListItem', item, truth.get(id)!, audience, agencyOf(user), `${user} list ${name}`);
        }
      }
    },
  );

  it.each(USERS.filter((user) => user !== ADMIN))(
    'shows %s the same request in the list and the detail',
    async (user) => {
      const seen = await listSince(user, '/v1/requests');
      for (const name of fixtureNames) {
        const item = seen.find((candidate) => candidate.id === fx[name].id);
        if (item === undefined) continue;
        const { tasks: _tasks, sla, timeline: _timeline, ...detail } = await get(user, `/v1/requests/${fx[name].id}`);
        const { deadlines, ...summary } = item;
        expect(summary, `${user} ${name}`).toEqual(detail);
        const running = (sla as Json[])
          .map(({ stage, taskId, holder, state, dueAt }) => ({ stage, taskId, holder, state, dueAt }))
          .sort((a, b) => String(a.dueAt).localeCompare(String(b.dueAt)));
        expect(deadlines, `${user} ${name}: the list's deadlines are the detail's clocks`).toEqual(running);
      }
    },
  );

  it.each(USERS.filter((user) => user !== ADMIN))(
    'filters the list of %s by the SLA state it is shown in the detail',
    async (user) => {
      const shown = new Map<string, unknown>();
      for (const name of fixtureNames) {
        const response = await stack.as(user).get(`/v1/requests/${fx[name].id}`);
        if (response.statusCode === 200) shown.set(fx[name].id, response.json<Json>().slaState);
      }
      for (const state of slaStates) {
        const listed = (await listSince(user, `/v1/requests?slaState=${state}`)).map((item) => item.id);
        const expected = [...shown].filter(([, seen]) => seen === state).map(([id]) => id);
        expect(listed.filter((id) => shown.has(String(id))).sort(), `${user} ?slaState=${state}`).toEqual(
          expected.sort(),
        );
      }
    },
  );

  it("filters a mission's list by its own clocks, not the request's", async () => {
    const { id } = fx.working;
    expect((await reference.request(id)).slaState).toBe('breached');
    expect((await get(HANOI, `/v1/requests/${id}`)).slaState).toBe('paused');
    const listed = async (user: string) =>
      (await listSince(user, '/v1/requests?slaState=breached')).map((item) => item.id);
    expect(await listed(TOKYO)).toContain(id);
    expect(await listed(HANOI)).not.toContain(id);
  });

  it('gives an empty page for a filter naming another agency', async () => {
    for (const [user, query] of [
      [OTHER_PROVINCE, 'province=KR-43'],
      [LOS_ANGELES, 'mission=VN-HAN'],
    ] as const) {
      expect(await get(user, `/v1/requests?${query}`)).toEqual({ items: [], nextCursor: null });
    }
  });
});

describe('GET /v1/tasks', () => {
  it.each([
    [NO_TOKEN, 401],
    [FORGED_TOKEN, 401],
    [OWNER, 403],
    [AMBASSADOR, 403],
    [OTHER_PROVINCE, 403],
    [ADMIN, 403],
  ] as const)('refuses %s', async (caller, status) => {
    expect((await call(caller, 'GET', '/v1/tasks')).statusCode).toBe(status);
  });

  it.each([HANOI, TOKYO, LOS_ANGELES, COORDINATOR, SUPERVISOR] as const)(
    'lists for %s exactly the tasks it may see, each field as decided',
    async (user) => {
      const seen = await listSince(user, '/v1/tasks');
      const rows = await stack.prisma.task.findMany({
        where: { id: { in: seen.map((item) => String(item.id)) } },
        select: { id: true, missionCode: true },
      });
      expect(rows).toHaveLength(seen.length);
      for (const row of rows)
        expect(isMofa(user) || row.missionCode === agencyOf(user), `${user} lists ${row.id}`).toBe(true);
      for (const name of fixtureNames) {
        for (const id of fx[name].tasks) {
          const truth = await reference.task(id);
          const audience = taskAudience(user, truth);
          const item = seen.find((candidate) => candidate.id === id);
          expect(item !== undefined, `${user} lists task ${id} of ${name}`).toBe(audience !== undefined);
          if (item !== undefined && audience !== undefined) {
            checkRow('taskWithRequest', item, truth, audience, agencyOf(user), `${user} task list ${name}`);
          }
        }
      }
    },
  );

  it('gives an empty page for a filter naming another mission', async () => {
    expect(await get(LOS_ANGELES, '/v1/tasks?mission=VN-HAN')).toEqual({ items: [], nextCursor: null });
  });
});

describe('GET /v1/escalations', () => {
  it.each(CALLERS)('as %s', async (caller) => {
    const url = `/v1/escalations?requestId=${fx.working.id}&limit=100`;
    const response = await call(caller, 'GET', url);
    if (!withToken(caller)) {
      expect(response.statusCode).toBe(401);
      return;
    }
    expect(response.statusCode, response.body).toBe(isMofa(caller) ? 200 : 403);
    if (!isMofa(caller)) return;
    const other = caller === COORDINATOR ? SUPERVISOR : COORDINATOR;
    const truth = await get<Page>(other, url);
    const { items } = response.json<Page>();
    expect(items.map((item) => item.id)).toEqual(truth.items.map((item) => item.id));
    expect(items.map((item) => item.id)).toContain(acknowledged.response.json<Json>().id);
    items.forEach((item, index) =>
      checkRow('escalation', item, truth.items[index]!, 'mofa', agencyOf(caller), `${caller} escalation ${index}`),
    );
  });
});

describe('GET /v1/reports/sla', () => {
  it.each(CALLERS)('as %s', async (caller) => {
    const response = await call(caller, 'GET', '/v1/reports/sla');
    if (!withToken(caller)) {
      expect(response.statusCode).toBe(401);
      return;
    }
    expect(response.statusCode, response.body).toBe(isMofa(caller) ? 200 : 403);
    if (!isMofa(caller)) return;
    const report = response.json<Json>();
    checkRow('report', report, report, 'mofa', 'MOFA', 'report');
  });
});

/** The access log's entries of one caller's reads of one request. */
const accessLogOf = (actor: string, requestId: string) =>
  stack.prisma.accessLogEntry.findMany({ where: { actor, requestId } });

/** Cells of {@link threads} read with a message of that audience in the thread, present or not in the answer. */
const threadCellsExercised = new Set<string>();

describe('GET /v1/requests/:id/messages', () => {
  const cases = fixtureNames.flatMap((name) => CALLERS.map((caller): [FixtureName, string] => [name, caller]));
  it.each(cases)('%s as %s', async (name, caller) => {
    const { id } = fx[name];
    const logged = await accessLogOf(caller, id);
    const response = await call(caller, 'GET', `/v1/requests/${id}/messages?limit=100`);
    const newEntries = (await accessLogOf(caller, id)).filter((entry) => !logged.some((old) => old.id === entry.id));
    if (!withToken(caller)) {
      expect(response.statusCode).toBe(401);
      return;
    }
    const audience = requestAudience(caller, await reference.request(id));
    expect(response.statusCode, response.body).toBe(caller === ADMIN ? 403 : audience === undefined ? 404 : 200);
    if (audience === undefined) {
      expect(newEntries, 'a refused read shows nothing, and logs nothing').toEqual([]);
      return;
    }
    // The read is in the access log with the messages it showed.
    expect(
      newEntries.map(({ action, actorRole, actorAgency, subjects, route }) => ({
        action,
        actorRole,
        actorAgency,
        subjects,
        route,
      })),
    ).toEqual([
      {
        action: 'thread_read',
        actorRole: roleOf(caller),
        actorAgency: agencyOf(caller),
        subjects: response.json<Page>().items.map((item) => item.id),
        route: 'GET /v1/requests/:id/messages',
      },
    ]);
    expect(newEntries[0]?.address).toMatch(/\S/);
    const truth = await reference.thread(id);
    const agency = agencyOf(caller);
    const expected = truth.filter((message) => readsMessage(audience, agency, message));
    checkRows('message', response.json<Page>().items, expected, audience, agency, `${caller} thread of ${name}`);
    for (const message of truth) {
      const messageAudience = message.audience as MessageAudience;
      // An own-thread cell proves something once another mission's thread was there to be left out.
      if (threads[messageAudience][audience] !== 'own' || message.missionCode !== agency) {
        threadCellsExercised.add(`${messageAudience}.${audience}`);
      }
    }
  });
});

describe('POST /v1/requests/:id/messages: each audience as each caller, and who reads the message', () => {
  const writes = messageAudiences.flatMap((audience) =>
    USERS.map((user): [MessageAudience, string] => [audience, user]),
  );
  it.each(writes)('to %s as %s', async (audience, user) => {
    const { id } = fx.review;
    const request = await reference.request(id);
    const writer = requestAudience(user, request);
    // MOFA names the mission of a MOFA-and-mission thread; a mission writes to its own.
    const missionCode = audience === 'mofa_mission' && isMofa(user) ? { missionCode: 'VN-HAN' } : {};
    const response = await stack
      .as(user)
      .post(`/v1/requests/${id}/messages`, { audience, ...missionCode, body: `To ${audience} from ${user}` });
    const expected = user === ADMIN ? 403 : writer === undefined ? 404 : threads[audience][writer] ? 201 : 403;
    expect(response.statusCode, response.body).toBe(expected);
    if (expected !== 201) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      return;
    }
    const message = response.json<Json>();
    expect(message.missionCode).toBe(audience === 'mofa_mission' ? (isMofa(user) ? 'VN-HAN' : agencyOf(user)) : null);
    for (const reader of USERS.filter((candidate) => candidate !== ADMIN)) {
      const readerAudience = requestAudience(reader, request);
      const thread = await stack.as(reader).get(`/v1/requests/${id}/messages?limit=100`);
      const listed = thread.statusCode === 200 && thread.json<Page>().items.some((item) => item.id === message.id);
      const reads = readerAudience !== undefined && readsMessage(readerAudience, agencyOf(reader), message);
      expect(listed, `${reader} reads a message to ${audience} from ${user}`).toBe(reads);
      const timeline = await stack.as(reader).get(`/v1/requests/${id}`);
      const entry =
        timeline.statusCode === 200 &&
        timeline
          .json<{ timeline: Json[] }>()
          .timeline.some((item) => item.type === 'message_posted' && (item.data as Json).messageId === message.id);
      expect(entry, `${reader} sees the timeline entry of a message to ${audience} from ${user}`).toBe(reads);
    }
  });
});

describe('POST /v1/messages/:id/redact', () => {
  it('answers the administrator without the content, and the thread keeps who, when and why', async () => {
    const answer = redaction.json<Json>();
    expect(Object.keys(answer).sort()).toEqual(
      ['messageId', 'redactedAt', 'redactedBy', 'redactionReason', 'requestId'].sort(),
    );
    const message = await reference.message(fx.working.id, String(answer.messageId));
    expect(message).toMatchObject({ body: '', redactedBy: ADMIN, redactionReason: 'Personal data' });
    const { timeline } = await reference.request(fx.working.id);
    expect((timeline as Json[]).map((entry) => entry.type)).toContain('message_redacted');
  });

  it.each(CALLERS.filter((caller) => caller !== ADMIN))('refuses %s', async (caller) => {
    const response = await call(caller, 'POST', `/v1/messages/${String(redaction.json<Json>().messageId)}/redact`, {
      reason: 'Again',
    });
    expect(response.statusCode, response.body).toBe(withToken(caller) ? 403 : 401);
  });

  it('redacts a message once', async () => {
    const response = await stack
      .as(ADMIN)
      .post(`/v1/messages/${String(redaction.json<Json>().messageId)}/redact`, { reason: 'Again' });
    expect(response.statusCode, response.body).toBe(409);
  });
});

describe('routes that need no token', () => {
  it.each([
    ['/healthz', /^application\/json/],
    ['/readyz', /^application\/json/],
    ['/metrics', /^text\/plain/],
    ['/openapi.json', /^application\/json/],
    ['/docs/', /^text\/html/],
  ])('GET %s with no token → 200', async (url, contentType) => {
    const response = await stack.as(null).get(url);
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    expect(response.headers['content-type']).toMatch(contentType);
  });

  it('GET /v1/agencies and /v1/agencies/:code answer every role', async () => {
    for (const user of USERS) {
      expect((await stack.as(user).get('/v1/agencies')).statusCode).toBe(200);
      expect((await stack.as(user).get('/v1/agencies/KR-43')).statusCode).toBe(200);
    }
  });

  it('POST /v1/dev/token with no token → 200', async () => {
    const response = await stack.as(null).post('/v1/dev/token', { user: OTHER_PROVINCE });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ token: string }>().token).toEqual(expect.any(String));
  });
});

describe('the fixtures', () => {
  it('exercise every decision: each shown field seen with a value, each hidden one over a value, each own part narrowed', () => {
    const missing: string[] = [];
    for (const [view, { fields }] of Object.entries(views)) {
      for (const [field, cells] of Object.entries(fields)) {
        for (const audience of Object.keys(cells) as Audience[]) {
          const cell = `${view}.${field}.${audience}`;
          if (!exercised.has(cell)) missing.push(`${cell} (${cells[audience]})`);
        }
      }
    }
    for (const [messageAudience, cells] of Object.entries(threads)) {
      for (const audience of ['mofa', 'province', 'mission'] as const) {
        const cell = `${messageAudience}.${audience}`;
        if (!threadCellsExercised.has(cell)) missing.push(`thread ${cell} (${cells[audience] ?? 'not read'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});

/**
 * Need-to-know (docs/product.md, docs/http-api.md): every route × every role × own/other agency,
 * with the exact status. 401 no or bad token, 403 role not allowed, 404 not found or not visible.
 *
 * Fixtures (built in beforeAll, all owned by KR-43):
 * - R: assigned to VN-HAN and JP-TYO, so VN-HAN holds task T, JP-TYO holds another task, US-LAX holds none.
 * - one request per state-changing row, arranged so that the allowed caller gets 200; every other caller is
 *   decided by its role (403) or by visibility (404) before the state is looked at.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startStack, type Stack } from '../support/stack.js';

const OWNER = 'KR-43:province_officer';
const OTHER_PROVINCE = 'KR-11:province_officer';
const HOLDER = 'VN-HAN:mission_officer';
const OTHER_MISSION = 'US-LAX:mission_officer';
const COORDINATOR = 'MOFA:coordinator';
const SUPERVISOR = 'MOFA:supervisor';
const ADMIN = 'MOFA:admin';
const USERS = [OWNER, OTHER_PROVINCE, HOLDER, OTHER_MISSION, COORDINATOR, SUPERVISOR, ADMIN] as const;
type User = (typeof USERS)[number];

/** Callers without a valid token. */
const NO_TOKEN = 'no token';
const FORGED_TOKEN = 'a forged token';
type Caller = User | typeof NO_TOKEN | typeof FORGED_TOKEN;
const CALLERS: Caller[] = [NO_TOKEN, FORGED_TOKEN, ...USERS];

interface Task {
  id: string;
  missionCode: string;
  status: string;
  requestId: string;
}
interface RequestBody {
  id: string;
  provinceCode: string;
  status: string;
  outcome: string | null;
  missions: string[];
  createdAt: string;
  tasks: Task[];
  timeline: Array<{ type: string; taskId: string | null }>;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

let stack: Stack;

/** Ids of the fixtures, filled in by beforeAll. */
const fx = {
  R: undefined as unknown as RequestBody,
  T: '',
  /** JP-TYO's task on R: VN-HAN must not see it. */
  tokyoTask: '',
  triage: '',
  clarification: '',
  withdraw: '',
  review: '',
  acceptTask: '',
  declineTask: '',
  requestInfoTask: '',
  respondTask: '',
};

const submission = (title: string) => ({
  title,
  description: 'Need-to-know matrix fixture.',
  category: 'culture',
  priority: 'routine',
  targetCountries: ['VN'],
});

async function call(
  caller: Caller,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
): Promise<LightMyRequestResponse> {
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

async function ok<T = RequestBody>(user: User, url: string, body?: unknown, status = 200): Promise<T> {
  const response = await stack.as(user).post(url, body);
  expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
  return response.json<T>();
}

async function read(id: string, user: User = OWNER): Promise<RequestBody> {
  const response = await stack.as(user).get(`/v1/requests/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<RequestBody>();
}

const submit = (title: string) => ok(OWNER, '/v1/requests', submission(title), 201);
const assign = (id: string, missions: string[]) =>
  ok(COORDINATOR, `/v1/requests/${id}/triage`, { action: 'assign', missions });

function taskOf(request: RequestBody, mission: string): string {
  const task = request.tasks.findLast((candidate) => candidate.missionCode === mission);
  if (task === undefined) throw new Error(`no task for ${mission} in ${JSON.stringify(request.tasks)}`);
  return task.id;
}

/** A fresh request assigned to VN-HAN; returns VN-HAN's task, accepted first when `accepted`. */
async function hanoiTask(title: string, accepted: boolean): Promise<string> {
  const request = await submit(title);
  const task = taskOf(await assign(request.id, ['VN-HAN']), 'VN-HAN');
  if (accepted) await ok(HOLDER, `/v1/tasks/${task}/accept`);
  return task;
}

/** Every item of a newest-first list down to (and including) items created at `since`. */
async function listSince<T extends { createdAt: string }>(user: User, url: string, since: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const response = await stack
      .as(user)
      .get(`${url}${separator}limit=100${cursor === null ? '' : `&cursor=${cursor}`}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<Page<T>>();
    items.push(...page.items);
    if (page.items.some((item) => item.createdAt < since)) break;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

beforeAll(async () => {
  stack = await startStack();

  await Promise.all([
    (async () => {
      const submitted = await submit('R: the request under test');
      fx.R = await assign(submitted.id, ['VN-HAN', 'JP-TYO']);
      fx.T = taskOf(fx.R, 'VN-HAN');
      fx.tokyoTask = taskOf(fx.R, 'JP-TYO');
    })(),
    (async () => {
      fx.triage = (await submit('In triage')).id;
    })(),
    (async () => {
      const request = await submit('In clarification');
      await ok(COORDINATOR, `/v1/requests/${request.id}/triage`, { action: 'clarify', question: 'Which city?' });
      fx.clarification = request.id;
    })(),
    (async () => {
      fx.withdraw = (await submit('To withdraw')).id;
    })(),
    (async () => {
      const request = await submit('In review');
      const task = taskOf(await assign(request.id, ['VN-HAN']), 'VN-HAN');
      await ok(HOLDER, `/v1/tasks/${task}/accept`);
      await ok(HOLDER, `/v1/tasks/${task}/respond`, { summary: 'Done' });
      await eventually(async () => ((await read(request.id)).status === 'review' ? true : undefined), 20_000, 'review');
      fx.review = request.id;
    })(),
    (async () => {
      fx.acceptTask = await hanoiTask('Task to accept', false);
    })(),
    (async () => {
      fx.declineTask = await hanoiTask('Task to decline', false);
    })(),
    (async () => {
      fx.requestInfoTask = await hanoiTask('Task to ask about', true);
    })(),
    (async () => {
      fx.respondTask = await hanoiTask('Task to respond to', true);
    })(),
  ]);
});

afterAll(async () => {
  await stack?.stop();
});

// ── The matrix ────────────────────────────────────────────────────────────────────────────────

interface Route {
  method: 'GET' | 'POST';
  /** As written in docs/http-api.md; also the test name. */
  pattern: string;
  url: () => string;
  body?: () => unknown;
  /** Status per authenticated user; callers without a valid token always get 401. */
  expected: Record<User, number>;
  /** Extra checks on a successful answer. */
  check?: (user: User, response: LightMyRequestResponse) => void;
}

const everyone = (status: number): Record<User, number> =>
  Object.fromEntries(USERS.map((user) => [user, status])) as Record<User, number>;
const only = (allowed: Partial<Record<User, number>>, otherwise = 403): Record<User, number> => ({
  ...everyone(otherwise),
  ...allowed,
});

/** province-owner transitions: owner allowed, other province 404, every other role 403. */
const ownerOnly = (status: number) => only({ [OWNER]: status, [OTHER_PROVINCE]: 404 });
/** mission-owner task actions: VN-HAN allowed, US-LAX 404, every other role 403. */
const holderOnly = (status: number) => only({ [HOLDER]: status, [OTHER_MISSION]: 404 });

const routes: Route[] = [
  { method: 'GET', pattern: '/v1/agencies', url: () => '/v1/agencies', expected: everyone(200) },
  { method: 'GET', pattern: '/v1/agencies/:code', url: () => '/v1/agencies/KR-43', expected: everyone(200) },
  {
    method: 'POST',
    pattern: '/v1/requests',
    url: () => '/v1/requests',
    body: () => submission('Submitted by the matrix'),
    expected: only({ [OWNER]: 201, [OTHER_PROVINCE]: 201 }),
    check: (user, response) => expect(response.json<RequestBody>().provinceCode).toBe(user.split(':')[0]),
  },
  {
    method: 'GET',
    pattern: '/v1/requests',
    url: () => '/v1/requests',
    expected: only({
      [OWNER]: 200,
      [OTHER_PROVINCE]: 200,
      [HOLDER]: 200,
      [OTHER_MISSION]: 200,
      [COORDINATOR]: 200,
      [SUPERVISOR]: 200,
    }),
  },
  {
    method: 'GET',
    pattern: '/v1/requests/:id',
    url: () => `/v1/requests/${fx.R.id}`,
    expected: only({
      [OWNER]: 200,
      [OTHER_PROVINCE]: 404,
      [HOLDER]: 200,
      [OTHER_MISSION]: 404,
      [COORDINATOR]: 200,
      [SUPERVISOR]: 200,
    }),
    check: (user, response) => {
      const body = response.json<RequestBody>();
      expect(body.id).toBe(fx.R.id);
      const missions = body.tasks.map((task) => task.missionCode).sort();
      expect(missions).toEqual(user === HOLDER ? ['VN-HAN'] : ['JP-TYO', 'VN-HAN']);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/requests/:id/triage',
    url: () => `/v1/requests/${fx.triage}/triage`,
    body: () => ({ action: 'clarify', question: 'Which season?' }),
    expected: only({ [COORDINATOR]: 200 }),
    check: (_user, response) => expect(response.json<RequestBody>().status).toBe('clarification'),
  },
  {
    method: 'POST',
    pattern: '/v1/requests/:id/clarification',
    url: () => `/v1/requests/${fx.clarification}/clarification`,
    body: () => ({ answer: 'Cheongju' }),
    expected: ownerOnly(200),
    check: (_user, response) => expect(response.json<RequestBody>().status).toBe('triage'),
  },
  {
    method: 'POST',
    pattern: '/v1/requests/:id/withdraw',
    url: () => `/v1/requests/${fx.withdraw}/withdraw`,
    body: () => ({ reason: 'No longer needed' }),
    expected: ownerOnly(200),
    check: (_user, response) =>
      expect(response.json<RequestBody>()).toMatchObject({ status: 'closed', outcome: 'withdrawn' }),
  },
  {
    method: 'POST',
    pattern: '/v1/requests/:id/review',
    url: () => `/v1/requests/${fx.review}/review`,
    body: () => ({ decision: 'accept' }),
    expected: ownerOnly(200),
    check: (_user, response) =>
      expect(response.json<RequestBody>()).toMatchObject({ status: 'closed', outcome: 'completed' }),
  },
  {
    method: 'GET',
    pattern: '/v1/tasks',
    url: () => '/v1/tasks',
    expected: only({ [HOLDER]: 200, [OTHER_MISSION]: 200, [COORDINATOR]: 200, [SUPERVISOR]: 200 }),
    check: (user, response) => {
      const { items } = response.json<Page<Task>>();
      if (user === HOLDER || user === OTHER_MISSION) {
        for (const task of items) expect(task.missionCode).toBe(user.split(':')[0]);
      }
    },
  },
  {
    method: 'GET',
    pattern: '/v1/tasks/:id',
    url: () => `/v1/tasks/${fx.T}`,
    expected: only({ [HOLDER]: 200, [OTHER_MISSION]: 404, [COORDINATOR]: 200, [SUPERVISOR]: 200 }),
    check: (_user, response) =>
      expect(response.json<Task>()).toMatchObject({ id: fx.T, missionCode: 'VN-HAN', requestId: fx.R.id }),
  },
  {
    method: 'POST',
    pattern: '/v1/tasks/:id/accept',
    url: () => `/v1/tasks/${fx.acceptTask}/accept`,
    expected: holderOnly(200),
    check: (_user, response) => expect(response.json<Task>().status).toBe('in_progress'),
  },
  {
    method: 'POST',
    pattern: '/v1/tasks/:id/decline',
    url: () => `/v1/tasks/${fx.declineTask}/decline`,
    body: () => ({ reason: 'Out of our area' }),
    expected: holderOnly(200),
    check: (_user, response) => expect(response.json<Task>().status).toBe('declined'),
  },
  {
    method: 'POST',
    pattern: '/v1/tasks/:id/request-info',
    url: () => `/v1/tasks/${fx.requestInfoTask}/request-info`,
    body: () => ({ question: 'Which dates?' }),
    expected: holderOnly(200),
    check: (_user, response) => expect(response.json<Task>().status).toBe('info_requested'),
  },
  {
    method: 'POST',
    pattern: '/v1/tasks/:id/respond',
    url: () => `/v1/tasks/${fx.respondTask}/respond`,
    body: () => ({ summary: 'Two venues found' }),
    expected: holderOnly(200),
    check: (_user, response) => expect(response.json<Task>().status).toBe('responded'),
  },
];

interface Row {
  title: string;
  route: Route;
  caller: Caller;
  status: number;
}

const rows: Row[] = routes.flatMap((route) =>
  CALLERS.map((caller) => {
    const status = caller === NO_TOKEN || caller === FORGED_TOKEN ? 401 : route.expected[caller];
    return { title: `${route.method} ${route.pattern} as ${caller} → ${status}`, route, caller, status };
  }),
);

function expectProblem(response: LightMyRequestResponse, status: number): void {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<{ status: number; type: string; title: string; detail: string }>();
  expect(problem.status).toBe(status);
  for (const member of [problem.type, problem.title, problem.detail]) expect(typeof member).toBe('string');
}

describe('need-to-know matrix', () => {
  // '%s' rather than '$title': vitest truncates $-interpolated values to 40 characters.
  it.each(rows.map((row) => [row.title, row] as const))('%s', async (_title, { route, caller, status }) => {
    const response = await call(caller, route.method, route.url(), route.body?.());
    expect(response.statusCode, response.body).toBe(status);
    if (status >= 400) {
      expectProblem(response, status);
      if (status === 401) expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    } else {
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      if (caller !== NO_TOKEN && caller !== FORGED_TOKEN) route.check?.(caller, response);
    }
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

  it('GET /docs with no token is not refused (200 or a redirect into the UI)', async () => {
    const response = await stack.as(null).get('/docs');
    expect([200, 302]).toContain(response.statusCode);
  });

  it('POST /v1/dev/token with no token → 200', async () => {
    const response = await stack.as(null).post('/v1/dev/token', { user: OTHER_PROVINCE });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ token: string }>().token).toEqual(expect.any(String));
  });
});

describe('list scoping', () => {
  it('a province lists only its own requests: KR-11 does not see R, KR-43 does', async () => {
    const ofOther = await listSince<RequestBody>(OTHER_PROVINCE, '/v1/requests', fx.R.createdAt);
    expect(ofOther.map((item) => item.id)).not.toContain(fx.R.id);
    for (const item of ofOther) expect(item.provinceCode).toBe('KR-11');

    const ofOwner = await listSince<RequestBody>(OWNER, '/v1/requests', fx.R.createdAt);
    expect(ofOwner.map((item) => item.id)).toContain(fx.R.id);
    for (const item of ofOwner) expect(item.provinceCode).toBe('KR-43');
  });

  it('?province=KR-43 as KR-11 gives an empty list', async () => {
    const response = await stack.as(OTHER_PROVINCE).get('/v1/requests?province=KR-43');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ items: [], nextCursor: null });
  });

  it('a mission lists only the requests it holds a task on: VN-HAN sees R, US-LAX does not', async () => {
    const ofHolder = await listSince<RequestBody>(HOLDER, '/v1/requests', fx.R.createdAt);
    expect(ofHolder.map((item) => item.id)).toContain(fx.R.id);
    for (const item of ofHolder) expect(item.missions).toContain('VN-HAN');

    const ofOther = await listSince<RequestBody>(OTHER_MISSION, '/v1/requests', fx.R.createdAt);
    expect(ofOther.map((item) => item.id)).not.toContain(fx.R.id);
    for (const item of ofOther) expect(item.missions).toContain('US-LAX');
  });

  it('?mission=VN-HAN as US-LAX gives an empty list', async () => {
    const response = await stack.as(OTHER_MISSION).get('/v1/requests?mission=VN-HAN');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ items: [], nextCursor: null });
  });

  it('coordinators and supervisors list every province’s requests', async () => {
    for (const user of [COORDINATOR, SUPERVISOR] as const) {
      const items = await listSince<RequestBody>(user, '/v1/requests?province=KR-43', fx.R.createdAt);
      expect(items.map((item) => item.id)).toContain(fx.R.id);
    }
  });

  it('a mission’s task list holds only its own tasks: VN-HAN sees T, US-LAX does not', async () => {
    const createdAt = (await stack.as(HOLDER).get(`/v1/tasks/${fx.T}`)).json<{ createdAt: string }>().createdAt;
    const ofHolder = await listSince<Task & { createdAt: string }>(HOLDER, '/v1/tasks', createdAt);
    expect(ofHolder.map((task) => task.id)).toContain(fx.T);
    expect(ofHolder.map((task) => task.id)).not.toContain(fx.tokyoTask);
    for (const task of ofHolder) expect(task.missionCode).toBe('VN-HAN');

    const ofOther = await listSince<Task & { createdAt: string }>(OTHER_MISSION, '/v1/tasks', createdAt);
    expect(ofOther.map((task) => task.id)).not.toContain(fx.T);
    for (const task of ofOther) expect(task.missionCode).toBe('US-LAX');

    const filtered = await stack.as(OTHER_MISSION).get('/v1/tasks?mission=VN-HAN');
    expect(filtered.statusCode).toBe(200);
    expect(filtered.json()).toEqual({ items: [], nextCursor: null });
  });

  it('VN-HAN reading R sees neither JP-TYO’s task nor its timeline entries', async () => {
    const seen = await read(fx.R.id, HOLDER);
    expect(seen.tasks.map((task) => task.id)).toEqual([fx.T]);
    for (const entry of seen.timeline) expect([null, fx.T]).toContain(entry.taskId);
    expect((await stack.as(HOLDER).get(`/v1/tasks/${fx.tokyoTask}`)).statusCode).toBe(404);
  });
});

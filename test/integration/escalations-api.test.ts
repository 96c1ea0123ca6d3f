/**
 * GET /v1/escalations, POST /v1/escalations/:id/acknowledge, GET /v1/reports/sla and the SLA gauges of
 * /metrics, against the real stack. Requests are submitted through the API; their clocks, intervals and
 * escalations are written directly (ids unique to this run), in a window of the past that nothing else
 * touches, so every number of the report is known exactly.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Escalation, EscalationPage, SlaReport } from '../support/responses.js';
import { startStack, type Stack } from '../support/stack.js';
import { ADMIN, COORDINATOR, HANOI, PROVINCE, SUPERVISOR } from '../support/users.js';

const HOUR = 3_600_000;

let stack: Stack;
const run = randomUUID().slice(0, 8);
// A window of the past no other test writes to: [T0, T0 + 10 h).
const T0 = Date.UTC(2010, 0, 1) + Math.floor(Math.random() * 3_000) * 86_400_000;
const at = (hours: number, ms = 0) => new Date(T0 + hours * HOUR + ms);
const from = at(0).toISOString();
const to = at(10).toISOString();

let talent: string; // request A, category talent
let culture: string; // request B, category culture
const clock = (name: string) => `test-${run}:${name}`;
const escalationId = (name: string, level: number) => `${clock(name)}:L${level}`;

async function submit(category: string, title: string): Promise<string> {
  const response = await stack.as(PROVINCE).post('/v1/requests', {
    title,
    description: 'Fixture for the escalation and SLA report tests.',
    category,
    priority: 'routine',
    targetCountries: ['VN'],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

/**
 * c1 A triage MOFA      started T0+1h stopped T0+3h  level 0   running MOFA [1h,3h]
 * c2 A acceptance VN-HAN started T0+2h stopped T0+6h level 2   running VN-HAN [2h,3h], paused KR-43 [3h,4h], running VN-HAN [4h,6h]
 *                                                              L1 due 4h fired +1 s, L2 due 5h fired +2 s
 * c3 B acceptance VN-HAN started T0+4h running      level 3   running VN-HAN [4h, open)
 *                                                              L2 due 7h fired +0.5 s, L3 due 8h fired +3 s
 * c4 A triage MOFA      started T0-2h stopped T0+2h  level 1   running MOFA [-2h,2h]; L1 due -1h fired -1h
 * c5 B review KR-43     started T0+9h stopped T0+11h level 0   running KR-43 [9h,11h]
 */
async function seedClocks(): Promise<void> {
  const clocks = [
    { name: 'c1', requestId: talent, stage: 'triage', holder: 'MOFA', start: 1, stop: 3, level: 0 },
    { name: 'c2', requestId: talent, stage: 'acceptance', holder: 'VN-HAN', start: 2, stop: 6, level: 2 },
    { name: 'c3', requestId: culture, stage: 'acceptance', holder: 'VN-HAN', start: 4, stop: null, level: 3 },
    { name: 'c4', requestId: talent, stage: 'triage', holder: 'MOFA', start: -2, stop: 2, level: 1 },
    { name: 'c5', requestId: culture, stage: 'review', holder: 'KR-43', start: 9, stop: 11, level: 0 },
  ];
  await stack.prisma.slaClock.createMany({
    data: clocks.map((c) => ({
      id: clock(c.name),
      requestId: c.requestId,
      stage: c.stage,
      holder: c.holder,
      // A calendar of its own, so that holiday declarations elsewhere never reach these clocks.
      calendar: `TEST-${run}`,
      target: 'PT4H',
      targetMs: BigInt(4 * HOUR),
      state: c.stop === null ? 'breached' : 'on_track',
      level: c.level,
      startedAt: at(c.start),
      dueAt: at(c.start + 4),
      originalDueAt: at(c.start + 4),
      stoppedAt: c.stop === null ? null : at(c.stop),
    })),
  });
  const intervals: Array<[string, string, 'running' | 'paused', number, number | null]> = [
    ['c1', 'MOFA', 'running', 1, 3],
    ['c2', 'VN-HAN', 'running', 2, 3],
    ['c2', 'KR-43', 'paused', 3, 4],
    ['c2', 'VN-HAN', 'running', 4, 6],
    ['c3', 'VN-HAN', 'running', 4, null],
    ['c4', 'MOFA', 'running', -2, 2],
    ['c5', 'KR-43', 'running', 9, 11],
  ];
  await stack.prisma.clockInterval.createMany({
    data: intervals.map(([name, agency, kind, start, end], seq) => ({
      id: `${clock(name)}:${seq}`,
      clockId: clock(name),
      agency,
      kind,
      startedAt: at(start),
      endedAt: end === null ? null : at(end),
    })),
  });
  const escalations: Array<[string, string, string, string, number, number, number]> = [
    ['c2', talent, 'acceptance', 'VN-HAN', 1, 4, 1_000],
    ['c2', talent, 'acceptance', 'VN-HAN', 2, 5, 2_000],
    ['c3', culture, 'acceptance', 'VN-HAN', 2, 7, 500],
    ['c3', culture, 'acceptance', 'VN-HAN', 3, 8, 3_000],
    ['c4', talent, 'triage', 'MOFA', 1, -1, 0],
  ];
  await stack.prisma.escalation.createMany({
    data: escalations.map(([name, requestId, stage, agency, level, due, lag]) => ({
      id: escalationId(name, level),
      clockId: clock(name),
      requestId,
      stage,
      agency,
      level,
      dueAt: at(due),
      firedAt: at(due, lag),
    })),
  });
}

beforeAll(async () => {
  stack = await startStack();
  talent = await submit('talent', 'Escalation fixture A');
  culture = await submit('culture', 'Escalation fixture B');
  await seedClocks();
});

afterAll(async () => {
  await stack?.stop();
});

async function list(query: string, user: string = SUPERVISOR): Promise<EscalationPage> {
  const response = await stack.as(user).get(`/v1/escalations?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<EscalationPage>();
}

describe('GET /v1/escalations', () => {
  it('lists the escalations of a request newest fired first, with lag and the request', async () => {
    const { items, nextCursor } = await list(`requestId=${talent}`);
    expect(nextCursor).toBeNull();
    expect(items.map((item) => item.id)).toEqual([escalationId('c2', 2), escalationId('c2', 1), escalationId('c4', 1)]);
    expect(items[0]).toEqual({
      id: escalationId('c2', 2),
      clockId: clock('c2'),
      requestId: talent,
      taskId: null,
      stage: 'acceptance',
      agency: 'VN-HAN',
      level: 2,
      state: 'open',
      dueAt: at(5).toISOString(),
      firedAt: at(5, 2_000).toISOString(),
      lagMs: 2_000,
      acknowledgedBy: null,
      acknowledgedAt: null,
      note: null,
      request: { title: 'Escalation fixture A', provinceCode: 'KR-43', status: 'triage' },
    });
    expect(items.map((item) => item.lagMs)).toEqual([2_000, 1_000, 0]);
  });

  it('is open to coordinators too', async () => {
    const { items } = await list(`requestId=${talent}`, COORDINATOR);
    expect(items).toHaveLength(3);
  });

  it('filters by state, level and agency', async () => {
    expect((await list(`requestId=${talent}&level=2`)).items.map((item) => item.id)).toEqual([escalationId('c2', 2)]);
    expect((await list(`requestId=${talent}&agency=MOFA`)).items.map((item) => item.id)).toEqual([
      escalationId('c4', 1),
    ]);
    expect((await list(`requestId=${talent}&agency=VN-HAN&level=1`)).items.map((item) => item.id)).toEqual([
      escalationId('c2', 1),
    ]);
    expect((await list(`requestId=${talent}&state=open`)).items).toHaveLength(3);
    expect((await list(`requestId=${talent}&state=resolved`)).items).toEqual([]);
  });

  it('pages with an opaque cursor', async () => {
    const first = await list(`requestId=${talent}&limit=2`);
    expect(first.items.map((item) => item.id)).toEqual([escalationId('c2', 2), escalationId('c2', 1)]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`requestId=${talent}&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((item) => item.id)).toEqual([escalationId('c4', 1)]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses bad queries with 400', async () => {
    for (const query of [
      'level=4',
      'level=x',
      'state=closed',
      'limit=0',
      'limit=101',
      'agency=nowhere',
      'requestId=42',
      'cursor=bm9wZQ',
    ]) {
      const response = await stack.as(SUPERVISOR).get(`/v1/escalations?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('is 403 for provinces, missions and administrators, 401 without a token', async () => {
    for (const user of [PROVINCE, HANOI, ADMIN]) {
      expect((await stack.as(user).get('/v1/escalations')).statusCode, user).toBe(403);
    }
    expect((await stack.as(null).get('/v1/escalations')).statusCode).toBe(401);
  });
});

describe('POST /v1/escalations/:id/acknowledge', () => {
  it('acknowledges an open escalation once, then answers 409', async () => {
    const id = escalationId('c3', 3);
    const response = await stack
      .as(SUPERVISOR)
      .post(`/v1/escalations/${id}/acknowledge`, { note: '  Calling the embassy  ' });
    expect(response.statusCode, response.body).toBe(200);
    const acknowledged = response.json<Escalation>();
    expect(acknowledged).toMatchObject({
      id,
      level: 3,
      state: 'acknowledged',
      acknowledgedBy: SUPERVISOR,
      note: 'Calling the embassy',
      lagMs: 3_000,
      request: { title: 'Escalation fixture B', provinceCode: 'KR-43' },
    });
    expect(Date.parse(acknowledged.acknowledgedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // The acknowledgement is in the audit trail, in the same transaction: who, when, which escalation.
    const audited = () =>
      stack.prisma.auditEvent.findMany({ where: { requestId: culture, type: 'escalation_acknowledged' } });
    expect(await audited()).toEqual([
      expect.objectContaining({
        id: `${id}:acknowledged`,
        actor: SUPERVISOR,
        at: new Date(acknowledged.acknowledgedAt!),
        data: { escalationId: id, stage: acknowledged.stage, level: 3, agency: acknowledged.agency },
      }),
    ]);

    const again = await stack.as(SUPERVISOR).post(`/v1/escalations/${id}/acknowledge`, {});
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json()).toMatchObject({ code: 'invalid_transition' });
    // The second attempt changed nothing.
    const [listed] = (await list(`requestId=${culture}&level=3`)).items;
    expect(listed).toMatchObject({
      state: 'acknowledged',
      note: 'Calling the embassy',
      acknowledgedAt: acknowledged.acknowledgedAt,
    });
    expect(await audited()).toHaveLength(1);
  });

  it('gives exactly one 200 for two concurrent acknowledgements', async () => {
    const id = escalationId('c3', 2);
    const responses = await Promise.all([
      stack.as(SUPERVISOR).post(`/v1/escalations/${id}/acknowledge`),
      stack.as(SUPERVISOR).post(`/v1/escalations/${id}/acknowledge`, { note: 'me too' }),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    const audited = await stack.prisma.auditEvent.findMany({ where: { id: `${id}:acknowledged` } });
    expect(audited).toHaveLength(1);
    expect((await list(`requestId=${culture}&state=acknowledged`)).items.map((item) => item.id)).toEqual([
      escalationId('c3', 3),
      escalationId('c3', 2),
    ]);
  });

  it('answers 409 for a resolved escalation', async () => {
    const id = `${clock('resolved')}:L2`;
    await stack.prisma.escalation.create({
      data: {
        id,
        clockId: clock('resolved'),
        requestId: culture,
        stage: 'review',
        agency: 'KR-43',
        level: 2,
        state: 'resolved',
        dueAt: at(-50),
        firedAt: at(-50),
      },
    });
    const response = await stack.as(SUPERVISOR).post(`/v1/escalations/${id}/acknowledge`);
    expect(response.statusCode, response.body).toBe(409);
  });

  it('answers 404 for an unknown escalation and 400 for a note over 2000 characters', async () => {
    const unknown = await stack.as(SUPERVISOR).post(`/v1/escalations/${clock('nope')}:L2/acknowledge`, {});
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found' });
    const long = await stack
      .as(SUPERVISOR)
      .post(`/v1/escalations/${escalationId('c2', 1)}/acknowledge`, { note: 'x'.repeat(2_001) });
    expect(long.statusCode).toBe(400);
    const extra = await stack
      .as(SUPERVISOR)
      .post(`/v1/escalations/${escalationId('c2', 1)}/acknowledge`, { by: 'someone' });
    expect(extra.statusCode).toBe(400);
  });

  it('is for supervisors only', async () => {
    for (const user of [COORDINATOR, PROVINCE, HANOI, ADMIN]) {
      const response = await stack.as(user).post(`/v1/escalations/${escalationId('c2', 1)}/acknowledge`, {});
      expect(response.statusCode, user).toBe(403);
    }
    const [still] = (await list(`requestId=${talent}&level=1&agency=VN-HAN`)).items;
    expect(still?.state).toBe('open');
  });
});

describe('GET /v1/reports/sla', () => {
  async function report(query: string) {
    const response = await stack.as(SUPERVISOR).get(`/v1/reports/sla?from=${from}&to=${to}${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<SlaReport>();
  }

  const totals = {
    clocks: 4,
    completed: 3,
    onTime: 2,
    onTimeRate: 2 / 3,
    breaches: 3,
    level3: 1,
    medianDurationMs: 4 * HOUR,
    runningMs: 14 * HOUR,
    pausedMs: 1 * HOUR,
  };

  it('groups by the agency holding the work by default', async () => {
    const body = await report('');
    expect(body).toEqual({
      from,
      to,
      groupBy: 'agency',
      groups: [
        {
          key: 'KR-43',
          clocks: 1,
          completed: 0,
          onTime: 0,
          onTimeRate: null,
          breaches: 0,
          level3: 0,
          medianDurationMs: null,
          runningMs: 1 * HOUR,
          pausedMs: 1 * HOUR,
        },
        {
          key: 'MOFA',
          clocks: 1,
          completed: 2,
          onTime: 2,
          onTimeRate: 1,
          breaches: 0,
          level3: 0,
          medianDurationMs: 3 * HOUR,
          runningMs: 4 * HOUR,
          pausedMs: 0,
        },
        {
          key: 'VN-HAN',
          clocks: 2,
          completed: 1,
          onTime: 0,
          onTimeRate: 0,
          breaches: 3,
          level3: 1,
          medianDurationMs: 4 * HOUR,
          runningMs: 9 * HOUR,
          pausedMs: 0,
        },
      ],
      totals,
    });
  });

  it('groups by stage', async () => {
    const body = await report('&groupBy=stage');
    expect(body.groups).toEqual([
      {
        key: 'acceptance',
        clocks: 2,
        completed: 1,
        onTime: 0,
        onTimeRate: 0,
        breaches: 3,
        level3: 1,
        medianDurationMs: 4 * HOUR,
        runningMs: 9 * HOUR,
        pausedMs: 1 * HOUR,
      },
      {
        key: 'review',
        clocks: 1,
        completed: 0,
        onTime: 0,
        onTimeRate: null,
        breaches: 0,
        level3: 0,
        medianDurationMs: null,
        runningMs: 1 * HOUR,
        pausedMs: 0,
      },
      {
        key: 'triage',
        clocks: 1,
        completed: 2,
        onTime: 2,
        onTimeRate: 1,
        breaches: 0,
        level3: 0,
        medianDurationMs: 3 * HOUR,
        runningMs: 4 * HOUR,
        pausedMs: 0,
      },
    ]);
    expect(body.totals).toEqual(totals);
  });

  it('groups by request category', async () => {
    const body = await report('&groupBy=category');
    expect(body.groups).toEqual([
      {
        key: 'culture',
        clocks: 2,
        completed: 0,
        onTime: 0,
        onTimeRate: null,
        breaches: 2,
        level3: 1,
        medianDurationMs: null,
        runningMs: 7 * HOUR,
        pausedMs: 0,
      },
      {
        key: 'talent',
        clocks: 2,
        completed: 3,
        onTime: 2,
        onTimeRate: 2 / 3,
        breaches: 1,
        level3: 0,
        medianDurationMs: 4 * HOUR,
        runningMs: 7 * HOUR,
        pausedMs: 1 * HOUR,
      },
    ]);
    expect(body.totals).toEqual(totals);
  });

  it('counts only what falls inside the window', async () => {
    // [T0+4h, T0+5h): c3 starts; c2 runs 1 h; c3 runs 1 h; nothing stops or escalates at level ≥ 2.
    const response = await stack
      .as(SUPERVISOR)
      .get(`/v1/reports/sla?from=${at(4).toISOString()}&to=${at(5).toISOString()}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      groups: [{ key: 'VN-HAN', clocks: 1, completed: 0, breaches: 0, runningMs: 2 * HOUR, pausedMs: 0 }],
      totals: {
        clocks: 1,
        completed: 0,
        onTimeRate: null,
        medianDurationMs: null,
        breaches: 0,
        level3: 0,
        runningMs: 2 * HOUR,
      },
    });
  });

  it('defaults to the last 30 days and accepts offsets', async () => {
    const response = await stack.as(SUPERVISOR).get('/v1/reports/sla');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<SlaReport>();
    expect(body.groupBy).toBe('agency');
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(30 * 24 * HOUR);
    expect(Math.abs(Date.parse(body.to) - Date.now())).toBeLessThan(60_000);

    // Before every fixture of this file (T0 is in 2010 or later).
    const offset = await stack
      .as(SUPERVISOR)
      .get(`/v1/reports/sla?from=${encodeURIComponent('2005-01-01T09:00:00+09:00')}&to=2005-01-02T00:00:00Z`);
    expect(offset.statusCode, offset.body).toBe(200);
    expect(offset.json()).toMatchObject({
      from: '2005-01-01T00:00:00.000Z',
      groups: [],
      totals: { clocks: 0, onTimeRate: null },
    });
  });

  it('refuses bad queries with 400', async () => {
    for (const query of [
      `from=${to}&to=${from}`,
      `from=${from}&to=${from}`,
      'from=yesterday',
      'to=2020-13-01T00:00:00Z',
      'groupBy=province',
      `from=${new Date(Date.now() + HOUR).toISOString()}`,
    ]) {
      const response = await stack.as(SUPERVISOR).get(`/v1/reports/sla?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('is for MOFA: supervisors, and coordinators, who may look at the board it feeds', async () => {
    expect((await stack.as(COORDINATOR).get('/v1/reports/sla')).statusCode).toBe(200);
    for (const user of [PROVINCE, HANOI, ADMIN]) {
      expect((await stack.as(user).get('/v1/reports/sla')).statusCode, user).toBe(403);
    }
  });
});

describe('SLA metrics', () => {
  it('exposes open clocks, escalation counts and timer lag on /metrics', async () => {
    // Lag is measured over the last hour: one escalation recorded 1.5 s after it fell due, a minute ago.
    const recent = await submit('economy', 'Fixture for the timer lag');
    const firedAt = new Date(Date.now() - 60_000);
    await stack.prisma.escalation.create({
      data: {
        id: `${clock('recent')}:L1`,
        clockId: clock('recent'),
        requestId: recent,
        stage: 'triage',
        agency: 'MOFA',
        level: 1,
        dueAt: new Date(firedAt.getTime() - 1_500),
        firedAt,
      },
    });
    expect((await list(`requestId=${recent}`)).items).toMatchObject([
      { lagMs: 1_500, request: { title: 'Fixture for the timer lag' } },
    ]);

    const response = await stack.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    const text = response.body;
    expect(text).toContain('# TYPE oneteam_sla_open_clocks gauge');
    expect(text).toContain('# TYPE oneteam_escalations_total gauge');
    expect(text).toContain('# TYPE oneteam_escalation_timer_lag_seconds gauge');
    expect(text).toMatch(/^oneteam_sla_open_clocks\{state="breached"\} [1-9]\d*$/m);
    expect(text).toMatch(/^oneteam_escalations_total\{level="3",state="acknowledged"\} [1-9]\d*$/m);
    expect(text).toMatch(/^oneteam_escalation_timer_lag_seconds\{quantile="0\.5"\} \d/m);
    expect(text).toMatch(/^oneteam_escalation_timer_lag_seconds\{quantile="0\.99"\} \d/m);
    const max = /^oneteam_escalation_timer_lag_seconds\{quantile="1"\} (\S+)$/m.exec(text)?.[1];
    expect(Number(max)).toBeGreaterThanOrEqual(1.5);
  });
});

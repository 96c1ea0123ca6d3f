/**
 * GET /v1/calendars/:calendar/due and POST /v1/calendars/holidays on the default policy (business
 * calendars), against the real stack; then a declared holiday moving a running triage clock.
 *
 * The database is shared with the files running alongside: holidays that could move someone else's
 * deadline are declared only on dates at least two days ahead (the local dates of this file's own
 * triage window); the validation and conflict checks use a random date of 2028.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeclaredHoliday, DueTime, Problem, RequestDetail } from '../support/responses.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { ADMIN, COORDINATOR, HANOI, PROVINCE, SUPERVISOR } from '../support/users.js';

const DAY = 86_400_000;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function due(calendar: string, from: string, target: string, user: string | null = PROVINCE) {
  return stack
    .as(user)
    .get(`/v1/calendars/${calendar}/due?from=${encodeURIComponent(from)}&target=${encodeURIComponent(target)}`);
}

async function dueAt(calendar: string, from: string, target: string): Promise<string> {
  const response = await due(calendar, from, target);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<DueTime>().dueAt;
}

function expectProblem(response: Awaited<ReturnType<typeof due>>, status: number, path?: string): Problem {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<Problem>();
  expect(problem.status).toBe(status);
  if (path !== undefined) expect(problem.errors?.map((error) => error.path)).toContain(path);
  return problem;
}

const declare = (user: string | null, body: unknown) => stack.as(user).post('/v1/calendars/holidays', body);

/** The local date (Asia/Seoul, UTC+9 all year) of an instant. */
const seoulDate = (instant: string | number) =>
  new Date(new Date(instant).getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

describe('GET /v1/calendars/:calendar/due', () => {
  it('skips the three days of Seollal 2026 on KR', async () => {
    // Fri 13 Feb 10:00 KST + one working day: Mon 16 – Wed 18 are Seollal → Thu 19 Feb 10:00 KST.
    const response = await due('KR', '2026-02-13T10:00:00+09:00', 'P1D');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      calendar: 'KR',
      from: '2026-02-13T01:00:00.000Z',
      target: 'P1D',
      dueAt: '2026-02-19T01:00:00.000Z',
    });
  });

  it('counts working time across a weekend and a seeded declared holiday', async () => {
    // Fri 6 Mar 2026 16:00 KST + 4 working hours: 2 h on Friday, 2 h on Monday → Mon 9 Mar 11:00 KST.
    expect(await dueAt('KR', '2026-03-06T16:00:00+09:00', 'PT4H')).toBe('2026-03-09T02:00:00.000Z');
    // Outside working hours the clock starts at the next opening: Fri 20:00 + P1D → Tue 09:00.
    expect(await dueAt('KR', '2026-03-06T20:00:00+09:00', 'P1D')).toBe('2026-03-10T00:00:00.000Z');
    // Wed 3 Jun 2026 (local elections) is a declared holiday in the seed: Tue 10:00 + P1D → Thu 10:00.
    expect(await dueAt('KR', '2026-06-02T10:00:00+09:00', 'P1D')).toBe('2026-06-04T01:00:00.000Z');
  });

  it("uses a mission's own weekend (Fri–Sat in Riyadh)", async () => {
    // Thu 8 Jan 2026 16:00 in Riyadh (UTC+3) + 4 h: 2 h on Thursday, 2 h on Sunday → Sun 11 Jan 11:00.
    expect(await dueAt('SA-RUH', '2026-01-08T16:00:00+03:00', 'PT4H')).toBe('2026-01-11T08:00:00.000Z');
    expect(await dueAt('SA-RUH', '2026-01-08T10:00:00+03:00', 'P1D')).toBe('2026-01-11T07:00:00.000Z');
    // The same instant on KR (Thu 22:00 KST): Friday is a working day there.
    expect(await dueAt('KR', '2026-01-08T16:00:00+03:00', 'PT4H')).toBe('2026-01-09T04:00:00.000Z');
  });

  it('counts plain elapsed time on 24x7', async () => {
    expect(await dueAt('24x7', '2026-01-03T10:00:00Z', 'P1D')).toBe('2026-01-04T10:00:00.000Z');
    expect(await dueAt('24x7', '2026-01-03T10:00:00Z', 'PT90M')).toBe('2026-01-03T11:30:00.000Z');
  });

  it('answers 404 for an unknown calendar and 400 for a bad target or instant', async () => {
    expectProblem(await due('ZZ-XYZ', '2026-01-08T10:00:00Z', 'P1D'), 404);
    for (const target of ['P1Y', 'abc']) {
      const problem = expectProblem(await due('KR', '2026-01-08T10:00:00Z', target), 400, 'querystring.target');
      expect(problem.code).toBe('validation_failed');
    }
    expectProblem(await stack.as(PROVINCE).get('/v1/calendars/KR/due?target=P1D'), 400, 'querystring.from');
    expectProblem(await due('KR', 'yesterday', 'P1D'), 400, 'querystring.from');
    // Outside the years whose holidays are known (2014–2050).
    expectProblem(await due('KR', '2001-01-08T10:00:00Z', 'P1D'), 400, 'querystring.from');
    expectProblem(await due('KR', '2050-12-30T10:00:00+09:00', 'P1D'), 400, 'querystring.from');
  });

  it('answers for any year up to 2050, lunar holidays included', async () => {
    // Fri 15 Nov 2030 + P1D → Mon 18 Nov.
    expect(await dueAt('KR', '2030-11-15T10:00:00+09:00', 'P1D')).toBe('2030-11-18T01:00:00.000Z');
    // Chuseok 2049: 10–12 Sep (Fri–Sun), the Sunday's substitute Mon 13 Sep; Thu 9 Sep + P1D → Tue 14 Sep.
    expect(await dueAt('KR', '2049-09-09T10:00:00+09:00', 'P1D')).toBe('2049-09-14T01:00:00.000Z');
  });

  it('is open to every authenticated role, and to nobody else', async () => {
    for (const user of [PROVINCE, COORDINATOR, SUPERVISOR, ADMIN, HANOI]) {
      expect((await due('KR', '2026-02-13T10:00:00+09:00', 'P1D', user)).statusCode, user).toBe(200);
    }
    expectProblem(await due('KR', '2026-02-13T10:00:00+09:00', 'P1D', null), 401);
  });
});

describe('POST /v1/calendars/holidays', () => {
  // A random date of 2028 per run: far from every running deadline, and re-runnable on one database.
  const day = Math.floor(Math.random() * 360);
  const farDate = new Date(Date.UTC(2028, 0, 2) + day * DAY).toISOString().slice(0, 10);

  it('is for administrators only', async () => {
    const body = { calendar: 'KR', date: farDate, name: 'Not allowed' };
    for (const user of [COORDINATOR, SUPERVISOR, PROVINCE, HANOI]) expectProblem(await declare(user, body), 403);
    expectProblem(await declare(null, body), 401);
  });

  it('validates the body', async () => {
    expectProblem(await declare(ADMIN, { calendar: 'KR', date: '2028-02-30', name: 'x' }), 400, 'body.date');
    expectProblem(await declare(ADMIN, { calendar: 'KR', date: '30/01/2028', name: 'x' }), 400, 'body.date');
    expectProblem(await declare(ADMIN, { calendar: 'KR', name: 'x' }), 400, 'body.date');
    expectProblem(await declare(ADMIN, { calendar: 'KR', date: farDate, name: 'x', extra: true }), 400);
    expectProblem(await declare(ADMIN, { calendar: 'ZZ-XYZ', date: farDate, name: 'x' }), 404);
    expectProblem(await declare(ADMIN, { calendar: '24x7', date: farDate, name: 'x' }), 400, 'body.calendar');
    expectProblem(await declare(ADMIN, { calendar: 'KR', date: '2051-03-03', name: 'x' }), 400, 'body.date');
    expectProblem(await declare(ADMIN, { calendar: 'VN-HAN', date: '2013-03-05', name: 'x' }), 400, 'body.date');
  });

  it('a holiday declared decades ahead moves deadlines in that year', async () => {
    // A random working day of 2040–2049 per run (re-runnable on one database).
    const random = new Date(Date.UTC(2040, 0, 2) + Math.floor(Math.random() * 3600) * DAY).toISOString().slice(0, 10);
    const workingDay = seoulDate(await dueAt('KR', `${random}T00:00:00+09:00`, 'PT1S'));
    const before = await dueAt('KR', `${workingDay}T00:00:00+09:00`, 'PT1H');
    expect(seoulDate(before)).toBe(workingDay);
    const declared = await declare(ADMIN, { calendar: 'KR', date: workingDay, name: 'Far holiday (test)' });
    expect(declared.statusCode, declared.body).toBe(201);
    expect(seoulDate(await dueAt('KR', `${workingDay}T00:00:00+09:00`, 'PT1H')) > workingDay).toBe(true);
  });

  it('declares a holiday once; the same again is that holiday, another on the same date a conflict', async () => {
    const first = await declare(ADMIN, { calendar: 'KR', date: farDate, name: 'Test holiday' });
    expect(first.statusCode, first.body).toBe(201);
    const holiday = first.json<DeclaredHoliday>();
    expect(holiday).toMatchObject({ calendar: 'KR', date: farDate, name: 'Test holiday' });
    const same = await declare(ADMIN, { calendar: 'KR', date: farDate, name: 'Test holiday' });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json<DeclaredHoliday>().id).toBe(holiday.id);
    expectProblem(await declare(ADMIN, { calendar: 'KR', date: farDate, name: 'Again' }), 409);
    // The same date on another calendar is another holiday.
    expect((await declare(ADMIN, { calendar: 'VN-HAN', date: farDate, name: 'Test holiday' })).statusCode).toBe(201);
  });
});

describe('a declared holiday moves a running deadline', () => {
  it('moves a KR triage clock by one working day; a mission holiday does not move it', async () => {
    const submitted = await stack.as(PROVINCE).post('/v1/requests', {
      title: 'Declared holiday',
      description: 'A triage clock on KR that a declared holiday moves.',
      category: 'culture',
      priority: 'routine',
      targetCountries: ['VN'],
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const id = submitted.json<RequestDetail>().id;
    const detail = async () => (await stack.as(COORDINATOR).get(`/v1/requests/${id}`)).json<RequestDetail>();
    const triageOf = (current: RequestDetail) => current.sla.find((clock) => clock.stage === 'triage');
    const triage = await eventually(async () => triageOf(await detail()), 10_000, 'the triage clock');

    // Routine triage is P2D on KR: the due date is at least two days ahead, and a working day on which
    // part of the target is spent (the due instant is after that day's opening).
    const before = triage.dueAt;
    // The clock is due exactly when the calendar route says P2D from the submission falls due.
    const created = submitted.json<RequestDetail>().createdAt;
    expect(Math.abs(Date.parse(before) - Date.parse(await dueAt('KR', created, 'P2D')))).toBeLessThan(5_000);
    const dueDate = seoulDate(before);
    expect(Date.parse(`${dueDate}T00:00:00+09:00`) - Date.now()).toBeGreaterThan(DAY);
    // The KR working day after it, and the due instant's time of day on it.
    const nextWorkingDate = seoulDate(await dueAt('KR', `${dueDate}T23:00:00+09:00`, 'PT1S'));
    const timeOfDay = new Date(Date.parse(before) + 9 * 3_600_000).toISOString().slice(11, 23);
    const expected = new Date(`${nextWorkingDate}T${timeOfDay}+09:00`).toISOString();
    console.log(`triage due ${before} (KR ${dueDate}); expected after a holiday on ${dueDate}: ${expected}`);

    // A holiday on the mission calendar, on the day the deadline would move to: KR clocks stay.
    const mission = await declare(ADMIN, { calendar: 'VN-HAN', date: nextWorkingDate, name: 'Mission holiday (test)' });
    expect(mission.statusCode, mission.body).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const unmoved = await detail();
    expect(triageOf(unmoved)?.dueAt).toBe(before);
    expect(unmoved.timeline.filter((entry) => entry.type === 'sla_deadline_moved')).toEqual([]);

    const declared = await declare(ADMIN, { calendar: 'KR', date: dueDate, name: 'Temporary holiday (test)' });
    expect(declared.statusCode, declared.body).toBe(201);
    const holiday = declared.json<DeclaredHoliday>();

    const moved = await eventually(
      async () => {
        const current = await detail();
        return triageOf(current)?.dueAt !== before ? current : undefined;
      },
      20_000,
      'the triage deadline to move',
    );
    const clock = triageOf(moved)!;
    expect(clock.dueAt).toBe(expected);
    // The original due time is the one before any extension; a holiday is not an extension.
    expect(clock.originalDueAt).toBe(triage.originalDueAt);
    const notes = moved.timeline.filter((entry) => entry.type === 'sla_deadline_moved');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.data).toMatchObject({ stage: 'triage', previousDueAt: before, dueAt: expected });
    expect(String(notes[0]!.data.reason)).toContain(holiday.id);

    const rejected = await stack
      .as(COORDINATOR)
      .post(`/v1/requests/${id}/triage`, { action: 'reject', reason: 'test over' });
    expect(rejected.statusCode, rejected.body).toBe(200);
  });
});

/**
 * SLA clocks on the demo policy (24x7, seconds) against the real dev server: the ladder, pauses,
 * extensions and the review auto-close, each watched through the API as a supervisor would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscalationPage, RequestDetail } from '../support/responses.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { COORDINATOR, HANOI, PROVINCE, SUPERVISOR } from '../support/users.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { SLA_POLICY: 'demo' } });
});
afterAll(async () => {
  await stack?.stop();
});

async function submit(title: string): Promise<RequestDetail> {
  const response = await stack.as(PROVINCE).post('/v1/requests', {
    title,
    description: 'Demo-policy SLA test',
    category: 'culture',
    targetCountries: ['VN'],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<RequestDetail>();
}

const detail = async (id: string) => (await stack.as(COORDINATOR).get(`/v1/requests/${id}`)).json<RequestDetail>();
const escalationsOf = async (id: string) =>
  (await stack.as(SUPERVISOR).get(`/v1/escalations?requestId=${id}&limit=100`)).json<EscalationPage>().items;

async function post(user: string, url: string, body?: unknown) {
  const response = await stack.as(user).post(url, body);
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json<RequestDetail>();
}

describe.concurrent('SLA clocks on the demo policy', { timeout: 150_000 }, () => {
  it('goes at risk, breaches and reaches level 3, with exactly one escalation per level', async () => {
    const request = await submit('Ladder');
    // Triage: 40 s target → at risk at 30 s, breached at 40 s, level 3 at 60 s.
    const escalations = await eventually(
      async () => {
        const items = await escalationsOf(request.id);
        return items.some((item) => item.level === 3) ? items : undefined;
      },
      90_000,
      'the level-3 escalation',
    );
    expect(escalations.map((item) => item.level).sort()).toEqual([1, 2, 3]);
    expect(new Set(escalations.map((item) => item.clockId)).size).toBe(1);
    expect(escalations.every((item) => item.stage === 'triage' && item.agency === 'MOFA')).toBe(true);
    const lags = escalations.map((item) => item.lagMs).sort((a, b) => a - b);
    console.log(`timer lag (ms) on the demo ladder: ${lags.join(', ')}`);

    const after = await detail(request.id);
    expect(after.slaState).toBe('breached');
    expect(after.sla).toMatchObject([{ stage: 'triage', state: 'breached', level: 3 }]);
    const types = after.timeline.map((entry) => entry.type);
    expect(types.filter((type) => type.startsWith('sla_'))).toEqual([
      'sla_at_risk',
      'sla_breached',
      'sla_escalated_level3',
    ]);
    // Closing the request stops the clock; nothing fires twice.
    await post(COORDINATOR, `/v1/requests/${request.id}/triage`, { action: 'reject', reason: 'test over' });
    const afterwards = await escalationsOf(request.id);
    expect(afterwards).toHaveLength(3);
    // The stage is over, so its escalations are resolved.
    expect(afterwards.map((item) => item.state)).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('pauses triage while the province answers a clarification, and moves the deadline by the pause', async () => {
    const request = await submit('Pause');
    const [triage] = (await detail(request.id)).sla;
    expect(triage).toMatchObject({ stage: 'triage', state: 'on_track', pausedMs: 0 });
    await post(COORDINATOR, `/v1/requests/${request.id}/triage`, { action: 'clarify', question: 'Which city?' });
    const paused = await detail(request.id);
    expect(paused.sla.find((clock) => clock.stage === 'triage')).toMatchObject({ state: 'paused' });
    expect(paused.sla.find((clock) => clock.stage === 'clarification')).toMatchObject({ state: 'on_track' });
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await post(PROVINCE, `/v1/requests/${request.id}/clarification`, { answer: 'Hanoi' });
    const resumed = (await detail(request.id)).sla;
    expect(resumed.map((clock) => clock.stage)).toEqual(['triage']);
    const moved = Date.parse(resumed[0]!.dueAt) - Date.parse(triage!.dueAt);
    expect(moved).toBeGreaterThanOrEqual(5_000);
    expect(moved).toBeLessThan(30_000);
    expect(resumed[0]!.pausedMs).toBeGreaterThanOrEqual(5_000);
    expect(resumed[0]!.originalDueAt).toBe(triage!.originalDueAt);
  });

  it('refuses, before the workflow hears of it, an extension that is earlier, past the cap or beyond the calendar', async () => {
    const request = await submit('Refused extensions');
    const dueAt = Date.parse(request.sla[0]!.dueAt);
    const extend = (until: string) =>
      stack
        .as(COORDINATOR)
        .post(`/v1/requests/${request.id}/extend`, { stage: 'triage', until, reason: 'Minister travelling' });
    const refusals = [
      // Earlier, though still in the future: it would push triage into breach.
      [new Date(dueAt - 10_000).toISOString(), /later than the current one/],
      // The demo policy's cap is two days.
      [new Date(dueAt + 3 * 86_400_000).toISOString(), /P2D of working time at most/],
      // Far beyond the cap and the calendars' years: refused at once, it cannot jam the workflow.
      ['2199-12-31T00:00:00Z', /at most/],
    ] as const;
    for (const [until, message] of refusals) {
      const started = Date.now();
      const refused = await extend(until);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = refused.json<{ code: string; errors: Array<{ path: string; message: string }> }>();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((error) => error.path)).toEqual(['body.until']);
      expect(problem.errors[0]!.message).toMatch(message);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    const unchanged = await detail(request.id);
    expect(Date.parse(unchanged.sla[0]!.dueAt)).toBe(dueAt);
    expect(unchanged.timeline.map((entry) => entry.type)).not.toContain('sla_extended');
    // Nothing counts as extended: a valid extension is still possible.
    expect((await extend(new Date(dueAt + 60_000).toISOString())).statusCode).toBe(200);
  });

  it('extends a deadline once, keeping the original', async () => {
    const request = await submit('Extension');
    const until = new Date(Date.now() + 10 * 60_000).toISOString();
    const extended = await post(COORDINATOR, `/v1/requests/${request.id}/extend`, {
      stage: 'triage',
      until,
      reason: 'Minister travelling',
    });
    const [clock] = extended.sla;
    expect(clock).toMatchObject({ stage: 'triage', extensionReason: 'Minister travelling' });
    expect(Date.parse(clock!.dueAt)).toBe(Date.parse(until));
    expect(Date.parse(clock!.originalDueAt)).toBeLessThan(Date.now() + 60_000);
    expect(extended.timeline.map((entry) => entry.type)).toContain('sla_extended');

    const later = new Date(Date.parse(until) + 60_000).toISOString();
    const again = await stack
      .as(COORDINATOR)
      .post(`/v1/requests/${request.id}/extend`, { stage: 'triage', until: later, reason: 'again' });
    expect(again.statusCode).toBe(409);
    const wrongStage = await stack
      .as(COORDINATOR)
      .post(`/v1/requests/${request.id}/extend`, { stage: 'review', until, reason: 'x' });
    expect(wrongStage.statusCode).toBe(409);
    expect(
      (await stack.as(SUPERVISOR).post(`/v1/requests/${request.id}/extend`, { stage: 'triage', until, reason: 'x' }))
        .statusCode,
    ).toBe(403);
    // The extended clock does not breach at the old due time.
    await new Promise((resolve) => setTimeout(resolve, 45_000));
    expect((await escalationsOf(request.id)).filter((item) => item.level >= 2)).toEqual([]);
  });

  it('closes a request nobody reviews in time as auto_closed', async () => {
    const request = await submit('Auto-close');
    const assigned = await post(COORDINATOR, `/v1/requests/${request.id}/triage`, {
      action: 'assign',
      missions: ['VN-HAN'],
    });
    const task = assigned.tasks[0]!;
    await post(HANOI, `/v1/tasks/${task.id}/accept`);
    await post(HANOI, `/v1/tasks/${task.id}/respond`, { summary: 'Done' });
    const inReview = await eventually(async () => {
      const current = await detail(request.id);
      return current.status === 'review' ? current : undefined;
    });
    const reviewDueAt = Date.parse(inReview.sla.find((clock) => clock.stage === 'review')!.dueAt);
    const extendedUntil = new Date(reviewDueAt + 5_000).toISOString();
    await post(COORDINATOR, `/v1/requests/${request.id}/extend`, {
      stage: 'review',
      until: extendedUntil,
      reason: 'Awaiting the minister',
    });
    const closed = await eventually(
      async () => {
        const current = await detail(request.id);
        return current.status === 'closed' ? current : undefined;
      },
      90_000,
      'the review auto-close',
    );
    expect(closed.outcome).toBe('auto_closed');
    expect(closed.timeline.map((entry) => entry.type)).toEqual(expect.arrayContaining(['sla_breached', 'auto_closed']));
    // The auto-close names what caused it: the review deadline that ran out, and who moved it last, to when and why.
    const autoClosed = closed.timeline.find((entry) => entry.type === 'auto_closed');
    const extension = closed.timeline.find((entry) => entry.type === 'sla_extended');
    expect(autoClosed).toMatchObject({
      actor: 'system',
      data: {
        reason: 'no review before the deadline',
        extendedBy: extension!.actor,
        extendedUntil,
        extensionReason: 'Awaiting the minister',
      },
    });
    expect(Date.parse(String(autoClosed!.data.dueAt))).toBe(Date.parse(extendedUntil));
  });
});

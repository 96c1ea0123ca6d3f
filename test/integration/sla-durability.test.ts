/**
 * Durable SLA timers on the demo policy (24x7, seconds): the worker is stopped while a clock runs, its
 * levels fall due with no worker, and when a worker starts again the overdue levels fire at once, in
 * order, exactly once each. Nothing is recorded while no worker runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startStack, type Stack } from '../support/stack.js';

const PROVINCE = 'KR-43:province_officer';
const COORDINATOR = 'MOFA:coordinator';
const SUPERVISOR = 'MOFA:supervisor';
const HANOI = 'VN-HAN:mission_officer';

interface Clock {
  clockId: string;
  stage: string;
  taskId: string | null;
  dueAt: string;
  level: number;
}
interface Detail {
  id: string;
  status: string;
  sla: Clock[];
  tasks: Array<{ id: string }>;
  timeline: Array<{ type: string; at: string; taskId: string | null }>;
}
interface Escalation {
  clockId: string;
  level: number;
  stage: string;
  dueAt: string;
  firedAt: string;
  lagMs: number;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { SLA_POLICY: 'demo' } });
});
afterAll(async () => {
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const detail = async (id: string) => (await stack.as(COORDINATOR).get(`/v1/requests/${id}`)).json<Detail>();
async function escalationsOf(id: string, stage: string): Promise<Escalation[]> {
  const response = await stack.as(SUPERVISOR).get(`/v1/escalations?requestId=${id}&limit=100`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Escalation[] }>().items.filter((item) => item.stage === stage);
}

async function submit(title: string): Promise<string> {
  const response = await stack.as(PROVINCE).post('/v1/requests', {
    title,
    description: 'Durable SLA timers test',
    category: 'culture',
    targetCountries: ['VN'],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Detail>().id;
}

/** Sleeps until `until` (epoch ms), checking every few seconds that `stage` recorded no level beyond `levels`. */
async function idleUntil(until: number, id: string, stage: string, levels: number[]): Promise<void> {
  for (;;) {
    expect((await escalationsOf(id, stage)).map((item) => item.level).sort()).toEqual(levels);
    const left = until - Date.now();
    if (left <= 0) return;
    await sleep(Math.min(left, 5_000));
  }
}

/** Waits until every level up to `top` is recorded, then checks there is exactly one record per level. */
async function ladderUpTo(id: string, stage: string, top: number, timeoutMs = 10_000): Promise<Escalation[]> {
  const items = await eventually(
    async () => {
      const current = await escalationsOf(id, stage);
      return current.filter((item) => item.level <= top).length >= top ? current : undefined;
    },
    timeoutMs,
    `${stage} levels 1..${top}`,
  );
  const levels = items.map((item) => item.level).sort();
  expect(levels).toEqual([1, 2, 3].slice(0, top));
  expect(new Set(items.map((item) => item.clockId)).size).toBe(1);
  return items.sort((a, b) => a.level - b.level);
}

const lags = (items: Escalation[]) => items.map((item) => `L${item.level} ${item.lagMs} ms`).join(', ');

describe('SLA timers survive a worker outage', { timeout: 180_000 }, () => {
  it('fires the overdue triage levels once each, in order, when a worker is back', async () => {
    const submittedAt = Date.now();
    const id = await submit('Durable triage clock');
    await stack.worker.stop();
    const stoppedAt = Date.now();

    // Triage: PT40S → level 1 at 30 s, level 2 (the due time) at 40 s, level 3 at 60 s.
    const [triage] = (await detail(id)).sla;
    expect(triage).toMatchObject({ stage: 'triage', level: 0 });
    const due = Date.parse(triage!.dueAt);
    const level3At = due + 20_000;
    expect(due - submittedAt).toBeGreaterThan(35_000);
    console.log(`worker stopped ${stoppedAt - submittedAt} ms after submission; triage due ${triage!.dueAt}`);

    await idleUntil(due + 4_000, id, 'triage', []);
    const restartedAt = Date.now();
    await stack.worker.start();
    const first = await ladderUpTo(id, 'triage', 2);
    const [l1, l2] = first;
    console.log(`triage levels 1–2 after a restart ${Date.now() - restartedAt} ms ago; lags: ${lags(first)}`);
    expect(Date.parse(l1!.firedAt)).toBeGreaterThanOrEqual(restartedAt - 1_000);
    expect(Date.parse(l1!.firedAt)).toBeLessThanOrEqual(Date.parse(l2!.firedAt));
    expect(Date.parse(l1!.dueAt)).toBeLessThan(Date.parse(l2!.dueAt));
    expect(Date.parse(l2!.dueAt)).toBe(due);
    expect(l1!.lagMs).toBeGreaterThan(10_000);
    const afterFirst = await detail(id);
    expect(afterFirst.timeline.map((entry) => entry.type).filter((type) => type.startsWith('sla_'))).toEqual([
      'sla_at_risk',
      'sla_breached',
    ]);
    expect(afterFirst.sla[0]).toMatchObject({ stage: 'triage', level: 2 });

    // A second outage across level 3.
    await stack.worker.stop();
    await idleUntil(level3At + 3_000, id, 'triage', [1, 2]);
    const restartedAgainAt = Date.now();
    await stack.worker.start();
    const all = await ladderUpTo(id, 'triage', 3);
    console.log(`triage level 3 after a restart ${Date.now() - restartedAgainAt} ms ago; lags: ${lags(all)}`);
    expect(Date.parse(all[2]!.firedAt)).toBeGreaterThanOrEqual(restartedAgainAt - 1_000);
    expect(all.slice(0, 2)).toEqual(first);

    // The replayed workflow recorded nothing twice.
    await sleep(2_000);
    expect((await escalationsOf(id, 'triage')).map((item) => item.level).sort()).toEqual([1, 2, 3]);
    const final = await detail(id);
    expect(final.timeline.map((entry) => entry.type).filter((type) => type.startsWith('sla_'))).toEqual([
      'sla_at_risk',
      'sla_breached',
      'sla_escalated_level3',
    ]);
    const rejected = await stack
      .as(COORDINATOR)
      .post(`/v1/requests/${id}/triage`, { action: 'reject', reason: 'test over' });
    expect(rejected.statusCode, rejected.body).toBe(200);
  });

  it('fires the acceptance levels of a mission task once each after its worker died mid-clock', async () => {
    const id = await submit('Durable acceptance clock');
    const assigned = await stack
      .as(COORDINATOR)
      .post(`/v1/requests/${id}/triage`, { action: 'assign', missions: ['VN-HAN'] });
    expect(assigned.statusCode, assigned.body).toBe(200);
    // The task's own workflow has started its acceptance clock (PT30S: 22.5 s, 30 s, 45 s).
    const acceptance = await eventually(
      async () => (await detail(id)).sla.find((clock) => clock.stage === 'acceptance'),
      10_000,
      'the acceptance clock',
    );
    await stack.worker.stop();
    const due = Date.parse(acceptance.dueAt);
    await idleUntil(due + 3_000, id, 'acceptance', []);
    const restartedAt = Date.now();
    await stack.worker.start();
    const first = await ladderUpTo(id, 'acceptance', 2);
    console.log(`acceptance levels 1–2 after a restart ${Date.now() - restartedAt} ms ago; lags: ${lags(first)}`);
    expect(Date.parse(first[0]!.firedAt)).toBeGreaterThanOrEqual(restartedAt - 1_000);
    expect(Date.parse(first[0]!.firedAt)).toBeLessThanOrEqual(Date.parse(first[1]!.firedAt));

    // Level 3 (at 45 s) with the worker running: on time, and still one record per level.
    const all = await ladderUpTo(id, 'acceptance', 3, 25_000);
    console.log(`acceptance level 3 with a live worker; lags: ${lags(all)}`);
    expect(all.slice(0, 2)).toEqual(first);
    expect(all[2]!.lagMs).toBeLessThan(10_000);
    await sleep(2_000);
    expect((await escalationsOf(id, 'acceptance')).map((item) => item.level).sort()).toEqual([1, 2, 3]);
    const taskNotes = (await detail(id)).timeline.filter((entry) => entry.taskId !== null).map((entry) => entry.type);
    expect(taskNotes.filter((type) => type.startsWith('sla_'))).toEqual([
      'sla_at_risk',
      'sla_breached',
      'sla_escalated_level3',
    ]);

    // The task still works after the outage.
    const taskId = assigned.json<Detail>().tasks[0]!.id;
    const accepted = await stack.as(HANOI).post(`/v1/tasks/${taskId}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    const withdrawn = await stack.as(PROVINCE).post(`/v1/requests/${id}/withdraw`, { reason: 'test over' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
  });
});

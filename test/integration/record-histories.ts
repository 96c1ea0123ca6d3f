/**
 * Records the histories test/workflows/replay.test.ts replays: `RECORD_HISTORIES=<prefix> npx vitest
 * run --config vitest.record-histories.config.ts` writes `test/fixtures/histories/<prefix>.*.json`
 * (about two minutes). Record a new set whenever a workflow change is guarded by `patched()`, so both
 * the old and the new shape stay covered. Not part of `npm test`: it is a tool, not a check.
 */
import { writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestDetail } from '../support/responses.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { ADMIN, COORDINATOR, HANOI, LOS_ANGELES, missionOfficer, PROVINCE, TOKYO } from '../support/users.js';

const prefix = process.env.RECORD_HISTORIES;
if (prefix === undefined || !/^[\w.-]+$/.test(prefix))
  throw new Error('RECORD_HISTORIES=<name> names the fixture set to write');

describe('recording histories', () => {
  let normal: Stack;
  let demo: Stack;
  beforeAll(async () => {
    normal = await startStack();
    demo = await startStack({ env: { SLA_POLICY: 'demo' } });
  });
  afterAll(async () => {
    await normal?.stop();
    await demo?.stop();
  });

  async function post(stack: Stack, user: string, url: string, body?: unknown): Promise<RequestDetail> {
    const response = await stack.as(user).post(url, body);
    expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300);
    return response.json<RequestDetail>();
  }
  const submit = (stack: Stack, title: string) =>
    post(stack, PROVINCE, '/v1/requests', {
      title,
      description: 'history fixture',
      category: 'talent',
      targetCountries: ['VN', 'JP'],
    });
  const read = async (stack: Stack, id: string) =>
    (await stack.as(PROVINCE).get(`/v1/requests/${id}`)).json<RequestDetail>();
  const waitFor = (stack: Stack, id: string, status: string) =>
    eventually(async () => ((await read(stack, id)).status === status ? read(stack, id) : undefined), 120_000, status);

  async function dump(stack: Stack, name: string) {
    const out: Record<string, unknown> = {};
    for await (const execution of stack.temporal.workflow.list({
      query: `TaskQueue = '${stack.config.TEMPORAL_TASK_QUEUE}'`,
    })) {
      const history = await stack.temporal.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      out[execution.workflowId] = JSON.parse(historyToJSON(history));
    }
    await writeFile(`test/fixtures/histories/${prefix}.${name}.json`, JSON.stringify(out));
  }

  it('records histories', async () => {
    try {
      // The whole loop with clarification, information requests, a decline and a reopen.
      const loop = await submit(normal, 'Loop');
      await post(normal, COORDINATOR, `/v1/requests/${loop.id}/triage`, {
        action: 'clarify',
        question: 'Which intake?',
      });
      await post(normal, PROVINCE, `/v1/requests/${loop.id}/clarification`, { answer: 'Spring' });
      const assigned = await post(normal, COORDINATOR, `/v1/requests/${loop.id}/triage`, {
        action: 'assign',
        missions: ['VN-HAN', 'JP-TYO'],
      });
      const hanoi = assigned.tasks.find((task) => task.missionCode === 'VN-HAN')!;
      const tokyo = assigned.tasks.find((task) => task.missionCode === 'JP-TYO')!;
      await post(normal, TOKYO, `/v1/tasks/${tokyo.id}/decline`, { reason: 'not ours' });
      await waitFor(normal, loop.id, 'triage');
      await post(normal, COORDINATOR, `/v1/requests/${loop.id}/triage`, { action: 'assign', missions: ['US-LAX'] });
      await post(normal, HANOI, `/v1/tasks/${hanoi.id}/accept`);
      await post(normal, HANOI, `/v1/tasks/${hanoi.id}/request-info`, { question: 'Budget?' });
      await post(normal, PROVINCE, `/v1/requests/${loop.id}/clarification`, { answer: '1M', taskId: hanoi.id });
      await post(normal, COORDINATOR, `/v1/requests/${loop.id}/extend`, {
        stage: 'response',
        taskId: hanoi.id,
        until: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        reason: 'fixture',
      });
      await post(normal, HANOI, `/v1/tasks/${hanoi.id}/respond`, { summary: 'Found two' });
      const la = (await read(normal, loop.id)).tasks.find((task) => task.missionCode === 'US-LAX')!;
      await post(normal, LOS_ANGELES, `/v1/tasks/${la.id}/accept`);
      await post(normal, LOS_ANGELES, `/v1/tasks/${la.id}/respond`, { summary: 'LA' });
      await waitFor(normal, loop.id, 'review');
      const reopened = await post(normal, PROVINCE, `/v1/requests/${loop.id}/review`, {
        decision: 'reopen',
        comment: 'more',
      });
      for (const task of reopened.tasks.filter((candidate) => candidate.status === 'pending')) {
        await post(normal, missionOfficer(task.missionCode), `/v1/tasks/${task.id}/accept`);
        await post(normal, missionOfficer(task.missionCode), `/v1/tasks/${task.id}/respond`, { summary: 'again' });
      }
      await waitFor(normal, loop.id, 'review');
      await post(normal, PROVINCE, `/v1/requests/${loop.id}/review`, { decision: 'accept' });

      // An extension, a declared holiday (replans running clocks), and a withdrawal that cancels a task.
      const extended = await submit(normal, 'Extension');
      await post(normal, COORDINATOR, `/v1/requests/${extended.id}/extend`, {
        stage: 'triage',
        until: new Date(Date.now() + 20 * 86_400_000).toISOString(),
        reason: 'fixture',
      });
      const tomorrow = new Date(Date.now() + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
      const held = await submit(normal, 'Holiday');
      await post(normal, ADMIN, '/v1/calendars/holidays', { calendar: 'KR', date: tomorrow, name: 'Fixture day' });
      await post(normal, COORDINATOR, `/v1/requests/${held.id}/triage`, { action: 'assign', missions: ['VN-HAN'] });
      await post(normal, PROVINCE, `/v1/requests/${held.id}/withdraw`, { reason: 'fixture' });
      await post(normal, COORDINATOR, `/v1/requests/${extended.id}/triage`, { action: 'reject', reason: 'fixture' });

      // The ladder on the demo policy: three escalations, then a review nobody does (auto-close).
      const ladder = await submit(demo, 'Ladder');
      await new Promise((resolve) => setTimeout(resolve, 62_000));
      const ladderAssigned = await post(demo, COORDINATOR, `/v1/requests/${ladder.id}/triage`, {
        action: 'assign',
        missions: ['VN-HAN'],
      });
      await post(demo, HANOI, `/v1/tasks/${ladderAssigned.tasks[0]!.id}/accept`);
      await post(demo, HANOI, `/v1/tasks/${ladderAssigned.tasks[0]!.id}/respond`, { summary: 'late' });
      await waitFor(demo, ladder.id, 'closed');

      await new Promise((resolve) => setTimeout(resolve, 3_000));
    } finally {
      await dump(normal, 'default-policy');
      await dump(demo, 'demo-policy');
    }
  }, 300_000);
});

/**
 * The workflows check who acts (src/domain/authority.ts) as well as the API: an Update sent past the API,
 * straight to Temporal, by or for someone who may not make that change is refused by the validator, so it
 * never enters history (defence in depth). A refused actor reaches API callers as 403.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/authority.js';
import {
  INVALID_TRANSITION,
  NOT_PERMITTED,
  acceptTaskUpdate,
  answerClarificationUpdate,
  answerInfoUpdate,
  extendClockUpdate,
  requestWorkflowId,
  respondTaskUpdate,
  taskWorkflowId,
  triageUpdate,
  withdrawUpdate,
} from '../../src/domain/messages.js';
import type { RequestDetail } from '../support/responses.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { actorOf, COORDINATOR, HANOI, OTHER_PROVINCE, PROVINCE, TOKYO } from '../support/users.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function ok(user: string, url: string, body?: unknown): Promise<RequestDetail> {
  const response = await stack.as(user).post(url, body);
  expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300);
  return response.json<RequestDetail>();
}

const read = async (id: string) => (await stack.as(COORDINATOR).get(`/v1/requests/${id}`)).json<RequestDetail>();

/** Sends an Update straight to the workflow and returns the failure type of its refusal. */
async function refusal(handle: WorkflowHandle, send: (handle: WorkflowHandle) => Promise<unknown>): Promise<string> {
  const error = await send(handle).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return (cause as ApplicationFailure).type ?? '';
}

describe('Update validators check the actor', () => {
  it('refuse Updates from a party that may not act, before they enter history', async () => {
    const submitted = await ok(PROVINCE, '/v1/requests', {
      title: 'Actor checks',
      description: 'Updates sent straight to Temporal by the wrong party',
      category: 'culture',
      targetCountries: ['VN'],
    });
    const id = submitted.id;
    const request = stack.temporal.workflow.getHandle(requestWorkflowId(id));
    await ok(COORDINATOR, `/v1/requests/${id}/triage`, { action: 'clarify', question: 'Which city?' });

    // Another province answers; a coordinator answers; an Update from before actors carried a role.
    for (const actor of [actorOf(OTHER_PROVINCE), actorOf(COORDINATOR), { actor: PROVINCE } as Actor]) {
      const type = await refusal(request, (handle) =>
        handle.executeUpdate(answerClarificationUpdate, { args: [{ answer: 'Cheongju', ...actor }] }),
      );
      expect(type, actor.actor).toBe(NOT_PERMITTED);
    }
    expect(
      await refusal(request, (handle) =>
        handle.executeUpdate(triageUpdate, { args: [{ action: 'reject', reason: 'no', ...actorOf(PROVINCE) }] }),
      ),
    ).toBe(NOT_PERMITTED);
    expect(
      await refusal(request, (handle) =>
        handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'no', ...actorOf(OTHER_PROVINCE) }] }),
      ),
    ).toBe(NOT_PERMITTED);
    const clarifying = await read(id);
    expect(clarifying.status).toBe('clarification');
    const clock = clarifying.sla.find((candidate) => candidate.stage === 'clarification')!;
    expect(
      await refusal(request, (handle) =>
        handle.executeUpdate(extendClockUpdate, {
          args: [{ clockId: clock.clockId, until: '2030-01-01T00:00:00Z', reason: 'mine', ...actorOf(PROVINCE) }],
        }),
      ),
    ).toBe(NOT_PERMITTED);
    // A coordinator may extend, but never to an earlier deadline (it would push the stage into breach).
    const earlier = new Date(Date.parse(clock.dueAt) - 60_000).toISOString();
    expect(
      await refusal(request, (handle) =>
        handle.executeUpdate(extendClockUpdate, {
          args: [{ clockId: clock.clockId, until: earlier, reason: 'sooner', ...actorOf(COORDINATOR) }],
        }),
      ),
    ).toBe(INVALID_TRANSITION);

    // The request's own province may answer, straight to Temporal too.
    await request.executeUpdate(answerClarificationUpdate, { args: [{ answer: 'Cheongju', ...actorOf(PROVINCE) }] });
    expect((await read(id)).status).toBe('triage');

    const assigned = await ok(COORDINATOR, `/v1/requests/${id}/triage`, { action: 'assign', missions: ['VN-HAN'] });
    const task = stack.temporal.workflow.getHandle(taskWorkflowId(assigned.tasks[0]!.id));
    for (const actor of [actorOf(TOKYO), actorOf(COORDINATOR), actorOf(PROVINCE)]) {
      const type = await refusal(task, (handle) => handle.executeUpdate(acceptTaskUpdate, { args: [actor] }));
      expect(type, actor.actor).toBe(NOT_PERMITTED);
    }
    await ok(HANOI, `/v1/tasks/${assigned.tasks[0]!.id}/accept`);
    expect(
      await refusal(task, (handle) =>
        handle.executeUpdate(respondTaskUpdate, { args: [{ summary: 'not mine', ...actorOf(TOKYO) }] }),
      ),
    ).toBe(NOT_PERMITTED);
    await ok(HANOI, `/v1/tasks/${assigned.tasks[0]!.id}/request-info`, { question: 'Which fields?' });
    expect(
      await refusal(task, (handle) =>
        handle.executeUpdate(answerInfoUpdate, { args: [{ answer: 'all', ...actorOf(OTHER_PROVINCE) }] }),
      ),
    ).toBe(NOT_PERMITTED);

    // Nothing the refused parties sent reached the timeline.
    const final = await eventually(async () => {
      const detail = await read(id);
      return detail.tasks[0]?.status === 'info_requested' ? detail : undefined;
    });
    const actors = final.timeline.map((entry) => entry.actor);
    expect(actors).not.toContain(OTHER_PROVINCE);
    expect(actors).not.toContain(TOKYO);
    expect(final.timeline.filter((entry) => entry.type === 'clarification_answered')).toHaveLength(1);
    expect(final.timeline.some((entry) => entry.type === 'sla_extended')).toBe(false);
  });
});

/**
 * The right party gets the province's answer (issue 10, finding 7): while a request is in clarification and a
 * mission's question waits too, an answer naming the mission's task goes to that task, not to MOFA's question;
 * and each workflow's validator refuses an answer addressed to another question before it enters history.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  INVALID_TRANSITION,
  answerClarificationUpdate,
  answerInfoUpdate,
  requestWorkflowId,
  taskWorkflowId,
} from '../../src/domain/messages.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { COORDINATOR, HANOI, LOS_ANGELES, PROVINCE } from '../support/users.js';

interface Detail {
  id: string;
  status: string;
  tasks: Array<{ id: string; missionCode: string; status: string; infoAnswer: string | null }>;
  timeline: Array<{ type: string; taskId: string | null; data: Record<string, unknown> }>;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function ok(user: string, url: string, body?: unknown): Promise<Detail> {
  const response = await stack.as(user).post(url, body);
  expect(response.statusCode, `${url}: ${response.body}`).toBe(url === '/v1/requests' ? 201 : 200);
  return response.json<Detail>();
}

const read = async (id: string) => (await stack.as(PROVINCE).get(`/v1/requests/${id}`)).json<Detail>();

/** The failure type of an Update the workflow's validator refused. */
async function refusal(send: () => Promise<unknown>): Promise<string> {
  const error = await send().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return (cause as ApplicationFailure).type ?? '';
}

it("a province's answer to a mission's question reaches that mission while MOFA's clarification is open", async () => {
  const { id } = await ok(PROVINCE, '/v1/requests', {
    title: 'Two questions at once',
    description: "A mission's question and MOFA's clarification wait together",
    category: 'talent',
    targetCountries: ['VN', 'US'],
  });
  const assigned = await ok(COORDINATOR, `/v1/requests/${id}/triage`, {
    action: 'assign',
    missions: ['VN-HAN', 'US-LAX'],
  });
  const hanoi = assigned.tasks.find((task) => task.missionCode === 'VN-HAN')!;
  const losAngeles = assigned.tasks.find((task) => task.missionCode === 'US-LAX')!;
  await ok(HANOI, `/v1/tasks/${hanoi.id}/accept`);
  await ok(HANOI, `/v1/tasks/${hanoi.id}/request-info`, { question: 'Which fields of study?' });
  // Los Angeles declines: the request returns to triage with Hanoi's question still open.
  await ok(LOS_ANGELES, `/v1/tasks/${losAngeles.id}/decline`, { reason: 'Not our region' });
  await eventually(async () => ((await read(id)).status === 'triage' ? true : undefined), 20_000, 'triage');
  await ok(COORDINATOR, `/v1/requests/${id}/triage`, { action: 'clarify', question: 'Which city?' });

  // Sent straight to Temporal, an answer addressed to the wrong question is refused before history.
  const actor = { actor: PROVINCE, role: 'province_officer' as const, agency: 'KR-43' };
  const request: WorkflowHandle = stack.temporal.workflow.getHandle(requestWorkflowId(id));
  const task: WorkflowHandle = stack.temporal.workflow.getHandle(taskWorkflowId(hanoi.id));
  expect(
    await refusal(() =>
      request.executeUpdate(answerClarificationUpdate, {
        args: [{ answer: 'Engineering', taskId: hanoi.id, ...actor }],
      }),
    ),
  ).toBe(INVALID_TRANSITION);
  expect(
    await refusal(() =>
      task.executeUpdate(answerInfoUpdate, { args: [{ answer: 'Cheongju', taskId: losAngeles.id, ...actor }] }),
    ),
  ).toBe(INVALID_TRANSITION);

  // Through the API, the answer naming Hanoi's task goes to Hanoi; MOFA's question stays open.
  const answered = await ok(PROVINCE, `/v1/requests/${id}/clarification`, { answer: 'Engineering', taskId: hanoi.id });
  expect(answered.status).toBe('clarification');
  expect(answered.tasks.find((candidate) => candidate.id === hanoi.id)).toMatchObject({
    status: 'in_progress',
    infoAnswer: 'Engineering',
  });
  expect(answered.timeline.filter((entry) => entry.type === 'clarification_answered')).toHaveLength(0);
  const provided = answered.timeline.filter((entry) => entry.type === 'task_info_provided');
  expect(provided.map((entry) => [entry.taskId, entry.data.answer])).toEqual([[hanoi.id, 'Engineering']]);

  // A task that has no question waiting is a 409, not MOFA's question either.
  const again = await stack
    .as(PROVINCE)
    .post(`/v1/requests/${id}/clarification`, { answer: 'Cheongju', taskId: hanoi.id });
  expect(again.statusCode, again.body).toBe(409);
  expect((await read(id)).status).toBe('clarification');

  // Without a task, the answer is MOFA's.
  const clarified = await ok(PROVINCE, `/v1/requests/${id}/clarification`, { answer: 'Cheongju' });
  expect(clarified.status).toBe('triage');
  expect(clarified.timeline.filter((entry) => entry.type === 'clarification_answered')).toHaveLength(1);
  expect(clarified.timeline.filter((entry) => entry.type === 'task_info_provided')).toHaveLength(1);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestDetail, TaskWithRequest } from '../support/responses.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { COORDINATOR, HANOI, LOS_ANGELES, missionOfficer, OTHER_PROVINCE, PROVINCE, TOKYO } from '../support/users.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function submit(title = 'Attract Vietnamese students to Chungbuk colleges'): Promise<RequestDetail> {
  const response = await stack.as(PROVINCE).post('/v1/requests', {
    title,
    description: 'Regional colleges short of students; looking for partner universities.',
    category: 'talent',
    priority: 'priority',
    targetCountries: ['VN', 'US'],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<RequestDetail>();
}

async function read(id: string, user: string = PROVINCE): Promise<RequestDetail> {
  const response = await stack.as(user).get(`/v1/requests/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<RequestDetail>();
}

async function ok<Body = RequestDetail>(user: string, url: string, body?: unknown) {
  const response = await stack.as(user).post(url, body);
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json<Body>();
}

const taskOf = (request: RequestDetail, mission: string, status?: string) => {
  const task = request.tasks.findLast(
    (candidate) => candidate.missionCode === mission && (status === undefined || candidate.status === status),
  );
  if (task === undefined) throw new Error(`no task for ${mission} in ${JSON.stringify(request.tasks)}`);
  return task;
};

async function waitForStatus(id: string, status: string): Promise<RequestDetail> {
  return eventually(
    async () => {
      const request = await read(id);
      return request.status === status ? request : undefined;
    },
    20_000,
    `request ${id} to be ${status}`,
  );
}

describe('the coordination loop', () => {
  it('runs with two missions, clarification, decline-and-reassign and reopen to closed/completed', async () => {
    const submitted = await submit();
    expect(submitted).toMatchObject({ status: 'triage', outcome: null });

    await ok(COORDINATOR, `/v1/requests/${submitted.id}/triage`, { action: 'clarify', question: 'Which intake?' });
    expect((await read(submitted.id)).status).toBe('clarification');
    const answered = await ok(PROVINCE, `/v1/requests/${submitted.id}/clarification`, { answer: 'Spring 2027' });
    expect(answered.status).toBe('triage');

    const assigned = await ok(COORDINATOR, `/v1/requests/${submitted.id}/triage`, {
      action: 'assign',
      missions: ['VN-HAN', 'JP-TYO'],
      note: 'Please look for partner universities',
    });
    expect(assigned.status).toBe('assigned');
    expect(assigned.tasks.map((task) => [task.missionCode, task.status]).sort()).toEqual([
      ['JP-TYO', 'pending'],
      ['VN-HAN', 'pending'],
    ]);

    // Tokyo declines: the request goes back to triage and MOFA reassigns to Los Angeles.
    const tokyoTask = taskOf(assigned, 'JP-TYO');
    const declined = await ok<TaskWithRequest>(TOKYO, `/v1/tasks/${tokyoTask.id}/decline`, {
      reason: 'Out of our area',
    });
    expect(declined.status).toBe('declined');
    await waitForStatus(submitted.id, 'triage');
    const reassigned = await ok(COORDINATOR, `/v1/requests/${submitted.id}/triage`, {
      action: 'assign',
      missions: ['US-LAX'],
    });
    expect(reassigned.status).toBe('assigned');

    // Hanoi asks the province for information; the province answers through the clarification route.
    const hanoiTask = taskOf(reassigned, 'VN-HAN');
    await ok(HANOI, `/v1/tasks/${hanoiTask.id}/accept`);
    const asked = await ok<TaskWithRequest>(HANOI, `/v1/tasks/${hanoiTask.id}/request-info`, {
      question: 'Which fields of study?',
    });
    expect(asked.status).toBe('info_requested');
    await ok(PROVINCE, `/v1/requests/${submitted.id}/clarification`, { answer: 'Engineering and nursing' });
    await ok(HANOI, `/v1/tasks/${hanoiTask.id}/respond`, { summary: 'Three universities interested' });

    const laTask = taskOf(reassigned, 'US-LAX');
    await ok(LOS_ANGELES, `/v1/tasks/${laTask.id}/accept`);
    await ok(LOS_ANGELES, `/v1/tasks/${laTask.id}/respond`, { summary: 'Two community colleges' });
    const inReview = await waitForStatus(submitted.id, 'review');

    // Reopen sends the request back to the missions that answered, as new tasks.
    const reopened = await ok(PROVINCE, `/v1/requests/${submitted.id}/review`, {
      decision: 'reopen',
      comment: 'Need contacts',
    });
    expect(reopened.status).toBe('assigned');
    const newTasks = reopened.tasks.filter((task) => !inReview.tasks.some((old) => old.id === task.id));
    expect(newTasks.map((task) => task.missionCode).sort()).toEqual(['US-LAX', 'VN-HAN']);
    for (const task of newTasks) {
      const user = missionOfficer(task.missionCode);
      await ok(user, `/v1/tasks/${task.id}/accept`);
      await ok(user, `/v1/tasks/${task.id}/respond`, { summary: 'Contacts attached' });
    }
    await waitForStatus(submitted.id, 'review');

    const closed = await ok(PROVINCE, `/v1/requests/${submitted.id}/review`, { decision: 'accept' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'completed' });

    // SLA notes (a deadline moved by a holiday another test declared, say) are not part of the loop.
    const timeline = (await read(submitted.id, COORDINATOR)).timeline
      .map((entry) => entry.type)
      .filter((type) => !type.startsWith('sla_'));
    expect(timeline).toEqual([
      'submitted',
      'clarification_requested',
      'clarification_answered',
      'assigned',
      'task_declined',
      'returned_to_triage',
      'assigned',
      'task_accepted',
      'task_info_requested',
      'task_info_provided',
      'task_responded',
      'task_accepted',
      'task_responded',
      'review_started',
      'reopened',
      'task_accepted',
      'task_responded',
      'task_accepted',
      'task_responded',
      'review_started',
      'accepted',
    ]);
    const handle = stack.temporal.workflow.getHandle(`request-${submitted.id}`);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('withdraws an assigned request and cancels its open tasks', async () => {
    const submitted = await submit('Withdraw me');
    await ok(COORDINATOR, `/v1/requests/${submitted.id}/triage`, { action: 'assign', missions: ['VN-HAN'] });
    const withdrawn = await ok(PROVINCE, `/v1/requests/${submitted.id}/withdraw`, { reason: 'Budget cut' });
    expect(withdrawn).toMatchObject({ status: 'closed', outcome: 'withdrawn' });
    const cancelled = await eventually(async () => {
      const request = await read(submitted.id);
      return request.tasks[0]?.status === 'cancelled' ? request : undefined;
    });
    expect(cancelled.timeline.map((entry) => entry.type)).toContain('task_cancelled');
    // A closed request refuses every further change with 409.
    const again = await stack.as(PROVINCE).post(`/v1/requests/${submitted.id}/withdraw`, { reason: 'again' });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch('application/problem+json');
    const task = cancelled.tasks[0]!;
    expect((await stack.as(HANOI).post(`/v1/tasks/${task.id}/accept`)).statusCode).toBe(409);
  });

  it('rejects in triage', async () => {
    const submitted = await submit('Reject me');
    const rejected = await ok(COORDINATOR, `/v1/requests/${submitted.id}/triage`, {
      action: 'reject',
      reason: 'Not in scope',
    });
    expect(rejected).toMatchObject({ status: 'closed', outcome: 'rejected' });
  });

  it('refuses invalid transitions with 409 before they enter history', async () => {
    const submitted = await submit('Invalid transitions');
    // Accepted updates in a workflow's history (signals and timers may add other events meanwhile).
    const acceptedUpdates = async (workflowId: string) =>
      ((await stack.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? []).filter(
        (event) => event.workflowExecutionUpdateAcceptedEventAttributes != null,
      ).length;
    const requestWorkflow = `request-${submitted.id}`;
    const before = await acceptedUpdates(requestWorkflow);

    const review = await stack.as(PROVINCE).post(`/v1/requests/${submitted.id}/review`, { decision: 'accept' });
    expect(review.statusCode).toBe(409);
    expect(review.json()).toMatchObject({ status: 409, code: 'invalid_transition' });
    expect(
      (await stack.as(PROVINCE).post(`/v1/requests/${submitted.id}/clarification`, { answer: 'x' })).statusCode,
    ).toBe(409);
    expect(await acceptedUpdates(requestWorkflow)).toBe(before);

    const assigned = await ok(COORDINATOR, `/v1/requests/${submitted.id}/triage`, {
      action: 'assign',
      missions: ['VN-HAN'],
    });
    const afterAssign = await acceptedUpdates(requestWorkflow);
    expect(afterAssign).toBe(before + 1);
    expect(
      (await stack.as(COORDINATOR).post(`/v1/requests/${submitted.id}/triage`, { action: 'reject', reason: 'late' }))
        .statusCode,
    ).toBe(409);
    const task = taskOf(assigned, 'VN-HAN');
    expect((await stack.as(HANOI).post(`/v1/tasks/${task.id}/respond`, { summary: 'too early' })).statusCode).toBe(409);
    expect(await acceptedUpdates(requestWorkflow)).toBe(afterAssign);
    expect(await acceptedUpdates(`task-${task.id}`)).toBe(0);
  });

  it('applies one of two concurrent identical task actions and refuses the other', async () => {
    const submitted = await submit('Concurrent task actions');
    const assigned = await ok(COORDINATOR, `/v1/requests/${submitted.id}/triage`, {
      action: 'assign',
      missions: ['VN-HAN'],
    });
    const task = taskOf(assigned, 'VN-HAN');
    for (const [action, body] of [
      ['accept', undefined],
      ['respond', { summary: 'Once' }],
    ] as const) {
      const statuses = await Promise.all(
        [1, 2].map(async () => (await stack.as(HANOI).post(`/v1/tasks/${task.id}/${action}`, body)).statusCode),
      );
      expect(statuses.sort(), action).toEqual([200, 409]);
    }
    const events = (await read(submitted.id)).timeline.map((entry) => entry.type);
    expect(events.filter((type) => type === 'task_accepted')).toHaveLength(1);
    expect(events.filter((type) => type === 'task_responded')).toHaveLength(1);
  });

  it('makes exactly one request from 20 concurrent submissions with the same Idempotency-Key', async () => {
    const key = `retry-${Date.now()}`;
    const body = {
      title: 'Idempotent',
      description: 'Sent twenty times',
      category: 'economy',
      targetCountries: ['DE'],
    };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => stack.as(PROVINCE).post('/v1/requests', body, { 'idempotency-key': key })),
    );
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    const ids = new Set(responses.map((response) => response.json<RequestDetail>().id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await stack.prisma.request.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(await stack.prisma.auditEvent.count({ where: { requestId: id, type: 'submitted' } })).toBe(1);

    // Another province using the same key makes its own request.
    const other = await stack.as(OTHER_PROVINCE).post('/v1/requests', body, { 'idempotency-key': key });
    expect(other.statusCode).toBe(201);
    expect(other.json<RequestDetail>().id).not.toBe(id);

    // The same key with a different body is refused.
    const changed = await stack
      .as(PROVINCE)
      .post('/v1/requests', { ...body, title: 'Changed' }, { 'idempotency-key': key });
    expect(changed.statusCode).toBe(422);
  });
});

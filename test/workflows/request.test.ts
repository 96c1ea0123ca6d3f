/**
 * The request workflow's paths through the loop, with fake activities on the time-skipping server:
 * what it records, which clocks it starts, pauses and stops, and what it refuses.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptTaskUpdate,
  answerClarificationUpdate,
  declineTaskUpdate,
  respondTaskUpdate,
  reviewUpdate,
  triageUpdate,
  withdrawUpdate,
} from '../../src/domain/messages.js';
import { slaStateKey } from '../../src/domain/search-attributes.js';
import { requestIdOf, type RequestHandle } from '../support/request-workflow.js';
import { actorOf, COORDINATOR, HANOI, LOS_ANGELES, PROVINCE } from '../support/users.js';
import {
  HOUR,
  stageTargetsMs,
  startWorkflowRun,
  stateOf,
  submit,
  taskHandle,
  taskOf,
  untilRecorded,
  type WorkflowRun,
} from './helpers.js';

let run: WorkflowRun;

/**
 * A server and worker for the tests of one describe block. The loop and the clocks in skipped time get
 * one each: once a request closes with a task open, the test server never skips time again (the
 * cancelled task's last signal to the request stays pending), so a ladder would wait in real hours.
 */
function withWorkflowRun() {
  beforeAll(async () => {
    run = await startWorkflowRun();
  });
  afterAll(async () => {
    await run?.stop();
  });
}
/** Types of the request's own events (not its tasks'), in order. */
const requestEvents = (handle: RequestHandle) =>
  run.fakes
    .eventsOf(requestIdOf(handle))
    .filter((event) => event.taskId === undefined)
    .map((event) => event.type);
const clocks = (handle: RequestHandle, stage?: Parameters<typeof run.fakes.clocksOf>[1]) =>
  run.fakes.clocksOf(requestIdOf(handle), stage);

const assign = (handle: RequestHandle, missions: string[]) =>
  handle.executeUpdate(triageUpdate, { args: [{ action: 'assign', missions, ...actorOf(COORDINATOR) }] });

/** The mission accepts its task and responds. */
async function answer(missionCode: string, handle: RequestHandle, officer: string) {
  const task = taskHandle(run, await taskOf(handle, missionCode));
  const actor = actorOf(officer);
  await task.executeUpdate(acceptTaskUpdate, { args: [actor] });
  await task.executeUpdate(respondTaskUpdate, { args: [{ summary: `${missionCode} found partners`, ...actor }] });
}

/** A request assigned to one mission that has answered: in review. */
async function inReview(missionCode: string, officer: string): Promise<RequestHandle> {
  const handle = await submit(run);
  await assign(handle, [missionCode]);
  await answer(missionCode, handle, officer);
  await untilRecorded(run, handle, 'review_started');
  return handle;
}

/** Ends a request a test leaves open, so its clocks do not run on into the next test. */
async function withdraw(handle: RequestHandle): Promise<void> {
  await handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'test over', ...actorOf(PROVINCE) }] });
  await handle.result();
}

describe('request workflow', () => {
  withWorkflowRun();

  it('submit, assign to two missions, both respond, the province accepts: closed, completed', async () => {
    const handle = await submit(run);
    expect(await stateOf(handle)).toMatchObject({ status: 'triage', tasks: [] });
    expect(requestEvents(handle)).toEqual(['submitted']);
    expect(clocks(handle, 'triage')).toMatchObject([{ stopped: false, spec: { holder: 'MOFA', calendar: 'KR' } }]);

    await assign(handle, ['VN-HAN', 'US-LAX']);
    const assigned = await stateOf(handle);
    expect(assigned.status).toBe('assigned');
    expect(assigned.tasks.map((task) => [task.missionCode, task.status])).toEqual([
      ['VN-HAN', 'pending'],
      ['US-LAX', 'pending'],
    ]);
    expect(clocks(handle, 'triage')).toMatchObject([{ stopped: true }]);

    await answer('VN-HAN', handle, HANOI);
    await answer('US-LAX', handle, LOS_ANGELES);
    await untilRecorded(run, handle, 'review_started');
    expect(clocks(handle, 'review')).toMatchObject([{ stopped: false, spec: { holder: 'KR-43' } }]);

    await handle.executeUpdate(reviewUpdate, { args: [{ decision: 'accept', ...actorOf(PROVINCE) }] });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', outcome: 'completed' });
    expect(result.tasks.map((task) => task.status)).toEqual(['responded', 'responded']);
    expect(requestEvents(handle)).toEqual(['submitted', 'assigned', 'review_started', 'accepted']);
    expect(run.fakes.requestRow(requestIdOf(handle))).toMatchObject({
      version: 4,
      status: 'closed',
      outcome: 'completed',
      missions: ['VN-HAN', 'US-LAX'],
    });
    // Triage, two acceptances, two responses, review: each stopped, none escalated.
    expect(clocks(handle).map((clock) => clock.spec.stage)).toEqual([
      'triage',
      'acceptance',
      'acceptance',
      'response',
      'response',
      'review',
    ]);
    for (const clock of clocks(handle)) expect(clock).toMatchObject({ stopped: true, escalations: [] });
  });

  it('clarification pauses the triage clock on its own clock, the answer resumes it; a rejection closes', async () => {
    const handle = await submit(run);
    await handle.executeUpdate(triageUpdate, {
      args: [{ action: 'clarify', question: 'Which intake?', ...actorOf(COORDINATOR) }],
    });
    expect(await stateOf(handle)).toMatchObject({ status: 'clarification', clarificationQuestion: 'Which intake?' });
    expect(clocks(handle, 'triage')).toMatchObject([{ pauses: 1, segmentStartedAt: null, stopped: false }]);
    expect(clocks(handle, 'clarification')).toMatchObject([{ stopped: false, spec: { holder: 'KR-43' } }]);

    await handle.executeUpdate(answerClarificationUpdate, { args: [{ answer: 'Spring 2027', ...actorOf(PROVINCE) }] });
    const answered = await stateOf(handle);
    expect(answered.status).toBe('triage');
    expect(answered.clarificationQuestion).toBeUndefined();
    expect(clocks(handle, 'clarification')).toMatchObject([{ stopped: true }]);
    expect(clocks(handle, 'triage')[0]!.segmentStartedAt).not.toBeNull();

    await handle.executeUpdate(triageUpdate, {
      args: [{ action: 'reject', reason: 'Out of scope', ...actorOf(COORDINATOR) }],
    });
    expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'rejected' });
    expect(requestEvents(handle)).toEqual([
      'submitted',
      'clarification_requested',
      'clarification_answered',
      'rejected',
    ]);
    for (const clock of clocks(handle)) expect(clock.stopped).toBe(true);
  });

  it('a withdrawal while missions work cancels their tasks and stops every clock', async () => {
    const handle = await submit(run);
    await assign(handle, ['VN-HAN', 'US-LAX']);
    await taskHandle(run, await taskOf(handle, 'VN-HAN')).executeUpdate(acceptTaskUpdate, {
      args: [actorOf(HANOI)],
    });

    await handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'Budget cut', ...actorOf(PROVINCE) }] });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', outcome: 'withdrawn' });
    expect(result.tasks.map((task) => task.status)).toEqual(['cancelled', 'cancelled']);
    const taskEvents = run.fakes
      .eventsOf(requestIdOf(handle))
      .filter((event) => event.type === 'task_cancelled')
      .map((event) => event.data.missionCode);
    expect(taskEvents.sort()).toEqual(['US-LAX', 'VN-HAN']);
    for (const clock of clocks(handle)) expect(clock.stopped).toBe(true);
  });

  it('a decline returns the request to triage on a new triage clock; MOFA reassigns', async () => {
    const handle = await submit(run);
    await assign(handle, ['VN-HAN']);
    await taskHandle(run, await taskOf(handle, 'VN-HAN')).executeUpdate(declineTaskUpdate, {
      args: [{ reason: 'Not our area', ...actorOf(HANOI) }],
    });
    await untilRecorded(run, handle, 'returned_to_triage');
    expect(requestEvents(handle)).toEqual(['submitted', 'assigned', 'returned_to_triage']);
    expect(clocks(handle, 'triage').map((clock) => clock.stopped)).toEqual([true, false]);

    await assign(handle, ['US-LAX']);
    const reassigned = await stateOf(handle);
    expect(reassigned.tasks.map((task) => [task.missionCode, task.status])).toEqual([
      ['VN-HAN', 'declined'],
      ['US-LAX', 'pending'],
    ]);
    expect(clocks(handle, 'triage').map((clock) => clock.stopped)).toEqual([true, true]);
    await withdraw(handle);
  });

  it('reopen sends the request back to the missions that responded, as new tasks', async () => {
    const handle = await inReview('VN-HAN', HANOI);
    const first = await taskOf(handle, 'VN-HAN');

    await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'reopen', comment: 'Contacts?', ...actorOf(PROVINCE) }],
    });
    const reopened = await stateOf(handle);
    expect(reopened.status).toBe('assigned');
    expect(reopened.tasks.map((task) => [task.missionCode, task.status])).toEqual([
      ['VN-HAN', 'responded'],
      ['VN-HAN', 'pending'],
    ]);
    expect(await taskOf(handle, 'VN-HAN')).not.toBe(first);
    expect(clocks(handle, 'review')).toMatchObject([{ stopped: true }]);

    await answer('VN-HAN', handle, HANOI);
    await untilRecorded(run, handle, 'review_started', 2);
    await handle.executeUpdate(reviewUpdate, { args: [{ decision: 'accept', ...actorOf(PROVINCE) }] });
    expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'completed' });
    expect(requestEvents(handle)).toEqual([
      'submitted',
      'assigned',
      'review_started',
      'reopened',
      'review_started',
      'accepted',
    ]);
  });

  it('refuses a transition the state does not allow before it reaches history', async () => {
    const handle = await submit(run);
    const refused = handle.executeUpdate(reviewUpdate, { args: [{ decision: 'accept', ...actorOf(PROVINCE) }] });
    await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refused).rejects.toMatchObject({ cause: { type: 'InvalidTransition' } });
    const { events } = await handle.fetchHistory();
    const accepted = events?.map((event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest);
    expect(accepted?.filter((request) => request?.input?.name === reviewUpdate.name)).toEqual([]);
    expect(requestEvents(handle)).toEqual(['submitted']);
    expect((await stateOf(handle)).status).toBe('triage');
    await withdraw(handle);
  });
});

describe('request workflow in skipped time', () => {
  withWorkflowRun();

  it('escalates a request left in triage at 75 %, 100 % and 150 % of the target, once each', async () => {
    const handle = await submit(run);
    await run.env.sleep(1.5 * stageTargetsMs.triage + HOUR);
    expect(clocks(handle, 'triage')).toMatchObject([{ escalations: [1, 2, 3], stopped: false }]);
    expect((await handle.describe()).typedSearchAttributes.get(slaStateKey)).toBe('breached');
    await withdraw(handle);
  });

  it('closes a request nobody reviews as auto_closed when the review clock breaches', async () => {
    const handle = await inReview('VN-HAN', HANOI);
    // Awaiting the result lets the server skip time to the review deadline.
    expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'auto_closed' });
    expect(requestEvents(handle)).toEqual(['submitted', 'assigned', 'review_started', 'auto_closed']);
    expect(clocks(handle, 'review')).toMatchObject([{ escalations: [1, 2], stopped: true }]);
  });
});

/**
 * The mission task workflow on its own (no parent request), with fake activities on the time-skipping
 * server: its states, its acceptance and response clocks, what it records and what it refuses.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptTaskUpdate,
  answerInfoUpdate,
  declineTaskUpdate,
  requestInfoUpdate,
  respondTaskUpdate,
  taskStateQuery,
  taskWorkflowId,
} from '../../src/domain/messages.js';
import type { missionTaskWorkflow } from '../../workflows/mission-task.js';
import { actorOf, HANOI, PROVINCE } from '../support/users.js';
import { HOUR, stageTargetsMs, startWorkflowRun, type WorkflowRun } from './helpers.js';

let run: WorkflowRun;
beforeAll(async () => {
  run = await startWorkflowRun();
});
afterAll(async () => {
  await run?.stop();
});

async function startTask() {
  const taskId = randomUUID();
  const requestId = randomUUID();
  const handle = await run.env.client.workflow.start<typeof missionTaskWorkflow>('missionTaskWorkflow', {
    workflowId: taskWorkflowId(taskId),
    taskQueue: run.taskQueue,
    args: [
      { taskId, requestId, missionCode: 'VN-HAN', provinceCode: 'KR-43', priority: 'routine', category: 'talent' },
    ],
  });
  return {
    handle,
    taskId,
    events: () => run.fakes.eventsOf(requestId).map((event) => event.type),
    clocks: (stage?: 'acceptance' | 'response') => run.fakes.clocksOf(requestId, stage),
  };
}

describe('mission task workflow', () => {
  it('accept, ask the province, get the answer, respond: responded, each clock stopped', async () => {
    const task = await startTask();
    expect(await task.handle.query(taskStateQuery)).toMatchObject({ status: 'pending', missionCode: 'VN-HAN' });
    await task.handle.executeUpdate(acceptTaskUpdate, { args: [actorOf(HANOI)] });
    expect(task.clocks('acceptance')).toMatchObject([
      { stopped: true, spec: { holder: 'VN-HAN', calendar: 'VN-HAN' } },
    ]);
    expect(task.clocks('response')).toMatchObject([{ stopped: false }]);

    await task.handle.executeUpdate(requestInfoUpdate, { args: [{ question: 'Which fields?', ...actorOf(HANOI) }] });
    expect(await task.handle.query(taskStateQuery)).toMatchObject({
      status: 'info_requested',
      infoQuestion: 'Which fields?',
    });
    expect(task.clocks('response')).toMatchObject([{ pauses: 1, segmentStartedAt: null }]);
    await task.handle.executeUpdate(answerInfoUpdate, { args: [{ answer: 'Nursing', ...actorOf(PROVINCE) }] });
    expect(task.clocks('response')[0]!.segmentStartedAt).not.toBeNull();

    await task.handle.executeUpdate(respondTaskUpdate, {
      args: [{ summary: 'Three universities', details: 'Contacts attached', ...actorOf(HANOI) }],
    });
    expect(await task.handle.result()).toEqual({ taskId: task.taskId, status: 'responded' });
    expect(task.events()).toEqual(['task_accepted', 'task_info_requested', 'task_info_provided', 'task_responded']);
    expect(run.fakes.taskRow(task.taskId)).toMatchObject({
      version: 4,
      status: 'responded',
      infoQuestion: 'Which fields?',
      infoAnswer: 'Nursing',
      responseSummary: 'Three universities',
      responseDetails: 'Contacts attached',
    });
    for (const clock of task.clocks()) expect(clock).toMatchObject({ stopped: true, escalations: [] });
  });

  it('a decline before accepting ends the task with its reason and stops the acceptance clock', async () => {
    const task = await startTask();
    await task.handle.executeUpdate(declineTaskUpdate, { args: [{ reason: 'Not our area', ...actorOf(HANOI) }] });
    expect(await task.handle.result()).toEqual({ taskId: task.taskId, status: 'declined' });
    expect(task.events()).toEqual(['task_declined']);
    expect(run.fakes.taskRow(task.taskId)).toMatchObject({ status: 'declined', declineReason: 'Not our area' });
    expect(task.clocks()).toMatchObject([{ spec: { stage: 'acceptance' }, stopped: true }]);
  });

  it('refuses what the state does not allow: respond before accepting, a second accept', async () => {
    const task = await startTask();
    const early = task.handle.executeUpdate(respondTaskUpdate, { args: [{ summary: 'Too soon', ...actorOf(HANOI) }] });
    await expect(early).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(early).rejects.toMatchObject({ cause: { type: 'InvalidTransition' } });

    const [first, second] = await Promise.allSettled([
      task.handle.executeUpdate(acceptTaskUpdate, { args: [actorOf(HANOI)] }),
      task.handle.executeUpdate(acceptTaskUpdate, { args: [actorOf(HANOI)] }),
    ]);
    expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(task.events()).toEqual(['task_accepted']);
    await task.handle.cancel();
  });

  it('cancelled while the mission works (the request closed): records the cancellation, stops its clocks', async () => {
    const task = await startTask();
    await task.handle.executeUpdate(acceptTaskUpdate, { args: [actorOf(HANOI)] });
    await task.handle.cancel();
    // Closed either way; the parent treats a task that ends in cancellation as cancelled.
    await task.handle.result().catch(() => undefined);
    expect(task.events()).toEqual(['task_accepted', 'task_cancelled']);
    expect(run.fakes.taskRow(task.taskId)).toMatchObject({ status: 'cancelled' });
    for (const clock of task.clocks()) expect(clock.stopped).toBe(true);
  });

  it('escalates a task nobody accepts at 75 %, 100 % and 150 % of the acceptance target', async () => {
    const task = await startTask();
    await run.env.sleep(0.75 * stageTargetsMs.acceptance + HOUR / 60);
    expect(task.clocks('acceptance')).toMatchObject([{ escalations: [1] }]);
    await run.env.sleep(0.75 * stageTargetsMs.acceptance);
    expect(task.clocks('acceptance')).toMatchObject([{ escalations: [1, 2, 3], stopped: false }]);
    expect(await task.handle.query(taskStateQuery)).toMatchObject({ status: 'pending' });
    await task.handle.cancel();
  });
});

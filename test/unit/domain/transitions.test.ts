import { describe, expect, it } from 'vitest';
import type { RequestState, TaskState } from '../../../src/domain/model.js';
import { taskStatuses, type TaskStatus } from '../../../src/domain/vocabulary.js';
import {
  checkAnswerClarification,
  checkAnswerInfo,
  checkReview,
  checkTaskAction,
  checkTriage,
  checkWithdraw,
  missionsToReopen,
  statusAfterTaskSettled,
  type TaskAction,
} from '../../../src/domain/transitions.js';

function request(overrides: Partial<RequestState> = {}): RequestState {
  return { requestId: 'r1', provinceCode: 'KR-43', priority: 'routine', status: 'triage', tasks: [], ...overrides };
}

const task = (missionCode: string, status: TaskStatus, taskId = `${missionCode}-${status}`) => ({
  taskId,
  missionCode,
  status,
});

describe('triage', () => {
  it('is allowed only while the request is in triage', () => {
    expect(checkTriage(request(), { action: 'clarify', question: 'q' })).toBeUndefined();
    for (const status of ['clarification', 'assigned', 'review'] as const) {
      expect(checkTriage(request({ status }), { action: 'reject', reason: 'r' })).toMatch(
        `while the request is ${status}`,
      );
    }
    expect(checkTriage(request({ status: 'closed', outcome: 'withdrawn' }), { action: 'reject', reason: 'r' })).toMatch(
      'closed (withdrawn)',
    );
  });

  it('refuses an empty or repeated mission list', () => {
    expect(checkTriage(request(), { action: 'assign', missions: [] })).toMatch('at least one');
    expect(checkTriage(request(), { action: 'assign', missions: ['VN-HAN', 'VN-HAN'] })).toMatch('twice');
  });

  it('refuses a mission that still holds an open task, but not one that declined', () => {
    const state = request({ tasks: [task('VN-HAN', 'in_progress'), task('US-LAX', 'declined')] });
    expect(checkTriage(state, { action: 'assign', missions: ['VN-HAN'] })).toMatch('VN-HAN');
    expect(checkTriage(state, { action: 'assign', missions: ['US-LAX'] })).toBeUndefined();
  });
});

describe('province transitions', () => {
  it('answers a clarification only while one is pending', () => {
    expect(checkAnswerClarification(request({ status: 'clarification' }))).toBeUndefined();
    expect(checkAnswerClarification(request({ status: 'triage' }))).toBeDefined();
  });

  it("sends an answer to the question it names: MOFA's takes none, a task's its own", () => {
    expect(checkAnswerClarification(request({ status: 'clarification' }), { taskId: 't1' })).toMatch('task t1');
    const waiting: TaskState = { taskId: 't1', requestId: 'r1', missionCode: 'VN-HAN', status: 'info_requested' };
    expect(checkAnswerInfo(waiting, { taskId: 't1' })).toBeUndefined();
    expect(checkAnswerInfo(waiting, {})).toBeUndefined();
    expect(checkAnswerInfo(waiting, { taskId: 't2' })).toMatch('task t2');
    expect(checkAnswerInfo({ ...waiting, status: 'in_progress' }, { taskId: 't1' })).toBeDefined();
  });

  it('withdraws any open request but not a closed one', () => {
    for (const status of ['triage', 'clarification', 'assigned', 'review'] as const) {
      expect(checkWithdraw(request({ status }))).toBeUndefined();
    }
    expect(checkWithdraw(request({ status: 'closed', outcome: 'completed' }))).toMatch('already closed (completed)');
  });

  it('reviews only in review', () => {
    expect(checkReview(request({ status: 'review' }), { decision: 'accept' })).toBeUndefined();
    expect(checkReview(request({ status: 'assigned' }), { decision: 'reopen' })).toBeDefined();
  });

  it('reopens to the missions whose latest task responded', () => {
    const state = request({
      tasks: [
        task('VN-HAN', 'declined', 't1'),
        task('VN-HAN', 'responded', 't2'),
        task('US-LAX', 'responded', 't3'),
        task('JP-TYO', 'declined', 't4'),
      ],
    });
    expect(missionsToReopen(state)).toEqual(['VN-HAN', 'US-LAX']);
  });
});

describe('status after a task settles', () => {
  it('goes back to triage on a decline', () => {
    const state = request({ status: 'assigned', tasks: [task('VN-HAN', 'declined'), task('US-LAX', 'pending')] });
    expect(statusAfterTaskSettled(state, 'declined')).toBe('triage');
  });

  it('waits for every open task, then goes to review', () => {
    const waiting = request({
      status: 'assigned',
      tasks: [task('VN-HAN', 'responded'), task('US-LAX', 'info_requested')],
    });
    expect(statusAfterTaskSettled(waiting, 'responded')).toBe('assigned');
    const done = request({ status: 'assigned', tasks: [task('VN-HAN', 'responded'), task('US-LAX', 'cancelled')] });
    expect(statusAfterTaskSettled(done, 'responded')).toBe('review');
  });

  it('leaves a request that is not assigned where it is', () => {
    const state = request({ status: 'triage', tasks: [task('VN-HAN', 'responded')] });
    expect(statusAfterTaskSettled(state, 'responded')).toBe('triage');
  });
});

describe('task actions', () => {
  const table: Array<[TaskAction, TaskStatus[]]> = [
    ['accept', ['pending']],
    ['decline', ['pending', 'in_progress']],
    ['requestInfo', ['in_progress']],
    ['answerInfo', ['info_requested']],
    ['respond', ['in_progress']],
  ];

  it.each(table)('%s is allowed exactly from %j', (action, allowed) => {
    for (const status of taskStatuses) {
      const state: TaskState = { taskId: 't', requestId: 'r', missionCode: 'VN-HAN', status };
      const refusal = checkTaskAction(state, action);
      if (allowed.includes(status)) expect(refusal, `${action} from ${status}`).toBeUndefined();
      else expect(refusal, `${action} from ${status}`).toMatch(/^cannot /);
    }
  });
});

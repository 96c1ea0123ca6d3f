import { ServiceError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { retryingAbortedUpdates } from '../../../src/services/workflow-calls.js';

/** What the client throws when the server dropped an Update because its workflow task failed. */
function droppedUpdate(): ServiceError {
  const grpc = Object.assign(new Error('9 FAILED_PRECONDITION'), {
    code: 9,
    details: 'Unable to perform workflow execution update due to unexpected workflow task failure.',
    metadata: {},
  });
  return new ServiceError('Workflow Update failed', { cause: grpc });
}

function failingTimes(times: number, error: () => Error) {
  let calls = 0;
  const call = async () => {
    calls += 1;
    if (calls <= times) throw error();
    return 'applied';
  };
  return { call, calls: () => calls };
}

describe('retryingAbortedUpdates', () => {
  it('sends a dropped Update again until it goes through', async () => {
    const update = failingTimes(2, droppedUpdate);
    await expect(retryingAbortedUpdates(update.call)).resolves.toBe('applied');
    expect(update.calls()).toBe(3);
  });

  it('gives up after five attempts with the server error', async () => {
    const update = failingTimes(10, droppedUpdate);
    await expect(retryingAbortedUpdates(update.call)).rejects.toBeInstanceOf(ServiceError);
    expect(update.calls()).toBe(5);
  });

  it('does not repeat other failures', async () => {
    const otherPrecondition = () =>
      new ServiceError('failed', {
        cause: Object.assign(new Error('9'), { code: 9, details: 'namespace is not active', metadata: {} }),
      });
    for (const error of [() => new Error('boom'), otherPrecondition]) {
      const update = failingTimes(1, error);
      await expect(retryingAbortedUpdates(update.call)).rejects.toThrow();
      expect(update.calls()).toBe(1);
    }
  });
});

import { ServiceError, type Client } from '@temporalio/client';
import { defineUpdate } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { createWorkflowCalls, retryingAbortedUpdates } from '../../../src/services/workflow-calls.js';

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

describe('the bound on waiting for a workflow', () => {
  const update = defineUpdate<string, [string]>('anything');

  /** A client whose Updates never complete (no worker takes them), and which notes when the call is abandoned. */
  function silentClient() {
    const seen: { signal?: AbortSignal } = {};
    const client = {
      withAbortSignal: <T>(signal: AbortSignal, fn: () => Promise<T>) => {
        seen.signal = signal;
        return fn();
      },
      workflow: { getHandle: () => ({ executeUpdate: () => new Promise<never>(() => undefined) }) },
    };
    return { client: client as unknown as Client, seen };
  }

  it('answers 503 with Retry-After once the wait is over, and abandons the call', async () => {
    const { client, seen } = silentClient();
    const calls = createWorkflowCalls(client, { updateWaitMs: 50 });
    const started = Date.now();
    const outcome = await calls.update('request-1', update, 'input').catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(outcome).toMatchObject({ code: 'unavailable', headers: { 'retry-after': '5' } });
    expect(seen.signal?.aborted).toBe(true);
  });

  it('bounds update-with-start the same way', async () => {
    const { client } = silentClient();
    const calls = createWorkflowCalls(client, { updateWaitMs: 50 });
    await expect(calls.bounded(() => new Promise<never>(() => undefined))).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('an answer within the wait passes through', async () => {
    const { client } = silentClient();
    const calls = createWorkflowCalls(client, { updateWaitMs: 1000 });
    await expect(calls.bounded(async () => 'applied')).resolves.toBe('applied');
  });
});

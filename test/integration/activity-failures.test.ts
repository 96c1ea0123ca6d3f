/**
 * No input makes a workflow retry for ever: an activity whose input the database refuses fails at once, and the
 * recording activities' retries are bounded (workflows/recording.ts, activities/index.ts). Sent straight to
 * Temporal, past the API's validation, as a bug or a later change might.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSED_INPUT, requestWorkflowId } from '../../src/domain/messages.js';
import type { Submission } from '../../src/domain/model.js';
import { recordingOptions } from '../../workflows/recording.js';
import { startStack, type Stack } from '../support/stack.js';

/** The types of the application failures along an error's causes (a local activity's failure may come unwrapped). */
function failureTypes(error: unknown): string[] {
  const types: string[] = [];
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof ApplicationFailure && cause.type != null) types.push(cause.type);
  }
  return types;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('activities that cannot succeed', () => {
  it('a submission whose text the database refuses (a NUL byte) fails the workflow at once', async () => {
    const requestId = randomUUID();
    const submission: Submission = {
      requestId,
      provinceCode: 'KR-43',
      createdBy: 'KR-43:province_officer',
      title: 'Trade mission\u0000to Hanoi',
      description: 'Sent past the API.',
      category: 'economy',
      priority: 'routine',
      targetCountries: ['VN'],
      fingerprint: 'test',
    };
    const handle = await stack.temporal.workflow.start('requestWorkflow', {
      workflowId: requestWorkflowId(requestId),
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      args: [{ submission }],
    });
    const stillRetrying = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the workflow is still retrying after 20 s')), 20_000).unref(),
    );
    const failure = await Promise.race([handle.result(), stillRetrying]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(failureTypes(failure)).toContain(REFUSED_INPUT);
    expect(await stack.prisma.request.findUnique({ where: { id: requestId } })).toBeNull();
  });

  it('the recording activities retry for a bounded time', () => {
    expect(recordingOptions.scheduleToCloseTimeout).toBe('1 day');
  });
});

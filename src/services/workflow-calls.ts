import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { INVALID_TRANSITION } from '../domain/messages.js';
import { invalidTransition } from '../errors.js';

/**
 * Sends one Update and waits for its result. A refusal by the workflow's validator becomes 409; so does
 * an Update to a workflow that has already finished (the request is closed).
 */
export async function sendUpdate<Ret, Input>(
  temporal: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, [Input]>,
  input: Input,
): Promise<Ret> {
  try {
    return await temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [input] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && isRefusal(error.cause)) {
      throw invalidTransition(error.cause.message);
    }
    if (error instanceof WorkflowNotFoundError) {
      throw invalidTransition('this item is closed and accepts no further changes');
    }
    throw error;
  }
}

function isRefusal(cause: unknown): cause is ApplicationFailure {
  return cause instanceof ApplicationFailure && cause.type === INVALID_TRANSITION;
}

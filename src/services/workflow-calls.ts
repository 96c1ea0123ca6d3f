import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isGrpcServiceError, ServiceError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import type { Principal } from '../auth/principal.js';
import type { Actor } from '../domain/authority.js';
import { INVALID_TRANSITION, NOT_PERMITTED } from '../domain/messages.js';
import { forbidden, invalidTransition } from '../errors.js';

/** The caller as an Update names it: the workflows' validators check that it may act (src/domain/authority.ts). */
export function actorOf(caller: Principal): Actor {
  return { actor: caller.sub, role: caller.role, agency: caller.agency };
}

/**
 * Sends one Update and waits for its result. A refusal by the workflow's validator becomes 409 (403 when it
 * refuses the actor); an Update to a workflow that has already finished (the request is closed) is a 409 too.
 */
export async function sendUpdate<Ret, Input>(
  temporal: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, [Input]>,
  input: Input,
): Promise<Ret> {
  // One id for every attempt: the server applies an Update id once.
  const updateId = randomUUID();
  try {
    return await retryingAbortedUpdates(() =>
      temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [input], updateId }),
    );
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && isRefusal(error.cause, INVALID_TRANSITION)) {
      throw invalidTransition(error.cause.message);
    }
    if (error instanceof WorkflowUpdateFailedError && isRefusal(error.cause, NOT_PERMITTED)) {
      throw forbidden(error.cause.message);
    }
    if (error instanceof WorkflowNotFoundError) {
      throw invalidTransition('this item is closed and accepts no further changes');
    }
    throw error;
  }
}

function isRefusal(cause: unknown, type: string): cause is ApplicationFailure {
  return cause instanceof ApplicationFailure && cause.type === type;
}

// gRPC status FAILED_PRECONDITION.
const FAILED_PRECONDITION = 9;
const abortedUpdateAttempts = 5;

/**
 * Runs an Update call again when the server dropped it because the workflow task carrying it failed
 * (an event arrived while the task completed the workflow: UnhandledCommand). The workflow never saw
 * that Update, so sending it again with the same id is safe.
 */
export async function retryingAbortedUpdates<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= abortedUpdateAttempts || !isAbortedUpdate(error)) throw error;
      await sleep(25 * 2 ** attempt);
    }
  }
}

function isAbortedUpdate(error: unknown): boolean {
  const cause = error instanceof ServiceError ? error.cause : error;
  return (
    isGrpcServiceError(cause) &&
    Number(cause.code) === FAILED_PRECONDITION &&
    /workflow task failure/i.test(cause.details)
  );
}

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isGrpcServiceError, ServiceError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import type { Principal } from '../auth/principal.js';
import type { Actor } from '../domain/authority.js';
import { INVALID_TRANSITION, NOT_PERMITTED } from '../domain/messages.js';
import { type AppError, forbidden, invalidTransition, unavailable } from '../errors.js';

/** The caller as an Update names it: the workflows' validators check that it may act (src/domain/authority.ts). */
export function actorOf(caller: Principal): Actor {
  return { actor: caller.sub, role: caller.role, agency: caller.agency };
}

/** Seconds a client is asked to wait before it looks again after a call the workflow did not confirm in time. */
const RETRY_AFTER_SECONDS = 5;

/** The HTTP API's calls into workflows, each bounded: no HTTP call waits longer than `updateWaitMs`. */
export interface WorkflowCalls {
  /**
   * Sends one Update and waits for its result. A refusal by the workflow's validator becomes 409 (403 when it
   * refuses the actor); an Update to a workflow that has already finished (the request is closed) is a 409 too.
   */
  update<Ret, Input>(workflowId: string, update: UpdateDefinition<Ret, [Input]>, input: Input): Promise<Ret>;
  /** Any other call under the same bound (update-with-start). */
  bounded<T>(call: (temporal: Client) => Promise<T>): Promise<T>;
}

/**
 * Past the bound the call is abandoned, not undone: an Update the server has admitted is still delivered to
 * the workflow when a worker takes it, and the caller gets 503 with Retry-After and is told to look before
 * sending the change again.
 */
export function createWorkflowCalls(temporal: Client, options: { updateWaitMs: number }): WorkflowCalls {
  async function bounded<T>(call: (client: Client) => Promise<T>): Promise<T> {
    const abandon = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandon.abort();
        reject(notConfirmed(options.updateWaitMs));
      }, options.updateWaitMs);
    });
    const running = temporal.withAbortSignal(abandon.signal, () => call(temporal));
    // Once the deadline has answered, the abandoned call's failure concerns no one.
    running.catch(() => undefined);
    try {
      return await Promise.race([running, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    bounded,
    async update(workflowId, update, input) {
      // One id for every attempt: the server applies an Update id once.
      const updateId = randomUUID();
      try {
        return await bounded((client) =>
          retryingAbortedUpdates(() =>
            client.workflow.getHandle(workflowId).executeUpdate(update, { args: [input], updateId }),
          ),
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
    },
  };
}

function notConfirmed(waitMs: number): AppError {
  return unavailable(
    `The change was not confirmed within ${waitMs / 1000} s and may still be applied: look at the item (or ` +
      'repeat a submission with the same Idempotency-Key) before sending it again.',
    { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
  );
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

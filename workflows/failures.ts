import { ApplicationFailure } from '@temporalio/workflow';
import { INVALID_TRANSITION, NOT_PERMITTED } from '../src/domain/messages.js';
import type { Refusal } from '../src/domain/transitions.js';

/** Turns a refused transition into a rejected update: it never enters history and the API answers 409. */
export function refuse(refusal: Refusal): void {
  if (refusal !== undefined) {
    throw ApplicationFailure.create({ type: INVALID_TRANSITION, message: refusal, nonRetryable: true });
  }
}

/** Turns a refused actor into a rejected update: it never enters history and the API answers 403. */
export function forbid(refusal: Refusal): void {
  if (refusal !== undefined) {
    throw ApplicationFailure.create({ type: NOT_PERMITTED, message: refusal, nonRetryable: true });
  }
}

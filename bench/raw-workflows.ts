/**
 * The raw baseline: one-line workflows on their own task queue, driven straight through the SDK (no API, no
 * database, no SLA logic). Bundled separately by bench/raw-worker.ts.
 */
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const pingUpdate = defineUpdate<string, [string]>('ping');
export const finishSignal = defineSignal('finish');

/** Submission baseline for `client.workflow.start`: starts and completes. */
export async function oneLine(): Promise<string> {
  return 'done';
}

/**
 * Transition baseline for `executeUpdate` (and update-with-start): an update handler that answers at once; the
 * workflow stays open like a request does, until `finish` (or its run timeout).
 */
export async function updatable(): Promise<void> {
  let finished = false;
  setHandler(pingUpdate, (value) => value);
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}

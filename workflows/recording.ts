import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

/**
 * Recording activities are idempotent, so they retry while the database is away, for a day at most: then the
 * activity fails, and with it the Update or the workflow that waits for it, instead of retrying for ever. Input
 * that can never succeed fails at once (activities/index.ts).
 */
export const recordingOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
} as const;

const queued = proxyActivities<Activities>(recordingOptions);
// Local activities run inside the workflow task that schedules them: no task-queue round trip and
// no extra workflow task per write, about half the Temporal server's work per transition
// (docs/benchmarks.md).
const local = proxyLocalActivities<Activities>(recordingOptions);

/** Marks executions that record through local activities; older ones replay with queued activities. */
export const localRecordingPatch = 'local-recording-activities';

/** The recording and clock activities, in the form this execution's history expects. */
export const recording = () => (patched(localRecordingPatch) ? local : queued);

import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

// Recording activities are idempotent, so they retry until the database is back.
const timeouts = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
} as const;

const queued = proxyActivities<Activities>(timeouts);
// Local activities run inside the workflow task that schedules them: no task-queue round trip and
// no extra workflow task per write, about half the Temporal server's work per transition
// (docs/benchmarks.md).
const local = proxyLocalActivities<Activities>(timeouts);

/** Marks executions that record through local activities; older ones replay with queued activities. */
export const localRecordingPatch = 'local-recording-activities';

/** The recording and clock activities, in the form this execution's history expects. */
export const recording = () => (patched(localRecordingPatch) ? local : queued);

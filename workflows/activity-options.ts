import type { ActivityOptions } from '@temporalio/workflow';

/** Recording activities are idempotent, so they retry until the database is back. */
export const recordingActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
};

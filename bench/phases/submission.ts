/** Phase "submission": POST /v1/requests against the raw SDK's start and update-with-start, at fixed open-loop rates. */
import { WithStartWorkflowOperation } from '@temporalio/client';
import { control, sleep } from '../control.js';
import { openLoop } from '../load.js';
import { progress } from '../progress.js';
import { pingUpdate, type oneLine, type updatable } from '../raw-workflows.js';
import { submitThroughApi, type Context } from './context.js';
import { withCpu, type Measured } from './cpu.js';

export interface SubmissionLevel {
  offeredPerS: number;
  api: Measured;
  rawStart: Measured;
  /** The same Temporal shape as the product's submission (update-with-start), with a one-line handler. */
  rawUpdateWithStart: Measured | null;
}

export type SubmissionSystem = 'api' | 'rawStart' | 'rawUpdateWithStart';

let sequence = 0;

export function submitter(ctx: Context, system: SubmissionSystem, label: string): (i: number) => Promise<void> {
  const { stack } = ctx;
  switch (system) {
    case 'api':
      return async (i) => {
        await submitThroughApi(ctx, `bench ${label} ${i}`);
      };
    case 'rawStart':
      return async () => {
        await stack.rawClient.workflow.start<typeof oneLine>('oneLine', {
          taskQueue: stack.rawTaskQueue,
          workflowId: `raw-start-${stack.runId}-${(sequence += 1)}`,
        });
      };
    case 'rawUpdateWithStart':
      return async () => {
        await stack.rawClient.workflow.executeUpdateWithStart(pingUpdate, {
          args: ['submitted'],
          startWorkflowOperation: new WithStartWorkflowOperation<typeof updatable>('updatable', {
            taskQueue: stack.rawTaskQueue,
            workflowId: `raw-uws-${stack.runId}-${(sequence += 1)}`,
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowExecutionTimeout: '30 minutes',
          }),
        });
      };
  }
}

export async function measureSubmission(
  ctx: Context,
  system: SubmissionSystem,
  rate: number,
  durationMs: number,
  label = `submission ${system} ${rate}/s`,
): Promise<Measured> {
  control.check();
  const result = await withCpu(ctx.stack, () =>
    openLoop({
      label,
      rate,
      durationMs,
      send: submitter(ctx, system, label),
      drainMs: 60_000,
      maxInFlight: maxInFlightFor(rate),
    }),
  );
  progress.line(
    `${label}: ${result.achievedPerS}/s, p50 ${result.latencyMs.p50} p95 ${result.latencyMs.p95} p99 ${result.latencyMs.p99} ms, ` +
      `${result.scheduled - result.ok} not ok`,
  );
  await sleep(1_500);
  return result;
}

/**
 * Outstanding operations allowed at an offered rate: two seconds' worth (at least 50). Beyond that the system is
 * overloaded; sends are dropped (and counted as not ok) instead of piling up a backlog that would spill into the
 * next measurement.
 */
export function maxInFlightFor(rate: number): number {
  return Math.max(50, Math.ceil(rate * 2));
}

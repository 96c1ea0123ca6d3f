/** Phase "transition": one Update round-trip, through the API against the raw SDK's executeUpdate. */
import { sleep } from '../control.js';
import { inBatches, openLoop } from '../load.js';
import { progress } from '../progress.js';
import { pingUpdate, type updatable } from '../raw-workflows.js';
import { submitThroughApi, type Context } from './context.js';
import { withCpu, type Measured } from './cpu.js';
import { maxInFlightFor } from './submission.js';

export interface TransitionResult {
  offeredPerS: number;
  /** POST /v1/requests/:id/triage {action: clarify} on a fresh request (3 activities in the workflow). */
  api: Measured;
  /** executeUpdate of a one-line handler on a fresh, open workflow. */
  raw: Measured;
}

export async function measureTransition(ctx: Context, rate: number, durationMs: number): Promise<TransitionResult> {
  const count = Math.max(1, Math.round((rate * durationMs) / 1000));
  progress.line(`transition: preparing ${count} fresh requests and ${count} open raw workflows`);
  const ids = await inBatches(
    Array.from({ length: count }, (_, i) => i),
    8,
    (i) => submitThroughApi(ctx, `bench transition ${i}`),
  );
  const rawIds = await inBatches(
    Array.from({ length: count }, (_, i) => i),
    16,
    async (i) => {
      const workflowId = `raw-update-${ctx.stack.runId}-${i}`;
      await ctx.stack.rawClient.workflow.start<typeof updatable>('updatable', {
        taskQueue: ctx.stack.rawTaskQueue,
        workflowId,
        workflowExecutionTimeout: '30 minutes',
      });
      return workflowId;
    },
  );
  await sleep(2_000);
  const api = await withCpu(ctx.stack, () =>
    openLoop({
      label: `transition api ${rate}/s`,
      rate,
      durationMs,
      maxInFlight: maxInFlightFor(rate),
      send: async (i) => {
        await ctx.api.expect(200, 'POST', `/v1/requests/${ids[i]!}/triage`, {
          token: ctx.tokens.coordinator,
          body: { action: 'clarify', question: 'Which intake do you mean?' },
        });
      },
    }),
  );
  progress.line(
    `transition api: p50 ${api.latencyMs.p50} p95 ${api.latencyMs.p95} p99 ${api.latencyMs.p99} ms, ${api.scheduled - api.ok} not ok`,
  );
  await sleep(1_500);
  const raw = await withCpu(ctx.stack, () =>
    openLoop({
      label: `transition raw ${rate}/s`,
      rate,
      durationMs,
      maxInFlight: maxInFlightFor(rate),
      send: async (i) => {
        await ctx.stack.rawClient.workflow.getHandle(rawIds[i]!).executeUpdate(pingUpdate, { args: ['triaged'] });
      },
    }),
  );
  progress.line(
    `transition raw: p50 ${raw.latencyMs.p50} p95 ${raw.latencyMs.p95} p99 ${raw.latencyMs.p99} ms, ${raw.scheduled - raw.ok} not ok`,
  );
  return { offeredPerS: rate, api, raw };
}

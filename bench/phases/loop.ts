/** Phase "loop": whole requests from submission to closed, by closed-loop drivers. */
import { performance } from 'node:perf_hooks';
import type { RequestDetail } from '../../test/support/responses.js';
import { sleep } from '../control.js';
import { closedLoop, type ClosedLoopResult } from '../load.js';
import { progress } from '../progress.js';
import { submitThroughApi, type Context, type Tokens } from './context.js';
import { withCpu, type CpuAccounting } from './cpu.js';

export type LoopResult = ClosedLoopResult &
  CpuAccounting & {
    missions: number;
    /** GET /v1/requests/:id polls per loop while waiting for the request to reach review. */
    pollsPerLoop: number;
  };

const MISSIONS: Array<{ code: string; user: keyof Tokens }> = [
  { code: 'VN-HAN', user: 'hanoi' },
  { code: 'US-LAX', user: 'losAngeles' },
];

/** submit → triage assign → each mission accepts and responds → (request reaches review) → province accepts → closed. */
export async function measureLoop(
  ctx: Context,
  missions: 1 | 2,
  drivers: number,
  durationMs: number,
): Promise<LoopResult> {
  const { api, tokens } = ctx;
  const chosen = MISSIONS.slice(0, missions);
  let polls = 0;
  const result = await withCpu(ctx.stack, () =>
    closedLoop({
      label: `loop ${missions} mission(s) × ${drivers} drivers`,
      drivers,
      durationMs,
      maxIterations: 5_000,
      iteration: async () => {
        const id = await submitThroughApi(ctx, `bench loop ${missions}`);
        const assigned = await api.expect<RequestDetail>(200, 'POST', `/v1/requests/${id}/triage`, {
          token: tokens.coordinator,
          body: { action: 'assign', missions: chosen.map((mission) => mission.code) },
        });
        await Promise.all(
          chosen.map(async (mission) => {
            const task = assigned.tasks.find((candidate) => candidate.missionCode === mission.code);
            if (task === undefined) throw new Error(`no task for ${mission.code}`);
            const token = tokens[mission.user];
            await api.expect(200, 'POST', `/v1/tasks/${task.id}/accept`, { token });
            await api.expect(200, 'POST', `/v1/tasks/${task.id}/respond`, {
              token,
              body: { summary: 'Three universities are interested' },
            });
          }),
        );
        // The last response settles the task workflow; the request workflow then moves to review by itself.
        const deadline = performance.now() + 30_000;
        for (let wait = 20; ; wait = Math.min(100, wait * 2)) {
          polls += 1;
          const request = await api.expect<RequestDetail>(200, 'GET', `/v1/requests/${id}`, { token: tokens.province });
          if (request.status === 'review') break;
          if (performance.now() > deadline)
            throw new Error(`request stayed ${request.status} instead of reaching review`);
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const closed = await api.expect<RequestDetail>(200, 'POST', `/v1/requests/${id}/review`, {
          token: tokens.province,
          body: { decision: 'accept' },
        });
        if (closed.status !== 'closed') throw new Error(`review left the request ${closed.status}`);
      },
    }),
  );
  progress.line(
    `loop ${missions} mission(s) × ${drivers} drivers: ${result.perS} loops/s, loop p50 ${result.latencyMs.p50} p95 ${result.latencyMs.p95} ms, ${result.failed} failed`,
  );
  await sleep(1_500);
  return {
    ...result,
    missions,
    pollsPerLoop: result.ok === 0 ? 0 : Math.round((polls / (result.ok + result.failed)) * 10) / 10,
  };
}

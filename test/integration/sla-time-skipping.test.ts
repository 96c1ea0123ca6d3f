/**
 * SLA clocks on the DEFAULT policy (whole working days on each leg's own calendar) on Temporal's
 * time-skipping test server: the real request and mission-task workflows, the real activities and the
 * real database, with days of workflow time passing in milliseconds.
 *
 * Each case starts its own server with the virtual clock on a date of February 2026 (the server's
 * wrapper takes `--initial-time`; see test/support/time-skipping-server.ts). The activities compute every
 * instant from the workflow time the workflow hands them, so the rows written see the skipped time.
 * The server's clock runs in real time while locked, so a clock starts a few hundred milliseconds after
 * the chosen instant: `drift` carries that offset into the expected instants.
 *
 * The database is shared with the files running alongside; this file reads and writes its own requests
 * only, dated in February 2026, which no other file uses.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../src/db/client.js';
import { requestWorkflowId, triageUpdate, withdrawUpdate } from '../../src/domain/messages.js';
import { createWorker } from '../../src/worker.js';
import type { requestWorkflow } from '../../workflows/request.js';
import { testPayloadCodec } from '../support/payload-keys.js';
import { requestIdOf, submitRequest } from '../support/request-workflow.js';
import { eventually } from '../support/stack.js';
import { skipTo, startTimeSkipping, timeSkippingServerPath } from '../support/time-skipping-server.js';
import { actorOf, COORDINATOR, PROVINCE } from '../support/users.js';

const SEOUL = 'Asia/Seoul';
const WASHINGTON = 'America/New_York';
const RIYADH = 'Asia/Riyadh';
const MINUTE = 60_000;
const DAY = 86_400_000;

let prisma: PrismaClient;

beforeAll(async () => {
  // ERROR only: the core warns that the test server does not advertise a heartbeat capability of newer servers.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  prisma = createPrismaClient(inject('databaseUrl'));
  // Provisions the Java server when .ci/run has not (Maven Central, about half a minute, once per machine).
  const started = performance.now();
  console.log(`time-skipping test server: ${await timeSkippingServerPath()} (${ms(started)})`);
}, 600_000);

afterAll(async () => {
  await prisma?.$disconnect();
});

interface Run {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  stop(): Promise<void>;
}

/** A fresh server whose clock starts at `initialTime`, and the product's worker on a queue of its own. */
async function startRun(initialTime: Date): Promise<Run> {
  const started = performance.now();
  const server = await startTimeSkipping({ initialTime });
  const { env } = server;
  const taskQueue = `oneteam-time-skipping-${randomUUID()}`;
  try {
    const worker = await createWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      prisma,
      slaPolicy: 'default',
      payloadCodec: testPayloadCodec,
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    const running = worker.run();
    console.log(`server (virtual clock at ${initialTime.toISOString()}) and worker up in ${ms(started)}`);
    return {
      env,
      taskQueue,
      async stop() {
        const stopping = performance.now();
        worker.shutdown();
        await running;
        await server.stop();
        console.log(`worker and server stopped in ${ms(stopping)}`);
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

const coordinator = actorOf(COORDINATOR);
const province = actorOf(PROVINCE);

/** A routine request to Washington and Riyadh, submitted as the API does. */
const submit = async (run: Run, title: string): Promise<string> =>
  requestIdOf(
    await submitRequest(
      { client: run.env.client, taskQueue: run.taskQueue },
      {
        title,
        description: 'Default-policy SLA test in skipped time',
        category: 'culture',
        targetCountries: ['US', 'SA'],
      },
    ),
  );

const escalationsOf = (requestId: string) =>
  prisma.escalation.findMany({ where: { requestId }, orderBy: [{ dueAt: 'asc' }, { level: 'asc' }] });

/** `Fri 2026-02-13 10:00:00.412` on the wall clock of `timeZone`. */
function wallClock(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}.${parts.fractionalSecond}`;
}

const ms = (since: number) => `${Math.round(performance.now() - since)} ms`;

/**
 * The ladder as recorded: one escalation per level, each due at its expected instant and fired then
 * (in test time: the timer fires at the instant, the activity records the workflow's time).
 */
function expectLadder(
  escalations: Awaited<ReturnType<typeof escalationsOf>>,
  clockId: string,
  expected: Record<1 | 2 | 3, Date>,
  timeZone: string,
): void {
  const mine = escalations.filter((escalation) => escalation.clockId === clockId);
  expect(mine.map((escalation) => escalation.level)).toEqual([1, 2, 3]);
  for (const escalation of mine) {
    const due = expected[escalation.level as 1 | 2 | 3];
    expect(wallClock(escalation.dueAt, timeZone), `level ${escalation.level} due`).toBe(wallClock(due, timeZone));
    const lag = escalation.firedAt.getTime() - escalation.dueAt.getTime();
    expect(lag, `level ${escalation.level} fired at ${escalation.firedAt.toISOString()}`).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(MINUTE);
    console.log(
      `  ${clockId.split(':').slice(1).join(':')} L${escalation.level} ${escalation.agency}: due ${wallClock(escalation.dueAt, timeZone)} (${timeZone}), fired +${lag} ms test time`,
    );
  }
}

describe('SLA clocks on the default policy, in skipped time', { timeout: 120_000 }, () => {
  it('a request submitted on the Friday before Seollal 2026 escalates on the right Korean working days', async () => {
    const wall = performance.now();
    // Friday 13 Feb 2026, 10:00 in Seoul. Seollal is Mon 16 – Wed 18 Feb; routine triage is P2D.
    const friday = new Date('2026-02-13T10:00:00+09:00');
    const run = await startRun(friday);
    try {
      const submitting = performance.now();
      const requestId = await submit(run, 'Before Seollal');
      console.log(`submitted in ${ms(submitting)}`);
      const clock = await prisma.slaClock.findFirstOrThrow({ where: { requestId, stage: 'triage' } });
      expect(clock).toMatchObject({
        calendar: 'KR',
        holder: 'MOFA',
        target: 'P2D',
        targetMs: BigInt(18 * 3_600_000),
        level: 0,
      });
      const drift = clock.startedAt.getTime() - friday.getTime();
      expect(drift).toBeGreaterThanOrEqual(0);
      expect(drift).toBeLessThan(MINUTE);
      const at = (local: string) => new Date(Date.parse(`${local}+09:00`) + drift);
      // Working days: Fri 13, (weekend, Seollal Mon–Wed), Thu 19, Fri 20. The target is 18 working hours.
      const expected = {
        1: at('2026-02-19T14:30:00'), // 75 %: Fri 8 h + Thu 5.5 h
        2: at('2026-02-20T10:00:00'), // 100 %: two whole working days, same wall-clock time
        3: at('2026-02-23T10:00:00'), // 150 %: Fri 8 h + Thu 9 h + Fri 9 h + Mon 1 h
      };
      expect(wallClock(clock.dueAt, SEOUL)).toBe(wallClock(expected[2], SEOUL));
      expect(wallClock(clock.dueAt, SEOUL)).toMatch(/^Fri 2026-02-20 10:00:/);

      const skipping = performance.now();
      // Through Seollal to the minute before at-risk: nothing yet.
      await skipTo(run.env, new Date(expected[1].getTime() - MINUTE));
      expect(await escalationsOf(requestId)).toEqual([]);
      // Each rung fires at its instant, and only it.
      for (const level of [1, 2, 3] as const) {
        await skipTo(run.env, new Date(expected[level].getTime() + MINUTE));
        const fired = await eventually(
          async () => {
            const rows = await escalationsOf(requestId);
            return rows.length >= level ? rows : undefined;
          },
          10_000,
          `level ${level}`,
        );
        expect(fired.map((escalation) => escalation.level)).toEqual([1, 2, 3].slice(0, level));
      }
      // A month later still exactly one escalation per level.
      await skipTo(run.env, new Date(expected[3].getTime() + 30 * DAY));
      const escalations = await escalationsOf(requestId);
      console.log(
        `Seollal 2026 triage clock (started ${wallClock(clock.startedAt, SEOUL)} Seoul), ${ms(skipping)} of wall time for 40 days:`,
      );
      expectLadder(escalations, clock.id, expected, SEOUL);
      expect(escalations.every((escalation) => escalation.stage === 'triage' && escalation.agency === 'MOFA')).toBe(
        true,
      );
      expect(await prisma.slaClock.findUniqueOrThrow({ where: { id: clock.id } })).toMatchObject({
        level: 3,
        state: 'breached',
        stoppedAt: null,
      });

      // Closing the request stops the clock and ends the workflow.
      const handle = run.env.client.workflow.getHandle<typeof requestWorkflow>(requestWorkflowId(requestId));
      await handle.executeUpdate(triageUpdate, {
        args: [{ action: 'reject', reason: 'test over', ...coordinator }],
      });
      expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'rejected' });
      expect((await prisma.slaClock.findUniqueOrThrow({ where: { id: clock.id } })).stoppedAt).not.toBeNull();
      expect(await escalationsOf(requestId)).toHaveLength(3);
    } finally {
      await run.stop();
      console.log(`Seollal 2026 case: ${ms(wall)} of wall time in all`);
    }
  });

  it("mission acceptance legs escalate on their own calendars: Washington's Presidents' Day, Riyadh's Fri–Sat weekend", async () => {
    const wall = performance.now();
    // Friday 13 Feb 2026, 14:00 in Washington = 22:00 in Riyadh (its weekend). Routine acceptance is P1D.
    const friday = new Date('2026-02-13T14:00:00-05:00');
    const run = await startRun(friday);
    try {
      const requestId = await submit(run, 'Two missions across a long weekend');
      const handle = run.env.client.workflow.getHandle<typeof requestWorkflow>(requestWorkflowId(requestId));
      await handle.executeUpdate(triageUpdate, {
        args: [{ action: 'assign', missions: ['US-WAS', 'SA-RUH'], ...coordinator }],
      });
      const clocks = await eventually(
        async () => {
          const rows = await prisma.slaClock.findMany({ where: { requestId, stage: 'acceptance' } });
          return rows.length === 2 ? rows : undefined;
        },
        10_000,
        'both acceptance clocks',
      );
      const washington = clocks.find((clock) => clock.calendar === 'US-WAS')!;
      const riyadh = clocks.find((clock) => clock.calendar === 'SA-RUH')!;
      expect(washington).toMatchObject({ holder: 'US-WAS', target: 'P1D', targetMs: BigInt(9 * 3_600_000) });
      expect(riyadh).toMatchObject({ holder: 'SA-RUH', target: 'P1D', targetMs: BigInt(9 * 3_600_000) });

      // Washington: Fri 14:00 + one working day, over the weekend and Presidents' Day (Mon 16 Feb), is Tue 14:00.
      const drift = washington.startedAt.getTime() - friday.getTime();
      expect(drift).toBeGreaterThanOrEqual(0);
      expect(drift).toBeLessThan(MINUTE);
      const inWashington = (local: string) => new Date(Date.parse(`${local}-05:00`) + drift);
      const washingtonLadder = {
        1: inWashington('2026-02-17T11:45:00'), // Fri 4 h + Tue 2.75 h
        2: inWashington('2026-02-17T14:00:00'),
        3: inWashington('2026-02-18T09:30:00'), // Fri 4 h + Tue 9 h + Wed 0.5 h
      };
      expect(wallClock(washington.dueAt, WASHINGTON)).toBe(wallClock(washingtonLadder[2], WASHINGTON));
      // Riyadh: assigned on its Friday evening; the clock runs from Sunday's opening, due Monday 09:00
      // (16 Feb is Seollal in Korea, not a holiday for the mission).
      const inRiyadh = (local: string) => new Date(`${local}+03:00`);
      const riyadhLadder = {
        1: inRiyadh('2026-02-15T15:45:00'), // Sun 6.75 h
        2: inRiyadh('2026-02-16T09:00:00'),
        3: inRiyadh('2026-02-16T13:30:00'), // Sun 9 h + Mon 4.5 h
      };
      expect(wallClock(riyadh.dueAt, RIYADH)).toBe('Mon 2026-02-16 09:00:00.000');

      const skipping = performance.now();
      // End of Presidents' Day in Washington: Riyadh has breached and reached level 3, Washington nothing.
      await skipTo(run.env, new Date('2026-02-16T23:59:00-05:00'));
      const byMonday = await escalationsOf(requestId);
      expect(byMonday.map((escalation) => [escalation.agency, escalation.level])).toEqual([
        ['SA-RUH', 1],
        ['SA-RUH', 2],
        ['SA-RUH', 3],
      ]);
      // Wednesday evening in Washington: its ladder too.
      await skipTo(run.env, new Date('2026-02-18T18:00:00-05:00'));
      const escalations = await escalationsOf(requestId);
      console.log(`Mission acceptance clocks, ${ms(skipping)} of wall time for 5 days:`);
      expectLadder(escalations, riyadh.id, riyadhLadder, RIYADH);
      expectLadder(escalations, washington.id, washingtonLadder, WASHINGTON);
      expect(escalations).toHaveLength(6);
      expect(escalations.every((escalation) => escalation.stage === 'acceptance' && escalation.taskId !== null)).toBe(
        true,
      );

      // Withdrawing cancels both tasks; their clocks stop and the workflows end.
      await handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'test over', ...province }] });
      expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'withdrawn' });
      const stopped = await prisma.slaClock.findMany({ where: { requestId } });
      expect(stopped.every((clock) => clock.stoppedAt !== null)).toBe(true);
      expect(await escalationsOf(requestId)).toHaveLength(6);
    } finally {
      await run.stop();
      console.log(`Mission legs case: ${ms(wall)} of wall time in all`);
    }
  });
});

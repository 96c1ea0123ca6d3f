/**
 * The workflows alone, in seconds: the real request and mission-task workflows on Temporal's
 * time-skipping test server, with the activities replaced by in-memory fakes. The fakes keep what the
 * workflows hand them (audit events, snapshots, clock calls), so a test reads the outcome from there
 * instead of a database; clocks run 24x7 on targets the test chooses, so a ladder takes no real time.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { createHolidayActivities } from '../../activities/holidays.js';
import type { Activities } from '../../activities/index.js';
import { requestStateQuery, taskWorkflowId } from '../../src/domain/messages.js';
import type { RequestState } from '../../src/domain/model.js';
import type { AuditEventRecord, RequestSnapshot, TaskSnapshot } from '../../src/domain/projection.js';
import { waitUntil } from '../../src/local/processes/index.js';
import type { EscalationLevel, Stage } from '../../src/domain/vocabulary.js';
import type { ClockPlan, ClockSpec } from '../../src/sla/index.js';
import { dataConverterFor } from '../../src/temporal/payload-codec.js';
import type { missionTaskWorkflow } from '../../workflows/mission-task.js';
import { testPayloadCodec } from '../support/payload-keys.js';
import { requestIdOf, submitRequest, type RequestHandle } from '../support/request-workflow.js';
import { startTimeSkipping } from '../support/time-skipping-server.js';

export const HOUR = 3_600_000;

/** Target of each stage's clock in the fakes (24x7): levels fall due at 75 %, 100 % and 150 % of it. */
export const stageTargetsMs: Record<Stage, number> = {
  triage: 8 * HOUR,
  clarification: 24 * HOUR,
  acceptance: 4 * HOUR,
  response: 48 * HOUR,
  review: 24 * HOUR,
};

export interface FakeClock {
  spec: ClockSpec;
  targetMs: number;
  /** Time the clock ran before its current segment. */
  consumedMs: number;
  /** Start of the running segment; null while paused or stopped. */
  segmentStartedAt: number | null;
  extendedUntil: string | null;
  stopped: boolean;
  pauses: number;
  /** Levels recorded, in the order the workflow escalated them. */
  escalations: EscalationLevel[];
}

/** What the request and mission-task workflows call: every activity but the holiday fan-out's. */
type LoopActivities = Omit<Activities, keyof ReturnType<typeof createHolidayActivities>>;

/**
 * In-memory stand-ins for every activity the request and task workflows call (activities/index.ts),
 * registered under the same names; the workflows run them as local activities, which a worker takes from
 * the same map.
 * Idempotent like the real ones: a retried event id is recorded once.
 */
export function fakeActivities() {
  const events: AuditEventRecord[] = [];
  const seenEvents = new Set<string>();
  const requests = new Map<string, RequestSnapshot>();
  const tasks = new Map<string, TaskSnapshot>();
  const clocks = new Map<string, FakeClock>();

  function remember(event: AuditEventRecord): boolean {
    if (seenEvents.has(event.id)) return false;
    seenEvents.add(event.id);
    events.push(event);
    return true;
  }

  function clock(clockId: string): FakeClock {
    const found = clocks.get(clockId);
    if (found === undefined) throw new Error(`unknown clock ${clockId}`);
    return found;
  }

  function planOf(clock: FakeClock): ClockPlan {
    const onBreach = clock.spec.stage === 'review' ? 'auto_close' : null;
    const start = clock.segmentStartedAt;
    const dueAt = new Date((start ?? Date.now()) + clock.targetMs - clock.consumedMs).toISOString();
    if (start === null || clock.stopped) return { dueAt, thresholds: [], onBreach };
    const reached = Math.max(0, ...clock.escalations);
    const at = (share: number) => new Date(start + share * clock.targetMs - clock.consumedMs).toISOString();
    const levels = [
      { level: 1, at: at(0.75) },
      { level: 2, at: at(1) },
      { level: 3, at: at(1.5) },
    ] as const;
    return { dueAt, thresholds: levels.filter(({ level }) => level > reached), onBreach };
  }

  const activities = {
    async recordRequestEvent({ event, request }) {
      if (remember(event)) requests.set(event.requestId, request);
    },
    async recordTaskEvent({ event, task }) {
      if (remember(event)) tasks.set(task.taskId, task);
    },
    async startClock({ spec, at }) {
      const existing = clocks.get(spec.clockId);
      if (existing !== undefined) return planOf(existing);
      const started: FakeClock = {
        spec,
        targetMs: stageTargetsMs[spec.stage],
        consumedMs: 0,
        segmentStartedAt: Date.parse(at),
        extendedUntil: null,
        stopped: false,
        pauses: 0,
        escalations: [],
      };
      clocks.set(spec.clockId, started);
      return planOf(started);
    },
    async pauseClock({ clockId, at }) {
      const paused = clock(clockId);
      if (paused.segmentStartedAt === null || paused.stopped) return;
      paused.consumedMs += Date.parse(at) - paused.segmentStartedAt;
      paused.segmentStartedAt = null;
      paused.pauses += 1;
    },
    async resumeClock({ clockId, at }) {
      const resumed = clock(clockId);
      if (resumed.segmentStartedAt === null && !resumed.stopped) resumed.segmentStartedAt = Date.parse(at);
      return planOf(resumed);
    },
    async extendClock({ clockId, until, at }) {
      const extended = clock(clockId);
      if (extended.extendedUntil === null && !extended.stopped) {
        const now = Date.parse(at);
        extended.extendedUntil = until;
        extended.consumedMs = 0;
        extended.targetMs = Date.parse(until) - now;
        extended.segmentStartedAt = now;
        extended.escalations = [];
      }
      return planOf(extended);
    },
    async replanClock({ clockId }) {
      return planOf(clock(clockId));
    },
    async stopClock({ clockId, at }) {
      const stopped = clock(clockId);
      if (stopped.stopped) return;
      if (stopped.segmentStartedAt !== null) stopped.consumedMs += Date.parse(at) - stopped.segmentStartedAt;
      stopped.segmentStartedAt = null;
      stopped.stopped = true;
    },
    async escalate({ clockId, level }) {
      const escalated = clock(clockId);
      if (!escalated.escalations.includes(level)) escalated.escalations.push(level);
    },
  } satisfies LoopActivities;

  return {
    activities,
    /** Audit events of one request (its tasks' included), in the order they were recorded. */
    eventsOf: (requestId: string) => events.filter((event) => event.requestId === requestId),
    /** The latest snapshot the request workflow recorded. */
    requestRow: (requestId: string) => requests.get(requestId),
    taskRow: (taskId: string) => tasks.get(taskId),
    /** Clocks of one request, in the order they started; `stage` narrows to one stage. */
    clocksOf: (requestId: string, stage?: Stage) =>
      [...clocks.values()].filter(
        (candidate) =>
          candidate.spec.requestId === requestId && (stage === undefined || candidate.spec.stage === stage),
      ),
  };
}

export type FakeActivities = ReturnType<typeof fakeActivities>;

export interface WorkflowRun {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  fakes: FakeActivities;
  stop(): Promise<void>;
}

/**
 * A time-skipping server and a worker running the product's workflows on the fakes, for one test file
 * (the tests in a file run one after another, so they share the server's clock).
 */
export async function startWorkflowRun(): Promise<WorkflowRun> {
  // ERROR only: the core warns that the test server lacks capabilities of newer servers.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  const server = await startTimeSkipping();
  const { env } = server;
  const taskQueue = `workflow-test-${randomUUID()}`;
  const fakes = fakeActivities();
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      // The product's encryption, as the environment's client uses it.
      dataConverter: dataConverterFor(testPayloadCodec),
      activities: fakes.activities,
    });
    const running = worker.run();
    return {
      env,
      taskQueue,
      fakes,
      async stop() {
        worker.shutdown();
        await running;
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Submits a request to this run's worker (see submitRequest). */
export const submit = (run: WorkflowRun, overrides?: Parameters<typeof submitRequest>[1]): Promise<RequestHandle> =>
  submitRequest({ client: run.env.client, taskQueue: run.taskQueue }, overrides);

export const stateOf = (handle: RequestHandle): Promise<RequestState> => handle.query(requestStateQuery);

export const taskHandle = (run: WorkflowRun, taskId: string) =>
  run.env.client.workflow.getHandle<typeof missionTaskWorkflow>(taskWorkflowId(taskId));

/** The request's task for a mission (the latest, after a reopen). */
export async function taskOf(handle: RequestHandle, missionCode: string): Promise<string> {
  const task = (await stateOf(handle)).tasks.findLast((candidate) => candidate.missionCode === missionCode);
  if (task === undefined) throw new Error(`no task for ${missionCode}`);
  return task.taskId;
}

/**
 * Waits until the request workflow has recorded its `count`th event of `type` (its own, not its tasks'):
 * a task's outcome reaches the request asynchronously, and the request records a change after making it.
 */
export async function untilRecorded(run: WorkflowRun, handle: RequestHandle, type: string, count = 1): Promise<void> {
  const recorded = () =>
    run.fakes.eventsOf(requestIdOf(handle)).filter((event) => event.taskId === undefined && event.type === type).length;
  if (!(await waitUntil(() => recorded() >= count, 10_000)))
    throw new Error(`${handle.workflowId} recorded ${recorded()} '${type}' events, not ${count}`);
}

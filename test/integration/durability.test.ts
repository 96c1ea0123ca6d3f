/**
 * Durability end to end, with real OS processes:
 * 1. The worker runs as its own process; it is SIGKILLed twice while a mission's `respond` call is in flight (once
 *    after the workflow accepted the Update, with its recording activity held on a row lock; once before any worker
 *    has seen the Update) and a new worker process is started each time: the call completes (or a retry does), and
 *    the loop finishes to closed/completed with every audit event exactly once and in order.
 * 2. The whole `npm start` tree (`node --import tsx src/main/all.ts`: embedded PostgreSQL, Temporal dev server, worker and API)
 *    is stopped with Ctrl-C and started again on the same data directory, then its product process is SIGKILLed in
 *    the middle of a call and started again: the open request is still there each time and progresses to closed.
 * Timings (spawn to /readyz, shutdown) are printed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  canInspectProcesses,
  freePort,
  sleep,
  startChild,
  waitForHttpOk,
  type Child,
} from '../../src/local/processes/index.js';
import {
  busyPorts,
  cleanupProcesses,
  describeProcesses,
  echoChildOutput,
  processesMatching,
  processGroupMembers,
} from '../support/processes.js';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys.js';
import type { DevToken, RequestDetail, TaskWithRequest } from '../support/responses.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { COORDINATOR, HANOI, PROVINCE, TOKYO } from '../support/users.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const newRequest = (title: string) => ({
  title,
  description: 'Regional colleges short of students; looking for partner universities.',
  category: 'talent',
  priority: 'priority',
  targetCountries: ['VN', 'JP'],
});

/** The parent's environment without anything that would point the child at another database, cluster or port. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const drop =
    /^(DATABASE_URL|TEMPORAL_.*|PORT|HOST|DATA_DIR|EMBEDDED_PG_PORT|AUTH_.*|DEV_JWT_SECRET|SLA_POLICY|LOG_LEVEL|NODE_OPTIONS|VITEST.*)$/;
  for (const [key, value] of Object.entries(process.env)) if (!drop.test(key)) env[key] = value;
  return { ...env, ...extra };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Event ids are `<workflowId>:<version>`: per workflow the versions must run 1..n without gap or repeat. */
function expectContiguousVersions(ids: string[]): void {
  const byWorkflow = new Map<string, number[]>();
  for (const id of ids) {
    const match = /^((?:request|task)-[0-9a-f-]{36}):(\d+)$/.exec(id);
    if (match === null) continue;
    const versions = byWorkflow.get(match[1]!) ?? [];
    versions.push(Number(match[2]));
    byWorkflow.set(match[1]!, versions);
  }
  for (const [workflowId, versions] of byWorkflow) {
    const sorted = [...versions].sort((a, b) => a - b);
    expect(sorted, `event versions of ${workflowId}`).toEqual(sorted.map((_, index) => index + 1));
  }
}

afterAll(async () => {
  await cleanupProcesses({ paths: cleanupPaths });
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
}, 60_000);
const cleanupPaths: string[] = [];
const tempDirs: string[] = [];

describe.skipIf(!canInspectProcesses)('durability with real processes', () => {
  // -------------------------------------------------------------------------------------------------------------
  describe('worker process SIGKILLed in the middle of the loop', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ inProcessWorker: false });
    });
    afterAll(async () => {
      await cleanupProcesses();
      await stack?.stop();
    });

    let workers = 0;
    async function startWorker(): Promise<{ proc: Child; readyMs: number }> {
      workers += 1;
      const started = Date.now();
      const name = `worker-${workers}`;
      const proc = await startChild({
        name,
        onLine: echoChildOutput(name),
        command: process.execPath,
        args: ['--import', 'tsx', 'src/main/worker.ts'],
        cwd: repoRoot,
        env: childEnv({
          DATABASE_URL: inject('databaseUrl'),
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
          AUTH_DEV_ISSUER: 'unsafe-enabled',
          PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
          LOG_LEVEL: 'warn',
        }),
      });
      // The SDK logs "Worker state changed { …, state: 'RUNNING' }" over several lines when not on a terminal.
      await proc.waitForOutput(/state: 'RUNNING'/, 120_000);
      return { proc, readyMs: Date.now() - started };
    }

    async function call(user: string, url: string, body?: unknown): Promise<LightMyRequestResponse> {
      return stack.as(user).post(url, body);
    }
    async function ok<T = RequestDetail>(user: string, url: string, body?: unknown): Promise<T> {
      const response = await call(user, url, body);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response.json<T>();
    }
    async function read(id: string): Promise<RequestDetail> {
      const response = await stack.as(COORDINATOR).get(`/v1/requests/${id}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<RequestDetail>();
    }

    /** Sessions waiting for a lock that `holder`'s session holds. */
    async function lockWaiters(holder: pg.Client): Promise<number> {
      const { rows } = await holder.query<{ waiting: string }>(
        'SELECT count(*) AS waiting FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))',
      );
      return Number(rows[0]!.waiting);
    }

    /** The Update names accepted into a workflow's history, in order. */
    async function acceptedUpdates(workflowId: string): Promise<string[]> {
      const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
      return (history.events ?? []).flatMap((event) => {
        const name = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
        return name === undefined || name === null ? [] : [name];
      });
    }

    /**
     * Settles an in-flight call to respond to a task. A 503 says the workflow did not confirm the response within
     * WORKFLOW_UPDATE_WAIT_MS (the worker was away) but goes on with it: as the API asks, the caller then looks at
     * the task until the response shows, rather than sending it again. Another 5xx is retried once.
     */
    async function respondedDespiteRestart(
      pending: Promise<LightMyRequestResponse>,
      user: string,
      url: string,
      body: unknown,
    ) {
      const first = await pending;
      if (first.statusCode < 500) return { first: first.statusCode, response: first };
      if (first.statusCode === 503) {
        const taskUrl = url.replace(/\/respond$/, '');
        const looked = await eventually(
          async () => {
            const response = await stack.as(user).get(taskUrl);
            return response.json<TaskWithRequest>().status === 'responded' ? response : undefined;
          },
          120_000,
          `the response to ${taskUrl} to show`,
        );
        return { first: first.statusCode, response: looked };
      }
      console.log(`[durability] ${url}: the in-flight call ended with ${first.statusCode} ${first.body}; retrying`);
      return { first: first.statusCode, response: await call(user, url, body) };
    }

    it('finishes the loop with nothing lost or duplicated', { timeout: 420_000 }, async () => {
      let worker = await startWorker();
      console.log(`[durability] worker process ready (bundles workflows) in ${seconds(worker.readyMs)}`);

      const submitted = await stack.as(PROVINCE).post('/v1/requests', newRequest('Worker SIGKILL mid-loop'));
      expect(submitted.statusCode, submitted.body).toBe(201);
      const requestId = submitted.json<RequestDetail>().id;
      const assigned = await ok(COORDINATOR, `/v1/requests/${requestId}/triage`, {
        action: 'assign',
        missions: ['VN-HAN', 'JP-TYO'],
      });
      expect(assigned.status).toBe('assigned');
      const hanoi = assigned.tasks.find((task) => task.missionCode === 'VN-HAN')!;
      const tokyo = assigned.tasks.find((task) => task.missionCode === 'JP-TYO')!;
      expect([hanoi, tokyo].every((task) => task !== undefined)).toBe(true);
      await ok(HANOI, `/v1/tasks/${hanoi.id}/accept`);
      await ok(TOKYO, `/v1/tasks/${tokyo.id}/accept`);

      // Kill 1: Hanoi's response has been accepted by its workflow (it is in history) and its recording activity is
      // running when the worker dies. A lock on the task's row holds that activity in the database meanwhile.
      const hanoiUrl = `/v1/tasks/${hanoi.id}/respond`;
      const hanoiBody = { summary: 'Three universities interested' };
      const lock = new pg.Client({ connectionString: inject('databaseUrl') });
      await lock.connect();
      let hanoiSettled = false;
      let hanoiCall: Promise<LightMyRequestResponse> | undefined;
      try {
        await lock.query('BEGIN');
        await lock.query('SELECT id FROM tasks WHERE id = $1 FOR UPDATE', [hanoi.id]);
        hanoiCall = call(HANOI, hanoiUrl, hanoiBody).finally(() => (hanoiSettled = true));
        await eventually(
          async () => ((await acceptedUpdates(`task-${hanoi.id}`)).includes('respondTask') ? true : undefined),
          20_000,
          'the respond update to be accepted',
        );
        await eventually(
          async () => ((await lockWaiters(lock)) > 0 ? true : undefined),
          20_000,
          'the recording activity to wait for the row',
        );
        worker.proc.signal('SIGKILL');
        expect((await worker.proc.exited).signal).toBe('SIGKILL');
      } finally {
        await lock.query('ROLLBACK').catch(() => undefined);
        await lock.end();
      }
      expect(hanoiSettled, 'the respond call finished before the worker was killed').toBe(false);
      expect(await stack.prisma.auditEvent.count({ where: { taskId: hanoi.id, type: 'task_responded' } })).toBe(0);
      const restart1 = Date.now();
      worker = await startWorker();
      // The killed attempt of the activity is retried once its start-to-close timeout has expired.
      const hanoiResult = await respondedDespiteRestart(hanoiCall, HANOI, hanoiUrl, hanoiBody);
      console.log(
        `[durability] kill 1 (update accepted, activity running): call answered ${hanoiResult.first} ` +
          `${seconds(Date.now() - restart1)} after the new worker was spawned (worker ready in ${seconds(worker.readyMs)})`,
      );
      expect(hanoiResult.response.statusCode, hanoiResult.response.body).toBe(200);
      expect(hanoiResult.response.json<TaskWithRequest>().status).toBe('responded');

      // Kill 2: the worker dies before it has seen Tokyo's response at all; the call waits for the next worker.
      const tokyoUrl = `/v1/tasks/${tokyo.id}/respond`;
      const tokyoBody = { summary: 'Two language schools interested' };
      const tokyoCall = call(TOKYO, tokyoUrl, tokyoBody);
      worker.proc.signal('SIGKILL');
      expect((await worker.proc.exited).signal).toBe('SIGKILL');
      const restart2 = Date.now();
      worker = await startWorker();
      const tokyoResult = await respondedDespiteRestart(tokyoCall, TOKYO, tokyoUrl, tokyoBody);
      console.log(
        `[durability] kill 2 (update not yet seen by any worker): call answered ${tokyoResult.first} ${seconds(Date.now() - restart2)} after the new worker was spawned`,
      );
      expect(tokyoResult.response.statusCode, tokyoResult.response.body).toBe(200);
      expect(tokyoResult.response.json<TaskWithRequest>().status).toBe('responded');

      await eventually(async () => ((await read(requestId)).status === 'review' ? true : undefined), 60_000, 'review');
      const closed = await ok(PROVINCE, `/v1/requests/${requestId}/review`, { decision: 'accept' });
      expect(closed).toMatchObject({ status: 'closed', outcome: 'completed' });

      // Workflows completed; each Update entered history exactly once.
      const describeStatus = async (workflowId: string) =>
        (await stack.temporal.workflow.getHandle(workflowId).describe()).status.name;
      await eventually(
        async () => ((await describeStatus(`request-${requestId}`)) === 'COMPLETED' ? true : undefined),
        30_000,
        'request workflow to complete',
      );
      for (const task of [hanoi, tokyo]) {
        expect(await describeStatus(`task-${task.id}`)).toBe('COMPLETED');
        expect(await acceptedUpdates(`task-${task.id}`)).toEqual(['acceptTask', 'respondTask']);
      }
      expect((await acceptedUpdates(`request-${requestId}`)).filter((name) => name !== 'submit')).toEqual([
        'triage',
        'review',
      ]);

      // Read model in its final state.
      const requestRow = await stack.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
      expect(requestRow).toMatchObject({ status: 'closed', outcome: 'completed' });
      const taskRows = await stack.prisma.task.findMany({ where: { requestId } });
      expect(taskRows.map((task) => [task.missionCode, task.status, task.responseSummary]).sort()).toEqual([
        ['JP-TYO', 'responded', tokyoBody.summary],
        ['VN-HAN', 'responded', hanoiBody.summary],
      ]);

      // The audit trail: each event exactly once, in order.
      const events = await stack.prisma.auditEvent.findMany({
        where: { requestId },
        orderBy: [{ at: 'asc' }, { recordedAt: 'asc' }, { id: 'asc' }],
      });
      expectContiguousVersions(events.map((event) => event.id));
      const loopTypes = new Set([
        'submitted',
        'assigned',
        'task_accepted',
        'task_responded',
        'review_started',
        'accepted',
      ]);
      const mission = (taskId: string | null) =>
        taskId === hanoi.id ? ':VN-HAN' : taskId === tokyo.id ? ':JP-TYO' : '';
      expect(
        events.filter((event) => loopTypes.has(event.type)).map((event) => `${event.type}${mission(event.taskId)}`),
      ).toEqual([
        'submitted',
        'assigned',
        'task_accepted:VN-HAN',
        'task_accepted:JP-TYO',
        'task_responded:VN-HAN',
        'task_responded:JP-TYO',
        'review_started',
        'accepted',
      ]);
      // Nothing else was recorded twice either (same type, task and data).
      const keys = events.map((event) => JSON.stringify([event.type, event.taskId, event.data]));
      expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);

      worker.proc.signal('SIGTERM');
      const exit = await worker.proc.waitForExit(30_000);
      expect(exit, `worker did not stop on SIGTERM:\n${worker.proc.output()}`).toEqual({ code: 0, signal: null });
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('the whole `npm start` tree stopped and restarted', () => {
    const DEV_JWT_SECRET = 'durability-test-secret-0123456789abcdef';
    let dataDir: string;
    let ports: { api: number; pg: number; temporal: number; ui: number };
    let baseUrl: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-durability-'));
      tempDirs.push(dataDir);
      cleanupPaths.push(dataDir);
      const chosen = new Set<number>();
      while (chosen.size < 4) chosen.add(await freePort());
      const [api, pg, temporal, ui] = [...chosen] as [number, number, number, number];
      ports = { api, pg, temporal, ui };
      baseUrl = `http://127.0.0.1:${api}`;
    });

    let starts = 0;
    async function startTree(): Promise<{ proc: Child; readyMs: number }> {
      starts += 1;
      const started = Date.now();
      const name = `npm-start-${starts}`;
      const proc = await startChild({
        name,
        onLine: echoChildOutput(name),
        // What `npm start` runs, without npm in between: npm exits 130 on Ctrl-C whatever the product does,
        // ignores a SIGINT sent to it alone, and on SIGTERM exits leaving the product running.
        command: process.execPath,
        args: ['--import', 'tsx', 'src/main/all.ts'],
        cwd: repoRoot,
        env: childEnv({
          DATA_DIR: dataDir,
          PORT: String(ports.api),
          EMBEDDED_PG_PORT: String(ports.pg),
          TEMPORAL_DEV_PORT: String(ports.temporal),
          TEMPORAL_DEV_UI_PORT: String(ports.ui),
          DEV_JWT_SECRET,
          // The test polls as one user faster than a person would.
          RATE_LIMIT_PER_CALLER: '100000',
          LOG_LEVEL: 'warn',
          ...(process.env.TEMPORAL_CLI_PATH === undefined ? {} : { TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH }),
        }),
      });
      await waitForHttpOk(`${baseUrl}/readyz`, { timeoutMs: 180_000, child: proc });
      return { proc, readyMs: Date.now() - started };
    }

    /** Ctrl-C in the terminal: SIGINT to the whole foreground process group. Returns the time to exit. */
    async function stopWithCtrlC(proc: Child): Promise<number> {
      const started = Date.now();
      proc.signalGroup('SIGINT');
      const exit = await proc.waitForExit(30_000);
      const elapsed = Date.now() - started;
      expect(exit, `did not exit within 30 s of SIGINT:\n${proc.output()}`).toBeDefined();
      expect(exit, proc.output()).toEqual({ code: 0, signal: null });
      await expectNothingLeft(proc);
      return elapsed;
    }

    async function expectNothingLeft(proc: Child): Promise<void> {
      const left = [
        ...processGroupMembers(proc.pid),
        ...processesMatching((argv) => argv.some((arg) => arg.includes(dataDir))).map((p) => p.pid),
      ];
      const leftInfo = processesMatching(() => true).filter((info) => left.includes(info.pid));
      expect(leftInfo, `processes left behind:\n${describeProcesses(leftInfo)}`).toEqual([]);
      expect(await busyPorts([ports.api, ports.pg, ports.temporal, ports.ui]), 'ports still in use').toEqual([]);
    }

    const tokens = new Map<string, string>();
    async function api<T = RequestDetail>(user: string, method: 'GET' | 'POST', url: string, body?: unknown) {
      let token = tokens.get(user);
      if (token === undefined) {
        const response = await fetch(`${baseUrl}/v1/dev/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user }),
        });
        expect(response.status, await response.clone().text()).toBe(200);
        token = ((await response.json()) as DevToken).token;
        tokens.set(user, token);
      }
      const response = await fetch(`${baseUrl}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await response.text();
      return { status: response.status, text, json: () => JSON.parse(text) as T };
    }
    async function ok<T = RequestDetail>(
      user: string,
      method: 'GET' | 'POST',
      url: string,
      body?: unknown,
    ): Promise<T> {
      const response = await api<T>(user, method, url, body);
      expect(response.status, `${method} ${url}: ${response.text}`).toBe(200);
      return response.json();
    }
    const read = (id: string) => ok(COORDINATOR, 'GET', `/v1/requests/${id}`);

    it('keeps open requests across Ctrl-C and SIGKILL, and they still progress', { timeout: 600_000 }, async () => {
      // Cold start.
      let tree = await startTree();
      const coldMs = tree.readyMs;
      console.log(`[durability] npm start, cold (new data dir): spawn to /readyz ${seconds(coldMs)}`);

      const submitted = await api(PROVINCE, 'POST', '/v1/requests', newRequest('Survives restarts'));
      expect(submitted.status, submitted.text).toBe(201);
      const requestId = submitted.json().id;
      const assigned = await ok(COORDINATOR, 'POST', `/v1/requests/${requestId}/triage`, {
        action: 'assign',
        missions: ['VN-HAN'],
      });
      expect(assigned.status).toBe('assigned');
      const before = await read(requestId);
      const taskId = before.tasks[0]!.id;

      // Ctrl-C, then start again on the same data directory.
      const stop1Ms = await stopWithCtrlC(tree.proc);
      console.log(`[durability] Ctrl-C to exit: ${seconds(stop1Ms)}`);
      tree = await startTree();
      const warmMs = tree.readyMs;
      console.log(`[durability] npm start, warm restart: spawn to /readyz ${seconds(warmMs)}`);

      const afterRestart = await read(requestId);
      expect(afterRestart.status).toBe('assigned');
      expect(afterRestart.timeline).toEqual(before.timeline);
      expect(afterRestart.tasks).toEqual(before.tasks);
      // The same dev token is still accepted (fixed DEV_JWT_SECRET), and the loop progresses.
      expect((await ok<TaskWithRequest>(HANOI, 'POST', `/v1/tasks/${taskId}/accept`)).status).toBe('in_progress');

      // SIGKILL the product process (the node process running all.ts) while a respond call is in flight.
      const respondBody = { summary: 'Three universities interested' };
      const inFlight = api<TaskWithRequest>(HANOI, 'POST', `/v1/tasks/${taskId}/respond`, respondBody).then(
        (response) => `HTTP ${response.status}`,
        (error: unknown) =>
          `failed (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)})`,
      );
      await sleep(30);
      process.kill(tree.proc.pid, 'SIGKILL');
      const killedAt = Date.now();
      console.log(`[durability] SIGKILL of the all.ts process: the in-flight respond call ${await inFlight}`);
      // What the product started is left to the next start to recover.
      const wrapperExit = await tree.proc.waitForExit(15_000);
      expect(wrapperExit, 'the product process did not die').toBeDefined();
      const leftAfterKill = new Set([
        ...processGroupMembers(tree.proc.pid),
        ...processesMatching((argv) => argv.some((arg) => arg.includes(dataDir))).map((info) => info.pid),
      ]);
      console.log(
        `[durability] after SIGKILL: wrappers exited (${wrapperExit?.code ?? wrapperExit?.signal}) in ${seconds(Date.now() - killedAt)}; ` +
          `left running:\n${describeProcesses(processesMatching(() => true).filter((info) => leftAfterKill.has(info.pid))) || '  (none)'}`,
      );

      tree = await startTree();
      const afterKillMs = tree.readyMs;
      console.log(`[durability] npm start after SIGKILL: spawn to /readyz ${seconds(afterKillMs)}`);
      const afterKill = await read(requestId);
      expect(afterKill.timeline.slice(0, afterRestart.timeline.length)).toEqual(afterRestart.timeline);
      expect(afterKill.tasks.map((task) => task.id)).toEqual([taskId]);

      // Retry the respond: it either applies now or was applied before the kill (then it is refused as a repeat).
      const retry = await api<TaskWithRequest>(HANOI, 'POST', `/v1/tasks/${taskId}/respond`, respondBody);
      console.log(`[durability] respond retried after the restart: HTTP ${retry.status}`);
      expect([200, 409], retry.text).toContain(retry.status);
      await eventually(async () => ((await read(requestId)).status === 'review' ? true : undefined), 60_000, 'review');
      const closed = await ok(PROVINCE, 'POST', `/v1/requests/${requestId}/review`, { decision: 'accept' });
      expect(closed).toMatchObject({ status: 'closed', outcome: 'completed' });

      const final = await read(requestId);
      expect(final.tasks).toMatchObject([{ id: taskId, status: 'responded' }]);
      const loopTypes = new Set([
        'submitted',
        'assigned',
        'task_accepted',
        'task_responded',
        'review_started',
        'accepted',
      ]);
      expect(final.timeline.filter((entry) => loopTypes.has(entry.type)).map((entry) => entry.type)).toEqual([
        'submitted',
        'assigned',
        'task_accepted',
        'task_responded',
        'review_started',
        'accepted',
      ]);
      expect(new Set(final.timeline.map((entry) => entry.id)).size).toBe(final.timeline.length);

      // The request's workflow ran to completion across the three processes.
      const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
      try {
        const description = await new Client({ connection }).workflow.getHandle(`request-${requestId}`).describe();
        expect(description.status.name).toBe('COMPLETED');
      } finally {
        await connection.close();
      }

      // A clean stop after the recovery leaves nothing behind either (the orphaned PostgreSQL was taken over).
      const stop2Ms = await stopWithCtrlC(tree.proc);
      console.log(`[durability] Ctrl-C to exit after the recovery: ${seconds(stop2Ms)}`);
      console.log(
        `[durability] summary: cold start ${seconds(coldMs)}, warm restart ${seconds(warmMs)}, restart after SIGKILL ${seconds(afterKillMs)}, ` +
          `shutdown ${seconds(stop1Ms)} / ${seconds(stop2Ms)}`,
      );
    });
  });
});

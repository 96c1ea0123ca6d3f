/**
 * A declared holiday moves every affected deadline durably (issue 10, finding 4). The API's connection to Temporal
 * goes through a proxy this file cuts: a declaration made while Temporal cannot be reached must not be reported as
 * done, and declaring it again once Temporal is back completes it (a holiday saved with its deadlines left unmoved,
 * and a 409 on the second try, was the defect). The fan-out then reports its progress, and a third declaration
 * answers with the same holiday.
 *
 * The clock is a task's acceptance clock on Wellington's calendar, which no other test file declares holidays on.
 */
import net from 'node:net';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createPrismaClient } from '../../src/db/client.js';
import { createPayloadCodec, dataConverterFor } from '../../src/temporal/payload-codec.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { ADMIN, COORDINATOR, PROVINCE } from '../support/users.js';

const MISSION = 'NZ-WLG';
const ZONE = 'Pacific/Auckland';

interface Detail {
  id: string;
  sla: Array<{ stage: string; dueAt: string }>;
  timeline: Array<{ type: string; data: Record<string, unknown> }>;
}
interface Holiday {
  id: string;
  fanOut: { status: string; signalledWorkflows: number; finishedAt: string | null };
}

/** A TCP proxy to Temporal that can be cut (every connection dropped, new ones refused) and restored. */
async function startProxy(target: string) {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const open = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let stack: Stack;
let proxy: Awaited<ReturnType<typeof startProxy>>;
let cutOff: { app: App; temporal: Client };
beforeAll(async () => {
  stack = await startStack();
  proxy = await startProxy(inject('temporalAddress'));
  // Few retries on an unreachable server, so the cut is felt within seconds.
  const connection = await Connection.connect({
    address: proxy.address,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 2 }))],
  });
  const temporal = new Client({
    connection,
    namespace: stack.config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFor(createPayloadCodec(stack.config.PAYLOAD_KEYS ?? [])),
  });
  const app = createApp({
    config: stack.config,
    prisma: createPrismaClient(inject('databaseUrl')),
    temporal,
    logger: false,
  });
  await app.ready();
  cutOff = { app, temporal };
});
afterAll(async () => {
  await cutOff?.app.close();
  await cutOff?.temporal.connection.close();
  await proxy?.close();
  await stack?.stop();
});

async function declare(body: unknown) {
  const token = (await stack.app.inject({ method: 'POST', url: '/v1/dev/token', payload: { user: ADMIN } })).json<{
    token: string;
  }>().token;
  return cutOff.app.inject({
    method: 'POST',
    url: '/v1/calendars/holidays',
    headers: { authorization: `Bearer ${token}` },
    payload: body as object,
  });
}

it('a holiday declared while Temporal is unreachable is not reported as done; declaring it again moves the deadline', async () => {
  const submitted = await stack.as(PROVINCE).post('/v1/requests', {
    title: 'Holiday during an outage',
    description: "A task's acceptance clock on Wellington's calendar",
    category: 'culture',
    targetCountries: ['NZ'],
  });
  expect(submitted.statusCode, submitted.body).toBe(201);
  const id = submitted.json<Detail>().id;
  const assigned = await stack
    .as(COORDINATOR)
    .post(`/v1/requests/${id}/triage`, { action: 'assign', missions: [MISSION] });
  expect(assigned.statusCode, assigned.body).toBe(200);
  const detail = async () => (await stack.as(COORDINATOR).get(`/v1/requests/${id}`)).json<Detail>();
  const acceptanceDue = (current: Detail) => current.sla.find((clock) => clock.stage === 'acceptance')?.dueAt;
  const before = await eventually(async () => acceptanceDue(await detail()), 20_000, 'the acceptance clock');
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(before));
  const body = { calendar: MISSION, date, name: 'Holiday during an outage (test)' };

  proxy.cut();
  const during = await declare(body);
  // Whatever was saved, the deadlines were not told: the answer must not say the holiday was declared.
  expect(during.statusCode, during.body).toBeGreaterThanOrEqual(500);
  proxy.restore();

  // As an administrator would: again, until the connection is back (gRPC waits a moment before reconnecting).
  const again = await eventually(
    async () => {
      const response = await declare(body);
      if (response.statusCode !== 503) return response;
      await new Promise((resolve) => setTimeout(resolve, 500));
      return undefined;
    },
    30_000,
    'Temporal to be reachable again',
  );
  expect(again.statusCode, again.body).toBe(201);
  const holiday = again.json<Holiday>();
  expect(again.headers.location).toBe(`/v1/calendars/holidays/${holiday.id}`);

  const moved = await eventually(
    async () => {
      const current = await detail();
      return acceptanceDue(current) !== before ? current : undefined;
    },
    30_000,
    'the acceptance deadline to move',
  );
  expect(Date.parse(acceptanceDue(moved)!)).toBeGreaterThan(Date.parse(before));
  const notes = moved.timeline.filter((entry) => entry.type === 'sla_deadline_moved');
  expect(notes.map((note) => String(note.data.reason))).toEqual([expect.stringContaining(holiday.id)]);

  // The fan-out reports how far it came, and finishes.
  const progress = await eventually(
    async () => {
      const response = await stack.as(ADMIN).get(`/v1/calendars/holidays/${holiday.id}`);
      expect(response.statusCode, response.body).toBe(200);
      const current = response.json<Holiday>();
      return current.fanOut.status === 'finished' ? current : undefined;
    },
    30_000,
    'the fan-out to finish',
  );
  expect(progress.fanOut.signalledWorkflows).toBeGreaterThanOrEqual(1);
  expect(progress.fanOut.finishedAt).not.toBeNull();

  // Declaring the same holiday once more answers with it; another name on that date is a conflict.
  const third = await declare(body);
  expect(third.statusCode, third.body).toBe(200);
  expect(third.json<Holiday>().id).toBe(holiday.id);
  expect((await declare({ ...body, name: 'Another holiday (test)' })).statusCode).toBe(409);

  const withdrawn = await stack.as(PROVINCE).post(`/v1/requests/${id}/withdraw`, { reason: 'test over' });
  expect(withdrawn.statusCode, withdrawn.body).toBe(200);
});

/**
 * A read in flight when its database connection goes away answers 503 with Retry-After, as the contract says for an
 * unavailable dependency, never 500 — on a PostgreSQL of its own, so that it can be crashed:
 * - the session is ended by the server (pg_terminate_backend: what a restarting or failing-over server does), and
 * - the server stops at once (SIGQUIT to the postmaster, PostgreSQL's immediate shutdown: what the fault test's
 *   PostgreSQL crash does), after which the same read answers again once the server is back.
 * The read is held on a table lock so that it is surely in flight. `npm run test:faults` found both as 500s on
 * `GET /v1/requests/:id`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client as TemporalClient } from '@temporalio/client';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createPrismaClient, type PrismaClient } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { seedDatabase } from '../../src/db/seed.js';
import { freePort, sleep } from '../../src/local/processes/index.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/local/postgres/embedded-postgres.js';
import { connectClient } from '../../src/temporal/connection.js';
import { createPayloadCodec } from '../../src/temporal/payload-codec.js';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys.js';
import { PROVINCE } from '../support/users.js';
import { eventually } from '../support/stack.js';

describe('a read whose database connection goes away', { timeout: 120_000 }, () => {
  let dataDir: string;
  let port: number;
  let server: EmbeddedPostgres;
  let prisma: PrismaClient;
  let temporal: TemporalClient;
  let app: App;
  let token: string;
  /** Sessions holding the lock, ended after each test whatever its outcome (a failed test must not hold the next). */
  const holders: pg.Client[] = [];
  const url = `/v1/requests/${randomUUID()}`;

  const start = () => startEmbeddedPostgres({ dataDir, port, databaseName: 'oneteam' });
  const read = () => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  /** Starts the read while another session holds the requests table, and waits until the read waits on it. */
  async function readHeldOnALock(): Promise<{ holder: pg.Client; response: Promise<LightMyRequestResponse> }> {
    const holder = new pg.Client({ connectionString: server.url });
    holder.on('error', () => {});
    holders.push(holder);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE requests IN ACCESS EXCLUSIVE MODE');
    const response = read();
    await eventually(async () => {
      const waiting = await holder.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
      return waiting.rowCount === 0 ? undefined : true;
    });
    return { holder, response };
  }

  const expectUnavailable = (response: LightMyRequestResponse) => {
    expect(response.statusCode, response.body).toBe(503);
    expect(response.json()).toMatchObject({ status: 503, code: 'unavailable' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-outage-test-'));
    port = await freePort();
    server = await start();
    await applyMigrations(server.url);
    const seeding = createPrismaClient(server.url);
    await seedDatabase(seeding);
    await seeding.$disconnect();

    const config = loadConfig(
      {
        DATA_DIR: dataDir,
        DATABASE_URL: server.url,
        TEMPORAL_TASK_QUEUE: `oneteam-test-${randomUUID()}`,
        DEV_JWT_SECRET: randomBytes(32).toString('hex'),
        LOG_LEVEL: 'silent',
        PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
      },
      { embedded: true },
    );
    temporal = await connectClient(config, createPayloadCodec(config.PAYLOAD_KEYS ?? []), {
      address: inject('temporalAddress'),
    });
    prisma = createPrismaClient(server.url);
    app = createApp({ config, prisma, temporal, logger: false });
    await app.ready();
    const issued = await app.inject({ method: 'POST', url: '/v1/dev/token', payload: { user: PROVINCE } });
    token = issued.json<{ token: string }>().token;
    expect((await read()).statusCode).toBe(404);
  });

  afterEach(async () => {
    await Promise.all(holders.splice(0).map((holder) => holder.end().catch(() => {})));
  });

  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await prisma?.$disconnect();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when the server ends the session (pg_terminate_backend): 503 with Retry-After', async () => {
    const { holder, response } = await readHeldOnALock();
    await holder.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
    );
    expectUnavailable(await response);
    await holder.query('ROLLBACK');
    expect((await read()).statusCode).toBe(404);
  });

  it('when the server stops at once (immediate shutdown): 503 with Retry-After, then answers once it is back', async () => {
    const { response } = await readHeldOnALock();
    const postmaster = Number.parseInt(
      (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]!,
      10,
    );
    process.kill(postmaster, 'SIGQUIT');
    expectUnavailable(await response);
    await server.stop();

    expectUnavailable(await read());
    server = await start();
    await eventually(async () => ((await read()).statusCode === 404 ? true : (await sleep(200), undefined)), 30_000);
  });
});

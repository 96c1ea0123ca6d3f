/**
 * One test file's view of the real product: its own worker on its own task queue (so files running in
 * parallel do not take each other's tasks), the API built by createApp, and helpers to call it as a user.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createPrismaClient, type PrismaClient } from '../../src/db/client.js';
import { connectClient } from '../../src/temporal/connection.js';
import { createPayloadCodec } from '../../src/temporal/payload-codec.js';
import { TEST_PAYLOAD_KEYS } from './payload-keys.js';
import { createWorker } from '../../src/worker.js';
import { smtpTransport, startMailDelivery, type Drainer, type RetryPolicy } from '../../src/notifications/index.js';
import type { DevToken } from './responses.js';

export interface Stack {
  app: App;
  config: Config;
  prisma: PrismaClient;
  temporal: Client;
  worker: { start(): Promise<void>; stop(): Promise<void> };
  /** Calls the API as a seeded user (`KR-43:province_officer`, `MOFA:coordinator`, …); `null` for no token. */
  as(user: string | null): UserAgent;
  stop(): Promise<void>;
}

export interface UserAgent {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

let runtimeQuieted = false;

export interface StackOptions {
  env?: Record<string, string>;
  /** Run a worker in this process (default true); false when the test runs its own worker, e.g. as a child process. */
  inProcessWorker?: boolean;
  /**
   * The worker also sends the outbox's mail (to the tests' Mailpit unless `smtpUrl` says otherwise). Off by default:
   * the database is shared, so the files that read mail run the only senders.
   */
  mail?: { smtpUrl?: string; retry?: RetryPolicy; leaseMs?: number };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!runtimeQuieted) {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    runtimeQuieted = true;
  }
  const databaseUrl = inject('databaseUrl');
  const address = inject('temporalAddress');
  const config = loadConfig(
    {
      DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'oneteam-stack-')),
      DATABASE_URL: databaseUrl,
      TEMPORAL_TASK_QUEUE: `oneteam-test-${randomUUID()}`,
      DEV_JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
      // A test acts as few users polling fast; the limits themselves are tested in test/unit/http/back-pressure.test.ts.
      RATE_LIMIT_PER_CALLER: '100000',
      RATE_LIMIT_PER_ADDRESS: '100000',
      ...options.env,
    },
    // The API as `npm start` runs it: its own token issuer.
    { embedded: true },
  );
  const payloadCodec = createPayloadCodec(config.PAYLOAD_KEYS ?? []);
  const prisma = createPrismaClient(databaseUrl);
  const temporal = await connectClient(config, payloadCodec, { address });
  // TEST_LOG=1 shows the API's error log, for debugging a failing test.
  const logger = process.env.TEST_LOG === undefined ? false : { level: 'error' };
  const app = createApp({
    config,
    prisma: createPrismaClient(databaseUrl, { statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS }),
    temporal,
    logger,
  });
  await app.ready();

  const worker = workerControl(config, address, prisma, payloadCodec, options.mail);
  if (options.inProcessWorker !== false) await worker.start();

  const tokens = new Map<string, string>();
  async function tokenFor(user: string): Promise<string> {
    const cached = tokens.get(user);
    if (cached !== undefined) return cached;
    const response = await app.inject({ method: 'POST', url: '/v1/dev/token', payload: { user } });
    if (response.statusCode !== 200) throw new Error(`no token for ${user}: ${response.statusCode} ${response.body}`);
    const { token } = response.json<DevToken>();
    tokens.set(user, token);
    return token;
  }
  async function headersFor(user: string | null, extra: Record<string, string> = {}) {
    return user === null ? extra : { ...extra, authorization: `Bearer ${await tokenFor(user)}` };
  }

  return {
    app,
    config,
    prisma,
    temporal,
    worker,
    as: (user) => ({
      get: async (url) => app.inject({ method: 'GET', url, headers: await headersFor(user) }),
      post: async (url, body, headers) =>
        app.inject({
          method: 'POST',
          url,
          headers: await headersFor(user, headers),
          ...(body === undefined ? {} : { payload: body as object }),
        }),
    }),
    async stop() {
      await worker.stop();
      await app.close();
      await temporal.connection.close();
      await prisma.$disconnect();
    },
  };
}

/** A worker (and, when asked, its mail sender) that tests can stop and start again on the same task queue. */
function workerControl(
  config: Config,
  address: string,
  prisma: PrismaClient,
  payloadCodec: PayloadCodec,
  mail: StackOptions['mail'],
) {
  let running: { worker: Worker; run: Promise<void>; connection: NativeConnection; mail?: Drainer } | undefined;
  return {
    async start() {
      const connection = await NativeConnection.connect({ address });
      const worker = await createWorker({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        prisma,
        slaPolicy: config.SLA_POLICY,
        payloadCodec,
        workflowBundle: { codePath: inject('workflowBundlePath') },
      });
      running = { worker, connection, run: worker.run() };
      if (mail !== undefined) {
        running.mail = startMailDelivery({
          prisma,
          transport: smtpTransport(mail.smtpUrl ?? inject('mailpitSmtpUrl')),
          from: config.MAIL_FROM,
          publicUrl: 'http://oneteam.test',
          log: { warn: (message) => console.warn(message) },
          intervalMs: 100,
          // The tests run at any hour; the quiet-hours test sets its sender's clock instead.
          quietHours: false,
          ...(mail.retry === undefined ? {} : { retry: mail.retry }),
          ...(mail.leaseMs === undefined ? {} : { leaseMs: mail.leaseMs }),
        });
      }
    },
    async stop() {
      if (running === undefined) return;
      const { worker, run, connection } = running;
      await running.mail?.stop();
      running = undefined;
      worker.shutdown();
      await run;
      await connection.close();
    },
  };
}

/** Polls until `check` returns a value (not undefined), failing after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

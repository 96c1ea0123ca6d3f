/**
 * Back-pressure against the real PostgreSQL and Temporal (issue 10, finding 5): an HTTP call waits for a workflow
 * no longer than WORKFLOW_UPDATE_WAIT_MS (then 503 with Retry-After, and the change still happens once a worker
 * runs), and no SQL statement runs past DATABASE_STATEMENT_TIMEOUT_MS.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPrismaClient } from '../../src/db/client.js';
import { toAppError } from '../../src/plugins/errors.js';
import { eventually, startStack, type Stack } from '../support/stack.js';
import { COORDINATOR, PROVINCE } from '../support/users.js';

const UPDATE_WAIT_MS = 2000;

describe('an HTTP call waits for a workflow a bounded time', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { WORKFLOW_UPDATE_WAIT_MS: String(UPDATE_WAIT_MS) } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('no worker: 503 with Retry-After within the bound; the change is applied once a worker runs', async () => {
    // A worker's first workflow task can take longer than the bound on a busy machine: a submission that was not
    // confirmed in time is repeated with the same Idempotency-Key, as the 503 says.
    const idempotencyKey = `back-pressure-${randomUUID()}`;
    const submitted = await eventually(async () => {
      const response = await stack.as(PROVINCE).post(
        '/v1/requests',
        {
          title: 'Trade mission to Hanoi',
          description: 'Chungbuk companies look for partners in Vietnam.',
          category: 'economy',
          targetCountries: ['VN'],
        },
        { 'idempotency-key': idempotencyKey },
      );
      if (response.statusCode === 503) return undefined;
      expect(response.statusCode, response.body).toBe(201);
      return response;
    }, 60_000);
    const { id } = submitted.json<{ id: string }>();

    await stack.worker.stop();
    const started = Date.now();
    const response = await stack
      .as(COORDINATOR)
      .post(`/v1/requests/${id}/triage`, { action: 'reject', reason: 'Outside what missions can do' });
    const waitedMs = Date.now() - started;
    expect(response.statusCode, response.body).toBe(503);
    expect(response.json()).toMatchObject({ code: 'unavailable' });
    expect(response.headers['retry-after']).toBe('5');
    expect(waitedMs).toBeGreaterThanOrEqual(UPDATE_WAIT_MS - 100);
    expect(waitedMs).toBeLessThan(UPDATE_WAIT_MS + 3000);

    await stack.worker.start();
    const closed = await eventually(
      async () => {
        const request = (await stack.as(COORDINATOR).get(`/v1/requests/${id}`)).json<{ status: string }>();
        return request.status === 'closed' ? request : undefined;
      },
      30_000,
      'the abandoned triage to be applied',
    );
    expect(closed).toMatchObject({ status: 'closed', outcome: 'rejected' });
  });
});

describe('PostgreSQL statement timeout', () => {
  it('a statement past DATABASE_STATEMENT_TIMEOUT_MS is cancelled and answered 503', async () => {
    const prisma = createPrismaClient(inject('databaseUrl'), { statementTimeoutMs: 200 });
    try {
      const started = Date.now();
      const error = await prisma.$queryRaw`SELECT pg_sleep(2)`.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(Date.now() - started).toBeLessThan(1500);
      expect(error).toBeDefined();
      expect(toAppError(error)).toMatchObject({ code: 'unavailable', headers: { 'retry-after': '5' } });
    } finally {
      await prisma.$disconnect();
    }
  });
});

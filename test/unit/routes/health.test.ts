/** GET /healthz and GET /readyz. */
import { describe, expect, it } from 'vitest';
import { fakePrisma, fakeTemporal, testApp } from '../fake-app.js';

describe('health', () => {
  it('GET /healthz → 200 {status: ok}', async () => {
    const { app } = await testApp();
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz → 200 when the database and Temporal answer', async () => {
    const { app } = await testApp();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });
  });

  it('GET /readyz → 503 problem naming the failed database', async () => {
    const prisma = fakePrisma({
      $queryRaw: async () => {
        throw new Error("Can't reach database server at 10.1.2.3:5432");
      },
    });
    const { app } = await testApp({ prisma });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({ code: 'unavailable', status: 503, checks: { database: 'failed', temporal: 'ok' } });
    expect(body.detail).toContain('database');
    expect(body.detail).not.toContain('temporal');
    expect(response.body).not.toContain('10.1.2.3');
  });

  it('GET /readyz → 503 naming Temporal when it does not answer in time', async () => {
    const temporal = fakeTemporal(() => new Promise(() => undefined));
    const { app } = await testApp({ temporal, readinessTimeoutMs: 50 });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({ checks: { database: 'ok', temporal: 'timeout' } });
    expect(body.detail).toContain('temporal');
  });
});

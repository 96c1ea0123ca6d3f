/** Health, readiness, metrics, OpenAPI and Swagger UI. */
import { describe, expect, it } from 'vitest';
import { fakePrisma, fakeTemporal, testApp } from './helpers.js';

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

  it('closing the app disconnects Prisma', async () => {
    const { app, prisma } = await testApp();
    await app.close();
    expect(prisma.calls.disconnect).toBe(1);
  });
});

describe('metrics', () => {
  it('GET /metrics exposes the request histogram with route patterns and default metrics', async () => {
    const { app } = await testApp();
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/v1/agencies/KR-43' });
    await app.inject({ method: 'GET', url: '/no/such/route' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} 1/);
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/v1\/agencies\/:code",status_code="401"\} 1/,
    );
    expect(text).toMatch(/route="unmatched",status_code="404"/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('each app has its own registry', async () => {
    const a = await testApp();
    const b = await testApp();
    expect(a.app.metrics).not.toBe(b.app.metrics);
    await a.app.inject({ method: 'GET', url: '/healthz' });
    const text = await b.app.metrics.metrics();
    expect(text).not.toMatch(/route="\/healthz"/);
  });
});

describe('OpenAPI and docs', () => {
  it('GET /openapi.json is an OpenAPI 3 document with the routes, bearer security, roles and problem responses', async () => {
    const { app } = await testApp();
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const spec = JSON.parse(response.body) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { security?: unknown; responses: Record<string, { content?: Record<string, unknown> }> }>
      >;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/agencies', '/v1/dev/token', '/healthz', '/readyz', '/metrics']),
    );
    expect(spec.paths['/openapi.json']).toBeUndefined();
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });

    const list = spec.paths['/v1/agencies']?.get;
    expect(list?.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(list?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '429', '500', '503']),
    );
    expect(list?.responses['401']?.content).toHaveProperty(['application/problem+json']);
    expect(spec.paths['/v1/dev/token']?.post?.security).toBeUndefined();
    // A role guard adds 403 and names the roles; a route without a guard or input gets only 500.
    const triage = spec.paths['/v1/requests/{id}/triage']?.post as
      { responses: Record<string, unknown>; description?: string; 'x-roles'?: string[] } | undefined;
    expect(Object.keys(triage?.responses ?? {})).toEqual(expect.arrayContaining(['400', '401', '403', '500']));
    expect(triage?.['x-roles']).toEqual(['coordinator']);
    expect(triage?.description).toContain('Roles: coordinator.');
    expect(Object.keys(spec.paths['/healthz']?.get?.responses ?? {}).sort()).toEqual(['200', '429', '500']);
    expect(spec.paths['/readyz']?.get?.responses['503']?.content).toHaveProperty(['application/problem+json']);
    expect(spec.components.schemas).toHaveProperty('Problem');
  });

  it('GET /docs serves the Swagger UI HTML with local assets', async () => {
    const { app } = await testApp();
    let response = await app.inject({ method: 'GET', url: '/docs' });
    if (response.statusCode === 302) {
      response = await app.inject({ method: 'GET', url: String(response.headers.location) });
    }
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toMatch(/swagger-ui/i);
    expect(response.body).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
    const bundle = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });
});

describe('agencies', () => {
  it('GET /v1/agencies?kind=mission passes the filter down and returns the listed fields', async () => {
    const { app, prisma } = await testApp();
    const token = (
      await app.inject({ method: 'POST', url: '/v1/dev/token', payload: { user: 'VN-HAN:mission_officer' } })
    ).json<{ token: string }>().token;
    const response = await app.inject({
      method: 'GET',
      url: '/v1/agencies?kind=mission',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(prisma.calls.findMany).toEqual([expect.objectContaining({ where: { kind: 'mission' } })]);
    const { items } = response.json<{ items: Array<Record<string, unknown>> }>();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      code: 'VN-HAN',
      kind: 'mission',
      name: expect.any(String) as string,
      country: 'VN',
      timeZone: 'Asia/Ho_Chi_Minh',
      weekend: ['SAT', 'SUN'],
    });
  });

  it('GET /v1/agencies/:code → 404 problem for an unknown agency', async () => {
    const { app } = await testApp();
    const token = (await app.inject({ method: 'POST', url: '/v1/dev/token', payload: { user: 'MOFA:admin' } })).json<{
      token: string;
    }>().token;
    const response = await app.inject({
      method: 'GET',
      url: '/v1/agencies/XX-NOPE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found', detail: "agency 'XX-NOPE' not found" });
  });
});

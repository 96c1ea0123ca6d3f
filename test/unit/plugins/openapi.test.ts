/** The OpenAPI document and Swagger UI. */
import { describe, expect, it } from 'vitest';
import { testApp } from '../fake-app.js';

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

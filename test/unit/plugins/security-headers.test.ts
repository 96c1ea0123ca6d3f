/** The security headers of every response: JSON API, problems, pages and Swagger UI (issue 10, finding 9). */
import { describe, expect, it } from 'vitest';
import { bearer, testApp, tokenFor } from '../fake-app.js';

const strictPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function expectSecurityHeaders(headers: Record<string, unknown>, where: string): void {
  expect(headers['content-security-policy'], where).toBe(strictPolicy);
  expect(headers['x-content-type-options'], where).toBe('nosniff');
  expect(headers['referrer-policy'], where).toBe('no-referrer');
  expect(headers['x-frame-options'], where).toBe('DENY');
}

describe('security headers', () => {
  it('the JSON API sends nosniff and Cache-Control: no-store, on answers and problems alike', async () => {
    const { app } = await testApp();
    const token = await tokenFor(app, 'MOFA:coordinator');
    const responses = {
      'GET /v1/agencies': await app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(token) }),
      'GET /v1/agencies unauthenticated': await app.inject({ method: 'GET', url: '/v1/agencies' }),
      'POST /v1/dev/token': await app.inject({ method: 'POST', url: '/v1/dev/token', payload: { user: 'MOFA:admin' } }),
      'GET /v1/nowhere': await app.inject({ method: 'GET', url: '/v1/nowhere' }),
      'GET /readyz': await app.inject({ method: 'GET', url: '/readyz' }),
      'GET /openapi.json': await app.inject({ method: 'GET', url: '/openapi.json' }),
    };
    for (const [where, response] of Object.entries(responses)) {
      expectSecurityHeaders(response.headers, where);
      expect(response.headers['cache-control'], where).toBe('no-store');
    }
  });

  it('Swagger UI gets the pages’ policy and headers', async () => {
    const { app } = await testApp();
    for (const url of ['/docs', '/docs/', '/docs/static/swagger-initializer.js', '/docs/static/swagger-ui.css']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBeLessThan(400);
      expectSecurityHeaders(response.headers, url);
    }
    const page = await app.inject({ method: 'GET', url: '/app' });
    expectSecurityHeaders(page.headers, '/app');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('Swagger UI does not keep the bearer token in localStorage', async () => {
    const { app } = await testApp();
    const initializer = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(initializer.body).toMatch(/"persistAuthorization":false/);
  });
});

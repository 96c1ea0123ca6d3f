/** Rate limits at the HTTP edge (issue 10, finding 5): per caller, and per address for calls without a valid token. */
import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { bearer, testApp, testConfig, tokenFor } from '../fake-app.js';

const get = (app: App, url: string, options: { token?: string; address?: string } = {}) =>
  app.inject({
    method: 'GET',
    url,
    remoteAddress: options.address ?? '192.0.2.1',
    ...(options.token === undefined ? {} : { headers: bearer(options.token) }),
  });

describe('rate limits', () => {
  it('per caller: the limit of one caller is theirs alone, then 429 with Retry-After', async () => {
    const { app } = await testApp({
      config: testConfig({ RATE_LIMIT_PER_CALLER: '3', RATE_LIMIT_PER_ADDRESS: '100' }),
    });
    const coordinator = await tokenFor(app, 'MOFA:coordinator');
    const supervisor = await tokenFor(app, 'MOFA:supervisor');
    for (let call = 1; call <= 3; call += 1) {
      expect((await get(app, '/v1/agencies', { token: coordinator })).statusCode).toBe(200);
    }
    const refused = await get(app, '/v1/agencies', { token: coordinator });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'too_many_requests', status: 429 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Same address, another caller: not affected.
    expect((await get(app, '/v1/agencies', { token: supervisor })).statusCode).toBe(200);
  });

  it('per address without a valid token: routes that need none, and calls with a bad token', async () => {
    const { app } = await testApp({
      config: testConfig({ RATE_LIMIT_PER_CALLER: '100', RATE_LIMIT_PER_ADDRESS: '3' }),
    });
    const token = await tokenFor(app, 'MOFA:coordinator'); // from inject's default address, not 192.0.2.1
    expect((await get(app, '/healthz')).statusCode).toBe(200);
    expect((await get(app, '/v1/agencies', { token: 'not-a-token' })).statusCode).toBe(401);
    expect((await get(app, '/app')).statusCode).toBe(200);
    expect((await get(app, '/healthz')).statusCode).toBe(429);
    // Guessing tokens from the exhausted address is refused before the guess is looked at.
    const guess = await get(app, '/v1/agencies', { token: 'another-guess' });
    expect(guess.statusCode).toBe(429);
    // A valid token counts against its caller, and another address has its own count.
    expect((await get(app, '/v1/agencies', { token })).statusCode).toBe(200);
    expect((await get(app, '/healthz', { address: '192.0.2.2' })).statusCode).toBe(200);
  });

  it('the development issuer is limited per address like any route without a token', async () => {
    const { app } = await testApp({ config: testConfig({ RATE_LIMIT_PER_ADDRESS: '2' }) });
    const mint = () =>
      app.inject({ method: 'POST', url: '/v1/dev/token', remoteAddress: '192.0.2.9', payload: { user: 'MOFA:admin' } });
    expect((await mint()).statusCode).toBe(200);
    expect((await mint()).statusCode).toBe(200);
    expect((await mint()).statusCode).toBe(429);
  });
});

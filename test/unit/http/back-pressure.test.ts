/** Back-pressure at the HTTP edge (issue 10, finding 5): rate limits, timeouts, /metrics that does not hit the database per scrape. */
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { bearer, fakePrisma, testApp, testConfig, tokenFor } from './helpers.js';

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

describe('timeouts', () => {
  /** Small timeouts; each test lets only the one it checks be the first to close the connection. */
  async function listening(env: Record<string, string>, extend?: (app: App) => void): Promise<number> {
    const config = testConfig({
      HTTP_REQUEST_TIMEOUT_MS: '300',
      HTTP_CONNECTION_TIMEOUT_MS: '10000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
      WORKFLOW_UPDATE_WAIT_MS: '100',
      ...env,
    });
    const { app } = await testApp({ config, ...(extend === undefined ? {} : { extend }) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return (app.server.address() as AddressInfo).port;
  }

  /** Writes `data`, then collects what the server sends until it closes the connection (or `giveUpMs` pass). */
  function exchange(port: number, data: string, giveUpMs = 5000): Promise<{ text: string; closedAfterMs: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket: Socket = connect(port, '127.0.0.1', () => socket.write(data));
      let text = '';
      const giveUp = setTimeout(() => {
        socket.destroy();
        resolve({ text, closedAfterMs: Number.POSITIVE_INFINITY });
      }, giveUpMs);
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        clearTimeout(giveUp);
        resolve({ text, closedAfterMs: Date.now() - started });
      });
    });
  }

  it('a request whose body never finishes arriving gets 408', async () => {
    const port = await listening({});
    const { text, closedAfterMs } = await exchange(
      port,
      'POST /v1/dev/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"us',
    );
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(3000);
  });

  it('an idle keep-alive connection is closed', async () => {
    const port = await listening({});
    const { text, closedAfterMs } = await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 200/);
    // Node gives keep-alive connections a second's grace beyond HTTP_KEEP_ALIVE_TIMEOUT_MS.
    expect(closedAfterMs).toBeLessThan(3000);
  });

  it('a connection silent for HTTP_CONNECTION_TIMEOUT_MS is closed, even while its answer is awaited', async () => {
    const port = await listening({ HTTP_CONNECTION_TIMEOUT_MS: '1500' }, (app) => {
      app.get('/test/never', () => new Promise(() => undefined));
    });
    const { closedAfterMs } = await exchange(port, 'GET /test/never HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(closedAfterMs).toBeGreaterThanOrEqual(1400);
    expect(closedAfterMs).toBeLessThan(3000);
  });
});

describe('/metrics', () => {
  it('reads the SLA aggregates from the database once per METRICS_CACHE_MS, however often it is scraped', async () => {
    let queries = 0;
    const prisma = fakePrisma({
      $queryRaw: async () => {
        queries += 1;
        return [];
      },
    });
    const { app } = await testApp({ prisma });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    const perRead = queries;
    expect(perRead).toBeGreaterThan(0);
    for (let scrape = 0; scrape < 5; scrape += 1) await app.inject({ method: 'GET', url: '/metrics' });
    expect(queries).toBe(perRead);
  });
});

/** Bearer authentication, role guards and the development issuer. */
import { statSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { requireRole } from '../../../src/plugins/auth.js';
import type { DevToken } from '../../support/responses.js';
import { ADMIN, COORDINATOR, HANOI, PROVINCE, SUPERVISOR } from '../../support/users.js';
import { bearer, TEST_SECRET, tempDataDir, testApp, testConfig, tokenFor } from '../fake-app.js';

const secretKey = new TextEncoder().encode(TEST_SECRET);

async function devToken(
  claims: Record<string, unknown>,
  options: { exp?: number | string | null; iss?: string; aud?: string; key?: Uint8Array; typ?: string | null } = {},
) {
  const typ = options.typ === undefined ? 'at+jwt' : options.typ;
  const jwt = new SignJWT(claims)
    .setProtectedHeader(typ === null ? { alg: 'HS256' } : { alg: 'HS256', typ })
    .setSubject(COORDINATOR)
    .setIssuer(options.iss ?? 'oneteam-dev')
    .setAudience(options.aud ?? 'oneteam')
    .setIssuedAt();
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? '1h');
  return jwt.sign(options.key ?? secretKey);
}

describe('authentication', () => {
  it('401 without a token, with a WWW-Authenticate: Bearer challenge', async () => {
    const { app } = await testApp();
    const response = await app.inject({ method: 'GET', url: '/v1/agencies' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
  });

  it.each([
    ['garbage', 'Bearer not-a-jwt'],
    ['wrong scheme', 'Basic dXNlcjpwYXNz'],
  ])('401 with a bad token (%s), challenge says invalid_token', async (_name, authorization) => {
    const { app } = await testApp();
    const response = await app.inject({ method: 'GET', url: '/v1/agencies', headers: { authorization } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(response.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('401 for a token signed with another key, expired, or for another audience/issuer', async () => {
    const { app } = await testApp();
    const claims = { role: 'coordinator', agency: 'MOFA' };
    const tokens = [
      await devToken(claims, { key: new TextEncoder().encode('another-secret-of-at-least-32-characters!!') }),
      await devToken(claims, { exp: Math.floor(Date.now() / 1000) - 3600 }),
      await devToken(claims, { aud: 'someone-else' }),
      await devToken(claims, { iss: 'evil-issuer' }),
    ];
    for (const token of tokens) {
      const response = await app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(token) });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'unauthenticated' });
    }
  });

  it('401 when the claims are not valid (unknown role, missing agency)', async () => {
    const { app } = await testApp();
    for (const claims of [{ role: 'emperor', agency: 'MOFA' }, { role: 'coordinator' }]) {
      const response = await app.inject({
        method: 'GET',
        url: '/v1/agencies',
        headers: bearer(await devToken(claims)),
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'unauthenticated' });
    }
  });

  it('401 for a token without exp, or without the access-token typ the development issuer writes', async () => {
    const { app } = await testApp();
    const claims = { role: 'coordinator', agency: 'MOFA' };
    const tokens = [
      await devToken(claims, { exp: null }),
      await devToken(claims, { typ: null }),
      await devToken(claims, { typ: 'JWT' }),
    ];
    for (const token of tokens) {
      const response = await app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(token) });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('401 when the role does not belong to the kind of agency the token names', async () => {
    const { app } = await testApp();
    const mismatched = [
      { role: 'mission_officer', agency: 'MOFA' },
      { role: 'mission_officer', agency: 'KR-43' },
      { role: 'province_officer', agency: 'VN-HAN' },
      { role: 'province_officer', agency: 'MOFA' },
      { role: 'coordinator', agency: 'KR-43' },
      { role: 'supervisor', agency: 'VN-HAN' },
      { role: 'admin', agency: 'KR-11' },
      { role: 'province_officer', agency: 'somewhere' },
    ];
    for (const claims of mismatched) {
      const response = await app.inject({
        method: 'GET',
        url: '/v1/agencies',
        headers: bearer(await devToken(claims)),
      });
      expect(response.statusCode, JSON.stringify(claims)).toBe(401);
      expect(response.json<{ detail: string }>().detail).toContain(claims.agency);
    }
    const fitting = [
      { role: 'mission_officer', agency: 'VN-HAN' },
      { role: 'province_officer', agency: 'KR-43' },
      { role: 'supervisor', agency: 'MOFA' },
      { role: 'admin', agency: 'MOFA' },
    ];
    for (const claims of fitting) {
      const response = await app.inject({
        method: 'GET',
        url: '/v1/agencies',
        headers: bearer(await devToken(claims)),
      });
      expect(response.statusCode, JSON.stringify(claims)).toBe(200);
    }
  });

  it('a valid hand-signed token is accepted', async () => {
    const { app } = await testApp();
    const token = await devToken({ role: 'coordinator', agency: 'MOFA' });
    const response = await app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
  });
});

describe('role guards', () => {
  const extend = (app: App) => {
    app.get('/test/coordinators', { onRequest: [requireRole('coordinator')] }, async (request) => ({
      principal: request.principal,
    }));
    app.get('/test/guarded-twice', { onRequest: [app.authenticate, requireRole('supervisor', 'admin')] }, async () => ({
      ok: true,
    }));
    app.get(
      '/test/pre-handler',
      { onRequest: [app.authenticate], preHandler: [requireRole('province_officer')] },
      async (request) => ({
        agency: request.principal.agency,
      }),
    );
    app.get('/test/unguarded-principal', async (request) => ({ sub: request.principal.sub }));
  };

  it('403 forbidden for the wrong role, 200 for the right one', async () => {
    const { app } = await testApp({ extend });
    const province = await tokenFor(app, PROVINCE);
    const coordinator = await tokenFor(app, COORDINATOR);

    const refused = await app.inject({ method: 'GET', url: '/test/coordinators', headers: bearer(province) });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'forbidden', status: 403 });

    const allowed = await app.inject({ method: 'GET', url: '/test/coordinators', headers: bearer(coordinator) });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toEqual({ principal: { sub: COORDINATOR, role: 'coordinator', agency: 'MOFA' } });
  });

  it('requireRole alone authenticates: 401 without a token', async () => {
    const { app } = await testApp({ extend });
    const response = await app.inject({ method: 'GET', url: '/test/coordinators' });
    expect(response.statusCode).toBe(401);
  });

  it('works combined with authenticate and in preHandler', async () => {
    const { app } = await testApp({ extend });
    const admin = await tokenFor(app, ADMIN);
    const province = await tokenFor(app, PROVINCE);
    expect((await app.inject({ method: 'GET', url: '/test/guarded-twice', headers: bearer(admin) })).statusCode).toBe(
      200,
    );
    expect(
      (await app.inject({ method: 'GET', url: '/test/guarded-twice', headers: bearer(province) })).statusCode,
    ).toBe(403);
    const own = await app.inject({ method: 'GET', url: '/test/pre-handler', headers: bearer(province) });
    expect(own.json()).toEqual({ agency: 'KR-43' });
    expect((await app.inject({ method: 'GET', url: '/test/pre-handler', headers: bearer(admin) })).statusCode).toBe(
      403,
    );
  });

  it('reading request.principal on an unguarded route is a 401, never undefined', async () => {
    const { app } = await testApp({ extend });
    const response = await app.inject({ method: 'GET', url: '/test/unguarded-principal' });
    expect(response.statusCode).toBe(401);
  });
});

describe('development issuer', () => {
  it('POST /v1/dev/token → token usable on /v1/agencies', async () => {
    const { app } = await testApp();
    const issued = await app.inject({
      method: 'POST',
      url: '/v1/dev/token',
      payload: { user: PROVINCE },
    });
    expect(issued.statusCode).toBe(200);
    const body = issued.json<DevToken>();
    expect(body.user).toEqual({ handle: PROVINCE, role: 'province_officer', agency: 'KR-43' });
    const lifetimeHours = (Date.parse(body.expiresAt) - Date.now()) / 3_600_000;
    expect(lifetimeHours).toBeGreaterThan(11.9);
    expect(lifetimeHours).toBeLessThanOrEqual(12);

    const list = await app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(body.token) });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
  });

  it('unknown handle → 404 problem', async () => {
    const { app } = await testApp();
    const response = await app.inject({ method: 'POST', url: '/v1/dev/token', payload: { user: 'XX-00:nobody' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found' });
  });

  it('without DEV_JWT_SECRET a 0600 key is generated once in the data folder and survives restarts', async () => {
    const dataDir = tempDataDir();
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { embedded: true });
    const keyFile = path.join(dataDir, 'dev-jwt.key');

    const first = await testApp({ config });
    const token = await tokenFor(first.app, SUPERVISOR);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');
    expect(Buffer.from(key.trim(), 'base64url').length).toBe(48);
    await first.app.close();

    const second = await testApp({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { embedded: true }),
    });
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
    const response = await second.app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(token) });
    expect(response.statusCode).toBe(200);

    // A token from another data folder (another key) is refused.
    const other = await testApp({
      config: loadConfig({ DATA_DIR: tempDataDir(), LOG_LEVEL: 'silent' }, { embedded: true }),
    });
    const refused = await other.app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(token) });
    expect(refused.statusCode).toBe(401);
  });
});

describe('production mode (JWKS)', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serveJwks(body: unknown): Promise<string> {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/.well-known/jwks.json`;
  }

  it('verifies tokens from the configured issuer and has no dev token route', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwksUrl = await serveJwks({ keys: [jwk] });
    const config = testConfig({
      AUTH_JWKS_URL: jwksUrl,
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'oneteam-api',
    });
    expect(config.devAuth).toBe(false);
    const { app } = await testApp({ config });

    const sign = (claims: Record<string, unknown>, iss = 'https://idp.example') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject(HANOI)
        .setIssuer(iss)
        .setAudience('oneteam-api')
        .setExpirationTime('5m')
        .sign(privateKey);

    const good = await sign({ role: 'mission_officer', agency: 'VN-HAN' });
    expect((await app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(good) })).statusCode).toBe(200);

    const wrongIssuer = await sign({ role: 'mission_officer', agency: 'VN-HAN' }, 'oneteam-dev');
    expect((await app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(wrongIssuer) })).statusCode).toBe(
      401,
    );

    // An HS256 token signed with the dev secret is not accepted in production mode.
    const hs = await devToken(
      { role: 'coordinator', agency: 'MOFA' },
      { iss: 'https://idp.example', aud: 'oneteam-api' },
    );
    expect((await app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(hs) })).statusCode).toBe(401);

    const dev = await app.inject({ method: 'POST', url: '/v1/dev/token', payload: { user: COORDINATOR } });
    expect(dev.statusCode).toBe(404);
  });

  it('accepts access tokens only: exp required, ID and refresh tokens of the same issuer refused', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwksUrl = await serveJwks({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k2', alg: 'ES256' }] });
    const { app } = await testApp({
      config: testConfig({ AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: 'https://idp.example/realms/oneteam' }),
    });
    const sign = (options: { typ?: string; claims?: Record<string, unknown>; exp?: boolean }) => {
      const jwt = new SignJWT({ role: 'province_officer', agency: 'KR-43', ...options.claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'k2', ...(options.typ === undefined ? {} : { typ: options.typ }) })
        .setSubject('kr43-officer')
        .setIssuer('https://idp.example/realms/oneteam')
        .setAudience('oneteam');
      if (options.exp !== false) jwt.setExpirationTime('5m');
      return jwt.sign(privateKey);
    };
    const status = async (token: string) =>
      (await app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(token) })).statusCode;

    for (const typ of [undefined, 'JWT', 'at+jwt', 'application/at+jwt'])
      expect(await status(await sign({ typ }))).toBe(200);
    expect(await status(await sign({ claims: { typ: 'Bearer' } }))).toBe(200);

    expect(await status(await sign({ claims: { typ: 'ID' } }))).toBe(401);
    expect(await status(await sign({ claims: { typ: 'Refresh' } }))).toBe(401);
    expect(await status(await sign({ typ: 'logout+jwt' }))).toBe(401);
    expect(await status(await sign({ exp: false }))).toBe(401);
    expect(await status(await sign({ claims: { role: 'mission_officer' } }))).toBe(401);
  });

  it('an unreachable key set is a 503, not a 401', async () => {
    const jwksUrl = await serveJwks({ keys: [] });
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ role: 'coordinator', agency: 'MOFA' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject(COORDINATOR)
      .setIssuer('oneteam-dev')
      .setAudience('oneteam')
      .setExpirationTime('5m')
      .sign(privateKey);
    const { app } = await testApp({ config: testConfig({ AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: 'oneteam-dev' }) });
    const response = await app.inject({ method: 'GET', url: '/v1/agencies', headers: bearer(token) });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'unavailable' });
  });
});

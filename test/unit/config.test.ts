import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const idp = {
  AUTH_JWKS_URL: 'https://idp.example/realms/oneteam/protocol/openid-connect/certs',
  AUTH_ISSUER: 'https://idp.example/realms/oneteam',
};

describe('loadConfig', () => {
  it('keeps 1000 workflows in the worker cache unless told otherwise', () => {
    expect(loadConfig(idp).WORKER_MAX_CACHED_WORKFLOWS).toBe(1000);
    expect(loadConfig({ ...idp, WORKER_MAX_CACHED_WORKFLOWS: '250' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(250);
  });

  it('names the variable it refuses', () => {
    for (const value of ['1', 'many', '2.5']) {
      expect(() => loadConfig({ ...idp, WORKER_MAX_CACHED_WORKFLOWS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ...idp, WORKER_MAX_CACHED_WORKFLOWS: value })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    }
    expect(() => loadConfig({ ...idp, SLA_POLICY: 'fast' })).toThrow(/SLA_POLICY/);
  });
});

describe('token mode', () => {
  it('refuses to start without an identity provider, naming what to set', () => {
    for (const env of [{}, { AUTH_JWKS_URL: '' }, { DEV_JWT_SECRET: 'x'.repeat(32) }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/AUTH_JWKS_URL.*AUTH_ISSUER.*AUTH_DEV_ISSUER=unsafe-enabled/s);
    }
  });

  it('verifies the identity provider’s tokens when AUTH_JWKS_URL is set', () => {
    const config = loadConfig({ ...idp, AUTH_AUDIENCE: 'oneteam-api' });
    expect(config.devAuth).toBe(false);
    expect(config.auth).toEqual({
      mode: 'identity-provider',
      jwksUrl: idp.AUTH_JWKS_URL,
      issuer: idp.AUTH_ISSUER,
      audience: 'oneteam-api',
    });
    expect(() => loadConfig({ AUTH_JWKS_URL: idp.AUTH_JWKS_URL })).toThrow(/AUTH_ISSUER: required/);
  });

  it('runs the development issuer in `npm start`’s embedded defaults, on a loopback address only', () => {
    for (const HOST of [undefined, '127.0.0.1', 'localhost', '::1']) {
      const config = loadConfig(HOST === undefined ? {} : { HOST }, { embedded: true });
      expect(config.devAuth).toBe(true);
      expect(config.auth).toMatchObject({ mode: 'dev-issuer', enabledBy: 'embedded', issuer: 'oneteam-dev' });
    }
    expect(() => loadConfig({ HOST: '0.0.0.0' }, { embedded: true })).toThrow(/HOST: 0\.0\.0\.0.*AUTH_DEV_ISSUER/s);
    expect(loadConfig({ ...idp }, { embedded: true }).auth.mode).toBe('identity-provider');
  });

  it('runs the development issuer elsewhere only with AUTH_DEV_ISSUER=unsafe-enabled', () => {
    const config = loadConfig({ AUTH_DEV_ISSUER: 'unsafe-enabled', HOST: '0.0.0.0' });
    expect(config.devAuth).toBe(true);
    expect(config.auth).toMatchObject({ mode: 'dev-issuer', enabledBy: 'unsafe-enabled' });
    for (const value of ['true', '1', 'enabled']) {
      expect(() => loadConfig({ AUTH_DEV_ISSUER: value })).toThrow(/AUTH_DEV_ISSUER: the only accepted value/);
    }
    expect(() => loadConfig({ ...idp, AUTH_DEV_ISSUER: 'unsafe-enabled' })).toThrow(/AUTH_DEV_ISSUER: not with/);
    expect(() => loadConfig({ ...idp, DEV_JWT_SECRET: 'x'.repeat(32) })).toThrow(/DEV_JWT_SECRET/);
  });

  it('needs no identity provider in a process that verifies no tokens (migrations)', () => {
    const config = loadConfig({}, { verifiesTokens: false });
    expect(config.auth).toEqual({ mode: 'none' });
    expect(config.devAuth).toBe(false);
  });

  it('accepts a key set over https, or over plain http on a loopback address only', () => {
    const issuer = { AUTH_ISSUER: 'https://idp.example' };
    for (const url of [
      'http://idp.example/jwks',
      'http://10.0.0.5:8080/jwks',
      'http://keycloak:8080/certs',
      'ftp://idp.example/jwks',
    ]) {
      expect(() => loadConfig({ ...issuer, AUTH_JWKS_URL: url }), url).toThrow(/AUTH_JWKS_URL/);
    }
    for (const url of [
      'https://idp.example/jwks',
      'http://127.0.0.1:8080/jwks',
      'http://localhost/jwks',
      'http://[::1]:9000/jwks',
    ]) {
      expect(loadConfig({ ...issuer, AUTH_JWKS_URL: url }).auth, url).toMatchObject({ jwksUrl: url });
    }
  });
});

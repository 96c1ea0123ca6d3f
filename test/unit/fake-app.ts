/** Test helpers: an app over fake Prisma and Temporal objects (only the methods the routes use). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { onTestFinished } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { referenceAgencies } from '../../src/db/seed.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import type { DevToken } from '../support/responses.js';
import { ADMIN, COORDINATOR, HANOI, PROVINCE, seededUsers, SUPERVISOR } from '../support/users.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

/** The users table of the fake database: a few seeded users. */
const users = seededUsers([PROVINCE, HANOI, COORDINATOR, SUPERVISOR, ADMIN]);
type FakeUser = (typeof users)[number];

/** The agencies table of the fake database: the seeded rows of those users' agencies, as the database returns them. */
const agencies = referenceAgencies()
  .filter((agency) => users.some((user) => user.agencyCode === agency.code))
  .map((agency) => ({ city: null, missionKind: null, nameKo: null, ...agency }));

export interface FakePrisma {
  user: { findUnique(args: { where: { handle: string } }): Promise<FakeUser | null> };
  agency: {
    findMany(args: { where: { kind?: string } }): Promise<unknown[]>;
    findUnique(args: { where: { code: string } }): Promise<unknown>;
  };
  $queryRaw(...args: unknown[]): Promise<unknown>;
  $disconnect(): Promise<void>;
  calls: { findMany: unknown[]; disconnect: number };
}

export function fakePrisma(overrides: Partial<Pick<FakePrisma, '$queryRaw'>> = {}): FakePrisma {
  const calls = { findMany: [] as unknown[], disconnect: 0 };
  return {
    calls,
    user: {
      findUnique: async ({ where }) => users.find((user) => user.handle === where.handle) ?? null,
    },
    agency: {
      findMany: async (args) => {
        calls.findMany.push(args);
        return agencies.filter((agency) => args.where.kind === undefined || agency.kind === args.where.kind);
      },
      findUnique: async ({ where }) => agencies.find((agency) => agency.code === where.code) ?? null,
    },
    $queryRaw: overrides.$queryRaw ?? (async () => [{ '?column?': 1 }]),
    $disconnect: async () => {
      calls.disconnect += 1;
    },
  };
}

export function fakeTemporal(getSystemInfo: () => Promise<unknown> = async () => ({})): Client {
  return { workflowService: { getSystemInfo } } as unknown as Client;
}

/**
 * A data directory removed when the calling test finishes. Cleanup is registered per test, not per file:
 * the unit project shares loaded modules between the files a worker runs (vitest.config.ts).
 */
export function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'oneteam-http-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The embedded default (the development issuer with TEST_SECRET) unless `env` names an identity provider. */
export function testConfig(env: Record<string, string> = {}): Config {
  const issuer = env.AUTH_JWKS_URL === undefined ? { DEV_JWT_SECRET: TEST_SECRET } : {};
  return loadConfig({ DATA_DIR: tempDataDir(), LOG_LEVEL: 'silent', ...issuer, ...env }, { embedded: true });
}

export interface TestAppOptions {
  config?: Config;
  prisma?: FakePrisma;
  temporal?: Client;
  readinessTimeoutMs?: number;
  /** Register extra (test-only) routes through a plugin, after the app's own plugins. */
  extend?: (app: App) => void;
}

export async function testApp(options: TestAppOptions = {}): Promise<{ app: App; prisma: FakePrisma }> {
  const prisma = options.prisma ?? fakePrisma();
  const app = createApp({
    config: options.config ?? testConfig(),
    prisma: prisma as unknown as PrismaClient,
    temporal: options.temporal ?? fakeTemporal(),
    logger: false,
    ...(options.readinessTimeoutMs === undefined ? {} : { readinessTimeoutMs: options.readinessTimeoutMs }),
  });
  onTestFinished(() => app.close());
  if (options.extend !== undefined) {
    const extend = options.extend;
    await app.register(async (instance) => {
      extend(instance);
    });
  }
  await app.ready();
  return { app, prisma };
}

export async function tokenFor(app: App, handle: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/v1/dev/token', payload: { user: handle } });
  if (response.statusCode !== 200) throw new Error(`token for ${handle}: ${response.statusCode} ${response.body}`);
  return response.json<DevToken>().token;
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

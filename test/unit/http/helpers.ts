/** Test helpers: an app over fake Prisma and Temporal objects (only the methods the routes use). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { afterEach } from 'vitest';
import { type App, createApp } from '../../../src/app.js';
import { type Config, loadConfig } from '../../../src/config.js';
import type { PrismaClient } from '../../../src/generated/prisma/client.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface FakeUser {
  handle: string;
  role: 'province_officer' | 'mission_officer' | 'coordinator' | 'supervisor' | 'admin';
  agencyCode: string;
}

export const users: FakeUser[] = [
  { handle: 'KR-43:province_officer', role: 'province_officer', agencyCode: 'KR-43' },
  { handle: 'VN-HAN:mission_officer', role: 'mission_officer', agencyCode: 'VN-HAN' },
  { handle: 'MOFA:coordinator', role: 'coordinator', agencyCode: 'MOFA' },
  { handle: 'MOFA:supervisor', role: 'supervisor', agencyCode: 'MOFA' },
  { handle: 'MOFA:admin', role: 'admin', agencyCode: 'MOFA' },
];

export const agencies = [
  {
    code: 'KR-43',
    kind: 'province',
    name: 'Chungcheongbuk-do',
    nameKo: '충청북도',
    country: 'KR',
    city: null,
    missionKind: null,
    timeZone: 'Asia/Seoul',
    weekend: ['SAT', 'SUN'],
  },
  {
    code: 'MOFA',
    kind: 'ministry',
    name: 'Ministry of Foreign Affairs',
    nameKo: '외교부',
    country: 'KR',
    city: 'Seoul',
    missionKind: null,
    timeZone: 'Asia/Seoul',
    weekend: ['SAT', 'SUN'],
  },
  {
    code: 'VN-HAN',
    kind: 'mission',
    name: 'Embassy of the Republic of Korea in Vietnam',
    nameKo: null,
    country: 'VN',
    city: 'Hanoi',
    missionKind: 'embassy',
    timeZone: 'Asia/Ho_Chi_Minh',
    weekend: ['SAT', 'SUN'],
  },
] as const;

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

const tempDirs: string[] = [];

export function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'oneteam-http-'));
  tempDirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

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

const apps: App[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

export async function testApp(options: TestAppOptions = {}): Promise<{ app: App; prisma: FakePrisma }> {
  const prisma = options.prisma ?? fakePrisma();
  const app = createApp({
    config: options.config ?? testConfig(),
    prisma: prisma as unknown as PrismaClient,
    temporal: options.temporal ?? fakeTemporal(),
    logger: false,
    ...(options.readinessTimeoutMs === undefined ? {} : { readinessTimeoutMs: options.readinessTimeoutMs }),
  });
  apps.push(app);
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
  return response.json<{ token: string }>().token;
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

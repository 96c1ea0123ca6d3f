// The database bootstrap end to end on a throw-away embedded PostgreSQL: cluster creation,
// migrations, seeding, the append-only audit trail, restarts, and recovery after a killed run.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../src/db/client.js';
import { freePort } from '../../src/local/processes/index.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/local/postgres/embedded-postgres.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { provisionDatabase } from '../../src/local/database.js';
import { seedDatabase } from '../../src/db/seed.js';
import { MOFA_CODE } from '../../src/domain/agencies.js';
import missions from '../../src/db/seed-data/missions.json' with { type: 'json' };
import provinces from '../../src/db/seed-data/provinces.json' with { type: 'json' };
import demoPeople from '../../src/db/seed-data/demo-people.json' with { type: 'json' };
import { OTHER_PROVINCE } from '../support/users.js';

const EMBEDDED_MODULE = fileURLToPath(new URL('../../src/local/postgres/embedded-postgres.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function tempDataDir(): Promise<string> {
  // mkdtemp makes it 0700: as root, startEmbeddedPostgres must let the "postgres" user in itself.
  return mkdtemp(path.join(os.tmpdir(), 'oneteam-db-test-'));
}

/** The PostgreSQL error behind a Prisma/driver-adapter rejection. */
async function postgresErrorOf(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'expected the statement to be refused').toBeDefined();
  return (error as { cause?: { code?: string; message?: string } }).cause ?? {};
}

describe('database bootstrap on the embedded PostgreSQL', { timeout: 60_000 }, () => {
  let dataDir: string;
  let port: number;
  let server: EmbeddedPostgres | undefined;
  let prisma: PrismaClient | undefined;
  const requestId = randomUUID();

  beforeAll(async () => {
    dataDir = await tempDataDir();
    port = await freePort();
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a cluster and applies the migrations to it', async () => {
    server = await startEmbeddedPostgres({ dataDir, port, databaseName: 'oneteam' });
    expect(server.url).toMatch(new RegExp(`^postgresql://postgres:[^@]+@127\\.0\\.0\\.1:${port}/oneteam$`));

    await applyMigrations(server.url);

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const migrations = await client.query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      );
      // Every migration in prisma/migrations, applied.
      const folders = (await readdir(path.join(REPO_ROOT, 'prisma/migrations'), { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
      expect(folders).toEqual(
        expect.arrayContaining([expect.stringMatching(/_init$/), expect.stringMatching(/_sla_clocks$/)]),
      );
      expect(migrations.rows.map((row) => row.migration_name).sort()).toEqual(folders);
      const tables = await client.query<{ table_name: string }>(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining([
          'agencies',
          'audit_events',
          'categories',
          'access_log',
          'escalations',
          'messages',
          'requests',
          'sla_clocks',
          'tasks',
          'users',
          'people',
          'directory_events',
        ]),
      );
    } finally {
      await client.end();
    }
  });

  it('seeds the reference data idempotently', async () => {
    prisma = createPrismaClient(server!.url);
    // As the embedded default seeds: with the demo people.
    const first = await seedDatabase(prisma, { demoPeople: true });
    const users = await prisma.user.count();
    const second = await seedDatabase(prisma, { demoPeople: true });

    const agencies = provinces.length + 1 + missions.length;
    expect(first.seeded).toEqual({
      agencies,
      // A province officer and an Ambassador for International Relations per province, a mission officer per mission.
      users: 2 * provinces.length + missions.length + 3,
      people: demoPeople.length,
      categories: 8,
      slaPolicies: 2,
    });
    expect(first.inserted).toEqual(first.seeded);
    expect(second.inserted).toEqual({ agencies: 0, users: 0, people: 0, categories: 0, slaPolicies: 0 });
    expect(await prisma.user.count()).toBe(users);
    expect(users).toBe(first.seeded.users);

    expect(await prisma.agency.count({ where: { kind: 'province' } })).toBe(17);
    expect(await prisma.agency.count({ where: { kind: 'mission' } })).toBe(missions.length);
    expect(await prisma.agency.findUniqueOrThrow({ where: { code: 'KR-11' } })).toMatchObject({
      kind: 'province',
      country: 'KR',
      timeZone: 'Asia/Seoul',
      weekend: ['SAT', 'SUN'],
      nameKo: '서울특별시',
    });
    expect(await prisma.agency.findUniqueOrThrow({ where: { code: MOFA_CODE } })).toMatchObject({
      kind: 'ministry',
      name: 'Ministry of Foreign Affairs',
      nameKo: '외교부',
    });
    expect(await prisma.agency.findUniqueOrThrow({ where: { code: 'SA-RUH' } })).toMatchObject({
      kind: 'mission',
      missionKind: 'embassy',
      country: 'SA',
      timeZone: 'Asia/Riyadh',
      weekend: ['FRI', 'SAT'],
    });
    const roles = await prisma.user.findMany({ where: { agencyCode: MOFA_CODE }, orderBy: { handle: 'asc' } });
    expect(roles.map((user) => user.handle)).toEqual(['MOFA:admin', 'MOFA:coordinator', 'MOFA:supervisor']);
    expect(await prisma.user.findUniqueOrThrow({ where: { handle: 'US-WAS:mission_officer' } })).toMatchObject({
      role: 'mission_officer',
      agencyCode: 'US-WAS',
    });
  });

  it('keeps audit_events append-only', async () => {
    const db = prisma!;
    await db.request.create({
      data: {
        id: requestId,
        workflowId: `request-${requestId}`,
        provinceCode: 'KR-11',
        createdBy: OTHER_PROVINCE,
        title: 'Investment seminar',
        description: 'Support for a seminar',
        category: 'economy',
        priority: 'routine',
        targetCountries: ['US', 'JP'],
        missions: ['US-WAS'],
        desiredBy: new Date('2026-03-01T09:30:00.123Z'),
        status: 'triage',
        fingerprint: 'f',
      },
    });
    const event = await db.auditEvent.create({
      data: {
        id: `${requestId}:1`,
        requestId,
        type: 'request.submitted',
        actor: OTHER_PROVINCE,
        at: new Date(),
        data: { title: '투자 설명회' },
      },
    });

    const update = await postgresErrorOf(db.auditEvent.update({ where: { id: event.id }, data: { type: 'tampered' } }));
    expect(update.code).toBe('P0001');
    expect(update.message).toContain('append-only');
    const remove = await postgresErrorOf(db.auditEvent.deleteMany({ where: { requestId } }));
    expect(remove.code).toBe('P0001');
    expect(remove.message).toContain('DELETE');

    // Also below Prisma, for any client.
    const client = new pg.Client({ connectionString: server!.url });
    await client.connect();
    try {
      await expect(client.query('UPDATE audit_events SET actor = $1', ['someone'])).rejects.toMatchObject({
        code: 'P0001',
      });
      await expect(client.query('DELETE FROM audit_events')).rejects.toMatchObject({ code: 'P0001' });
      await expect(client.query('TRUNCATE audit_events')).rejects.toMatchObject({ code: 'P0001' });
    } finally {
      await client.end();
    }
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      type: 'request.submitted',
      actor: OTHER_PROVINCE,
      data: { title: '투자 설명회' },
    });
  });

  it('keeps messages append-only but for one redaction that empties the text and says who, when and why', async () => {
    const db = prisma!;
    const id = randomUUID();
    await db.message.create({
      data: {
        id,
        requestId,
        audience: 'everyone',
        missionCode: null,
        author: 'KR-11:province_officer',
        authorAgency: 'KR-11',
        body: '세미나 장소는 서울입니다',
      },
    });
    const client = new pg.Client({ connectionString: server!.url });
    await client.connect();
    try {
      await expect(client.query('DELETE FROM messages WHERE id = $1', [id])).rejects.toMatchObject({ code: 'P0001' });
      await expect(client.query("UPDATE messages SET body = 'changed' WHERE id = $1", [id])).rejects.toMatchObject({
        code: 'P0001',
      });
      // A redaction that keeps the text, or changes the audience with it, is no redaction.
      const redaction = "redacted_at = now(), redacted_by = 'MOFA:admin', redaction_reason = 'Personal data'";
      await expect(client.query(`UPDATE messages SET ${redaction} WHERE id = $1`, [id])).rejects.toMatchObject({
        code: 'P0001',
      });
      await expect(
        client.query(`UPDATE messages SET body = '', audience = 'mofa', ${redaction} WHERE id = $1`, [id]),
      ).rejects.toMatchObject({ code: 'P0001' });
      await client.query(`UPDATE messages SET body = '', ${redaction} WHERE id = $1`, [id]);
      await expect(
        client.query("UPDATE messages SET redaction_reason = 'Another reason' WHERE id = $1", [id]),
      ).rejects.toMatchObject({ code: 'P0001' });
    } finally {
      await client.end();
    }
    expect(await db.message.findUniqueOrThrow({ where: { id } })).toMatchObject({
      body: '',
      audience: 'everyone',
      redactedBy: 'MOFA:admin',
      redactionReason: 'Personal data',
    });
    // A MOFA-and-mission message names its mission; no other message names one.
    const unnamed = { id: randomUUID(), requestId, author: 'MOFA:coordinator', authorAgency: 'MOFA', body: 'x' };
    expect((await postgresErrorOf(db.message.create({ data: { ...unnamed, audience: 'mofa_mission' } }))).code).toBe(
      '23514',
    );
  });

  it('keeps access_log append-only', async () => {
    const db = prisma!;
    const entry = await db.accessLogEntry.create({
      data: {
        id: randomUUID(),
        actor: 'US-WAS:mission_officer',
        actorRole: 'mission_officer',
        actorAgency: 'US-WAS',
        action: 'thread_read',
        requestId,
        subjects: [],
        route: 'GET /v1/requests/:id/messages',
        address: '127.0.0.1',
      },
    });
    const client = new pg.Client({ connectionString: server!.url });
    await client.connect();
    try {
      await expect(client.query("UPDATE access_log SET actor = 'someone else'")).rejects.toMatchObject({
        code: 'P0001',
      });
      await expect(client.query('DELETE FROM access_log')).rejects.toMatchObject({ code: 'P0001' });
    } finally {
      await client.end();
    }
    expect(await db.accessLogEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      actor: 'US-WAS:mission_officer',
    });
  });

  it('refuses a second server on the same cluster, and a port in use', async () => {
    await expect(startEmbeddedPostgres({ dataDir, port, databaseName: 'oneteam' })).rejects.toThrow(/already running/);

    const otherDir = await tempDataDir();
    try {
      await expect(startEmbeddedPostgres({ dataDir: otherDir, port, databaseName: 'oneteam' })).rejects.toThrow(
        new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`),
      );
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('keeps the data across a restart (provisionDatabase: migrations and seed are no-ops)', async () => {
    await prisma!.$disconnect();
    prisma = undefined;
    await server!.stop();
    server = undefined;

    const database = await provisionDatabase({ DATABASE_URL: undefined, dataDir, EMBEDDED_PG_PORT: port });
    server = database;
    expect(database.embedded).toBe(true);
    expect(database.seed.inserted).toEqual({ agencies: 0, users: 0, people: 0, categories: 0, slaPolicies: 0 });

    prisma = createPrismaClient(database.url);
    const request = await prisma.request.findUniqueOrThrow({ where: { id: requestId }, include: { events: true } });
    expect(request.targetCountries).toEqual(['US', 'JP']);
    expect(request.desiredBy?.toISOString()).toBe('2026-03-01T09:30:00.123Z');
    expect(request.events).toHaveLength(1);
  });

  it('recovers the cluster after the process that ran it was killed', async () => {
    await prisma!.$disconnect();
    prisma = undefined;
    await server!.stop();
    server = undefined;

    // Another process starts the server and is then killed with SIGKILL: its server is left running.
    const script = [
      `import { startEmbeddedPostgres } from ${JSON.stringify(pathToFileURL(EMBEDDED_MODULE).href)};`,
      `await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, databaseName: 'oneteam' });`,
      `console.log('READY');`,
      `setInterval(() => {}, 60_000);`,
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('READY')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`child exited early (${code}):\n${output}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    server = await startEmbeddedPostgres({ dataDir, port, databaseName: 'oneteam' });
    prisma = createPrismaClient(server.url);
    expect(await prisma.auditEvent.count({ where: { requestId } })).toBe(1);
    expect(await prisma.agency.count()).toBe(provinces.length + 1 + missions.length);
  });
});

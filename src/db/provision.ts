import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPrismaClient } from './client.js';
import { applyMigrations } from './migrate.js';
import { seedDatabase, type SeedOptions, type SeedResult } from './seed.js';

/** The group role that may read and write rows only (prisma/migrations/…_service_role). */
export const SERVICE_GROUP_ROLE = 'oneteam_service';
/** The login role the API and the worker connect as: a member of {@link SERVICE_GROUP_ROLE}, owner of nothing. */
export const SERVICE_LOGIN_ROLE = 'oneteam_app';

export interface PreparedDatabase {
  migrationMs: number;
  seed: SeedResult;
}

/** Applies pending migrations and seeds the reference data (both idempotent), as the owner of the tables. */
export async function prepareDatabase(url: string, seed: SeedOptions = {}): Promise<PreparedDatabase> {
  const migration = await applyMigrations(url);
  const prisma = createPrismaClient(url, { poolMax: 2 });
  try {
    return { migrationMs: migration.durationMs, seed: await seedDatabase(prisma, seed) };
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Creates the service's login role, or sets its password, through the owner's connection (which needs CREATEROLE),
 * and returns the URL the service connects with: the owner's URL with the service's name and password.
 */
export async function ensureServiceLogin(ownerUrl: string, password: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const role = client.escapeIdentifier(SERVICE_LOGIN_ROLE);
    const secret = client.escapeLiteral(password);
    // Roles belong to the cluster: one advisory lock keeps two provisioning processes from racing on CREATE ROLE.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [SERVICE_LOGIN_ROLE]);
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [SERVICE_LOGIN_ROLE]);
    const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT';
    await client.query(
      rowCount === 0
        ? `CREATE ROLE ${role} ${attributes} PASSWORD ${secret}`
        : `ALTER ROLE ${role} ${attributes} PASSWORD ${secret}`,
    );
    await client.query(`GRANT ${client.escapeIdentifier(SERVICE_GROUP_ROLE)} TO ${role}`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = SERVICE_LOGIN_ROLE;
  url.password = password;
  return url.toString();
}

/** A fresh password for a service login that only this process needs to know (`npm start`, the tests). */
export const generatedServicePassword = (): string => randomBytes(24).toString('hex');

/** The URL with its password masked, for logs and banners. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

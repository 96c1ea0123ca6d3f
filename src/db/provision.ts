import { createPrismaClient } from './client.js';
import { applyMigrations } from './migrate.js';
import { seedDatabase, type SeedOptions, type SeedResult } from './seed.js';

export interface PreparedDatabase {
  migrationMs: number;
  seed: SeedResult;
}

/** Applies pending migrations and seeds the reference data (both idempotent). */
export async function prepareDatabase(url: string, seed: SeedOptions = {}): Promise<PreparedDatabase> {
  const migration = await applyMigrations(url);
  const prisma = createPrismaClient(url, { poolMax: 2 });
  try {
    return { migrationMs: migration.durationMs, seed: await seedDatabase(prisma, seed) };
  } finally {
    await prisma.$disconnect();
  }
}

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

import type { Config } from '../config.js';
import { createPrismaClient } from './client.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { applyMigrations } from './migrate.js';
import { seedDatabase, type SeedResult } from './seed.js';

export const EMBEDDED_DATABASE_NAME = 'oneteam';

export interface ProvisionedDatabase {
  url: string;
  /** True when the embedded PostgreSQL was started for this process (no DATABASE_URL). */
  embedded: boolean;
  migrationMs: number;
  seed: SeedResult;
  /** Stops the embedded server (fast shutdown); a no-op for DATABASE_URL. Idempotent. */
  stop(): Promise<void>;
}

export type ProvisionConfig = Pick<Config, 'DATABASE_URL' | 'dataDir' | 'EMBEDDED_PG_PORT'>;

/**
 * Uses DATABASE_URL when set, otherwise starts the embedded PostgreSQL from `<dataDir>/postgres`;
 * then applies pending migrations and seeds the reference data.
 */
export async function provisionDatabase(
  config: ProvisionConfig,
  options: { onLog?: (message: string) => void } = {},
): Promise<ProvisionedDatabase> {
  const server =
    config.DATABASE_URL === undefined
      ? await startEmbeddedPostgres({
          dataDir: config.dataDir,
          port: config.EMBEDDED_PG_PORT,
          databaseName: EMBEDDED_DATABASE_NAME,
          onLog: options.onLog,
        })
      : { url: config.DATABASE_URL, stop: async () => {} };
  try {
    const migration = await applyMigrations(server.url);
    const prisma = createPrismaClient(server.url, { poolMax: 2 });
    let seed: SeedResult;
    try {
      seed = await seedDatabase(prisma);
    } finally {
      await prisma.$disconnect();
    }
    return {
      url: server.url,
      embedded: config.DATABASE_URL === undefined,
      migrationMs: migration.durationMs,
      seed,
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
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

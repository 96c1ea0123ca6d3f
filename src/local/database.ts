/**
 * The database of a local run: DATABASE_URL when set, otherwise the embedded PostgreSQL; migrated and seeded as the
 * owner, then handed to the service as its row-only login role with a password made for this run.
 */
import type { Config } from '../config.js';
import {
  ensureServiceLogin,
  generatedServicePassword,
  prepareDatabase,
  type PreparedDatabase,
} from '../db/provision.js';
import { startEmbeddedPostgres } from './postgres/embedded-postgres.js';

export const EMBEDDED_DATABASE_NAME = 'oneteam';

export interface ProvisionedDatabase extends PreparedDatabase {
  /** The service's connection: the row-only login role. */
  url: string;
  /** The owner's connection (migrations, seeds). */
  ownerUrl: string;
  /** True when the embedded PostgreSQL was started for this process (no DATABASE_URL). */
  embedded: boolean;
  /** Stops the embedded server (fast shutdown); a no-op for DATABASE_URL. Idempotent. */
  stop(): Promise<void>;
}

export type ProvisionConfig = Pick<Config, 'DATABASE_URL' | 'dataDir' | 'EMBEDDED_PG_PORT'>;

export async function provisionDatabase(
  config: ProvisionConfig,
  options: { onLog?: (message: string) => void; onNotice?: (message: string) => void } = {},
): Promise<ProvisionedDatabase> {
  const server =
    config.DATABASE_URL === undefined
      ? await startEmbeddedPostgres({
          dataDir: config.dataDir,
          port: config.EMBEDDED_PG_PORT,
          databaseName: EMBEDDED_DATABASE_NAME,
          onLog: options.onLog,
          onNotice: options.onNotice,
        })
      : { url: config.DATABASE_URL, stop: async () => {} };
  try {
    // The embedded default and the tests sign in as the fictional demo people.
    const prepared = await prepareDatabase(server.url, { demoPeople: true });
    const url = await ensureServiceLogin(server.url, generatedServicePassword());
    return {
      ...prepared,
      url,
      ownerUrl: server.url,
      embedded: config.DATABASE_URL === undefined,
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

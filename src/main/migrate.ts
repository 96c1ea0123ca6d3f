/**
 * `npm run migrate`: provisions the database (DATABASE_URL, or the embedded PostgreSQL under
 * DATA_DIR), applies pending migrations, seeds the reference data, prints the outcome and exits.
 */
import { loadConfig } from '../config.js';
import { provisionDatabase, redactDatabaseUrl, type ProvisionedDatabase } from '../db/provision.js';

let database: ProvisionedDatabase | undefined;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (database?.stop() ?? Promise.resolve()).finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  });
}

try {
  // Migrations verify no tokens: they run before the identity provider is wired up.
  const config = loadConfig(process.env, { verifiesTokens: false });
  const started = performance.now();
  database = await provisionDatabase(config);
  const { seeded, inserted } = database.seed;
  console.log(
    [
      `Database     ${database.embedded ? `embedded PostgreSQL, data in ${config.dataDir}` : 'DATABASE_URL'}`,
      `URL          ${redactDatabaseUrl(database.url)}`,
      `Migrations   up to date (migrate deploy ${database.migrationMs} ms)`,
      `Seed         ${seeded.agencies} agencies (${inserted.agencies} new), ${seeded.users} users (${inserted.users} new), ` +
        `${seeded.categories} categories (${inserted.categories} new)`,
      `Done in      ${Math.round(performance.now() - started)} ms`,
    ].join('\n'),
  );
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await database?.stop();
}

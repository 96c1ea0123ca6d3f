/**
 * `npm run migrate`: applies pending migrations to DATABASE_URL, seeds the reference data, prints the outcome and
 * exits. (`npm start` does the same to its embedded database by itself.)
 */
import { ConfigError, loadConfig } from '../config.js';
import { prepareDatabase, redactDatabaseUrl } from '../db/provision.js';

try {
  // Migrations verify no tokens: they run before the identity provider is wired up.
  const config = loadConfig(process.env, { verifiesTokens: false });
  if (config.DATABASE_URL === undefined)
    throw new ConfigError('DATABASE_URL: required by `npm run migrate` (`npm start` migrates its embedded database)');
  const started = performance.now();
  const { migrationMs, seed } = await prepareDatabase(config.DATABASE_URL);
  const { seeded, inserted } = seed;
  console.log(
    [
      `URL          ${redactDatabaseUrl(config.DATABASE_URL)}`,
      `Migrations   up to date (migrate deploy ${migrationMs} ms)`,
      `Seed         ${seeded.agencies} agencies (${inserted.agencies} new), ${seeded.users} users (${inserted.users} new), ` +
        `${seeded.categories} categories (${inserted.categories} new)`,
      `Done in      ${Math.round(performance.now() - started)} ms`,
    ].join('\n'),
  );
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
}

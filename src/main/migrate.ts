/**
 * `npm run migrate`: applies pending migrations to DATABASE_URL (the owner of the tables), seeds the reference data,
 * gives the service's login role SERVICE_DATABASE_PASSWORD when set, prints the outcome and exits. (`npm start`
 * does the same to its embedded database by itself.)
 */
import { ConfigError, loadConfig } from '../config.js';
import { SERVICE_LOGIN_ROLE, ensureServiceLogin, prepareDatabase, redactDatabaseUrl } from '../db/provision.js';

try {
  // Migrations verify no tokens: they run before the identity provider is wired up.
  const config = loadConfig(process.env, { verifiesTokens: false });
  if (config.DATABASE_URL === undefined)
    throw new ConfigError('DATABASE_URL: required by `npm run migrate` (`npm start` migrates its embedded database)');
  const started = performance.now();
  const { migrationMs, seed } = await prepareDatabase(config.DATABASE_URL);
  const { seeded, inserted } = seed;
  const service =
    config.SERVICE_DATABASE_PASSWORD === undefined
      ? `${SERVICE_LOGIN_ROLE} unchanged (no SERVICE_DATABASE_PASSWORD)`
      : redactDatabaseUrl(await ensureServiceLogin(config.DATABASE_URL, config.SERVICE_DATABASE_PASSWORD));
  console.log(
    [
      `URL          ${redactDatabaseUrl(config.DATABASE_URL)}`,
      `Service      ${service}`,
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

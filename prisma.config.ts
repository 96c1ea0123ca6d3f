// Prisma CLI configuration. Only the Prisma CLI loads this file (generate, migrate, studio); the
// application builds its own client in src/db/client.ts.
//
// Everything runs offline: Prisma 6.19's WASM schema engine talks to PostgreSQL through the
// `pg` driver adapter (`engine: 'js'`), so no native engine is ever downloaded. That path has a few
// defects in @prisma/adapter-pg 6.19.3 which are worked around below, each in one place.
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defineConfig } from 'prisma/config';

const configuredUrl = process.env.DATABASE_URL?.trim() || undefined;

// The schema's `url = env("DATABASE_URL")` must resolve to a valid postgresql:// URL even for
// `prisma generate`; otherwise the CLI falls back to the classic engine and tries to download it.
// This placeholder is never connected to: the adapter below refuses to run without a real URL.
if (configuredUrl === undefined) {
  process.env.DATABASE_URL = 'postgresql://placeholder@127.0.0.1:5432/placeholder';
}

// Workaround: the WASM schema engine leaves a 10–60 s timer behind, which keeps the CLI process
// alive after the command has finished. Timers that long are never needed to finish a command,
// so they must not hold the process open.
const LONG_TIMER_MS = 10_000;
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
  const timer = originalSetTimeout(...args);
  if (Number(args[1]) >= LONG_TIMER_MS) timer.unref();
  return timer;
}) as typeof setTimeout;

// Workaround: the schema engine's catalog queries return columns of type `name` (OID 19) and
// `"char"` (OID 18), which the adapter cannot deserialize ("Column type 'name' could not be
// deserialized", prisma/orm#27403). Both arrive from pg as plain strings, so report them as text.
const TEXT_OID = 25;
const TEXT_LIKE_OIDS = new Set([18, 19]);

function reportCatalogTypesAsText<T>(result: T): T {
  for (const res of Array.isArray(result) ? result : [result]) {
    for (const field of (res as pg.QueryResult | undefined)?.fields ?? []) {
      if (TEXT_LIKE_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

function patchClientQuery(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const callback = args.at(-1) as ((error: unknown, result: unknown) => void) | undefined;
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) =>
        callback(error, error ? result : reportCatalogTypesAsText(result));
      return query(...args);
    }
    const pending = query(...args);
    return pending instanceof Promise ? pending.then(reportCatalogTypesAsText) : pending;
  }) as typeof client.query;
}

// Pools are built from discrete fields: `connectionString` would override `database`, which the
// shadow database below needs to set.
function poolConfig(url: string): pg.PoolConfig {
  const parsed = new URL(url);
  const sslmode = parsed.searchParams.get('sslmode');
  return {
    host:
      parsed.searchParams.get('host') ??
      (decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, '$1') || 'localhost'),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)) || undefined,
    ssl:
      sslmode === null || sslmode === 'disable' || sslmode === 'prefer'
        ? undefined
        : { rejectUnauthorized: sslmode.startsWith('verify') },
    // Idle clients must not keep the CLI alive either.
    allowExitOnIdle: true,
  };
}

function newPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('connect', patchClientQuery);
  return pool;
}

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

// Workaround: the adapter's executeScript splits the script on every `;`, which breaks `$$` bodies
// of functions. Send the script whole instead: without parameters pg uses the simple query protocol,
// which runs all statements in one implicit transaction, as the classic engine did.
function withWholeScripts(adapter: PgAdapter): PgAdapter {
  adapter.executeScript = async (script: string) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

function connectAdapter(config: pg.PoolConfig, schema?: string): Promise<PgAdapter> {
  return new PrismaPg(newPool(config), { schema, disposeExternalPool: true }).connect().then(withWholeScripts);
}

function adapterFactory(url: string): PrismaPg {
  const base = poolConfig(url);
  const schema = new URL(url).searchParams.get('schema') ?? undefined;
  // Every connection gets its own pool (with the catalog-type patch); the one given here is unused.
  const factory = new PrismaPg(base);
  factory.connect = () => connectAdapter(base, schema);

  // Workaround: the adapter's connectToShadowDb() drops the shadow database before closing the pool
  // that is still connected to it ("database ... is being accessed by other users"). Close first.
  factory.connectToShadowDb = async () => {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    const admin = newPool(base);
    try {
      await admin.query(`CREATE DATABASE "${database}"`);
    } catch (error) {
      await admin.end();
      throw error;
    }
    const shadow = await connectAdapter({ ...base, database });
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      try {
        await dispose();
        await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
      } finally {
        await admin.end();
      }
    };
    return shadow;
  };
  return factory;
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => {
    const factory = adapterFactory(configuredUrl ?? process.env.DATABASE_URL!);
    if (configuredUrl === undefined) {
      // `prisma generate` builds the adapter but never connects; every other command (even
      // `migrate diff --from-empty --to-schema-datamodel`) connects and is refused here.
      const missing = () => {
        // The CLI reports adapter errors only as "External error id#N", so say it here too.
        const message = 'DATABASE_URL is not set; this Prisma command needs a database.';
        console.error(message);
        return Promise.reject(new Error(message));
      };
      factory.connect = missing;
      factory.connectToShadowDb = missing;
    }
    return factory;
  },
});

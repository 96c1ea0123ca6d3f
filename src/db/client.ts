import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

export { Prisma, PrismaClient } from '../generated/prisma/client.js';

export interface PrismaClientOptions {
  /** Maximum pool connections (pg default: 10). */
  poolMax?: number;
  /** PostgreSQL `statement_timeout` of every connection (DATABASE_STATEMENT_TIMEOUT_MS); the server's when absent. */
  statementTimeoutMs?: number;
}

/**
 * A Prisma client over the `pg` driver adapter (no native engine). Sessions run in UTC, so that
 * database-side `CURRENT_TIMESTAMP` defaults of the `timestamp` (without time zone) columns agree
 * with the UTC values the adapter writes and reads, whatever the server's TimeZone setting.
 */
export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  const schema = new URL(databaseUrl).searchParams.get('schema') ?? undefined;
  const adapter = new PrismaPg(
    {
      connectionString: databaseUrl,
      options: '-c TimeZone=UTC',
      max: options.poolMax,
      statement_timeout: options.statementTimeoutMs,
    },
    { schema },
  );
  return new PrismaClient({ adapter });
}

/** How the database's errors read, for whoever decides what to do with them (the HTTP errors, the activities). */

/**
 * The pg driver adapter's cause (`kind`, and PostgreSQL's SQLSTATE as `originalCode`), on a DriverAdapterError
 * itself (model queries) or in a Prisma error's meta (raw queries).
 */
export function driverAdapterCause(error: unknown): { kind?: unknown; originalCode?: unknown } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, cause: own, meta } = error as { name?: unknown; cause?: unknown; meta?: unknown };
  const cause =
    name === 'DriverAdapterError'
      ? own
      : (meta as { driverAdapterError?: { cause?: unknown } } | undefined)?.driverAdapterError?.cause;
  return typeof cause === 'object' && cause !== null ? cause : undefined;
}

/**
 * Prisma's codes for values the database cannot take: too long, invalid, failing a constraint, out of range.
 * Not P2002 (unique) nor P2025 (not found): two attempts of an idempotent write may race into those.
 */
const PRISMA_REFUSED_INPUT = new Set(['P2000', 'P2003', 'P2005', 'P2006', 'P2007', 'P2011', 'P2012', 'P2019', 'P2020']);

/**
 * Input the database refuses the same way however often it is sent: PostgreSQL's data exceptions (class 22, e.g.
 * a NUL byte in text) and integrity violations (class 23) other than a unique key two attempts may race for, and
 * queries Prisma itself finds malformed.
 */
export function isRefusedInput(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (name === 'PrismaClientValidationError') return true;
  const sqlState = driverAdapterCause(error)?.originalCode;
  if (typeof sqlState === 'string') return /^(22|23)/.test(sqlState) && sqlState !== '23505';
  return typeof code === 'string' && PRISMA_REFUSED_INPUT.has(code);
}

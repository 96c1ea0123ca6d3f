/** What an activity retries and what it refuses at once (src/db/errors.ts, activities/index.ts). */
import { describe, expect, it } from 'vitest';
import { isRefusedInput } from '../../../src/db/errors.js';

const adapterError = (cause: Record<string, unknown>) =>
  Object.assign(new Error('db'), { name: 'DriverAdapterError', cause });
const prismaError = (code: string, cause?: Record<string, unknown>) =>
  Object.assign(new Error('db'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: cause === undefined ? {} : { driverAdapterError: { cause } },
  });

describe('isRefusedInput', () => {
  it.each([
    ['a NUL byte in text (22021)', adapterError({ kind: 'postgres', originalCode: '22021' })],
    ['a value too long (22001)', adapterError({ kind: 'LengthMismatch', originalCode: '22001' })],
    ['a broken foreign key (23503), in a raw query', prismaError('P2010', { kind: 'postgres', originalCode: '23503' })],
    ['a value too long for its column (P2000)', prismaError('P2000')],
    ['a malformed query', Object.assign(new Error('bad'), { name: 'PrismaClientValidationError' })],
  ])('refuses %s at once', (_what, error) => {
    expect(isRefusedInput(error)).toBe(true);
  });

  it.each([
    [
      'a unique key two attempts raced for (23505)',
      adapterError({ kind: 'UniqueConstraintViolation', originalCode: '23505' }),
    ],
    ['a database that is away', adapterError({ kind: 'DatabaseNotReachable' })],
    ['a server shutting down (57P01)', adapterError({ kind: 'postgres', originalCode: '57P01' })],
    ['a write conflict (40001)', prismaError('P2034', { kind: 'TransactionWriteConflict', originalCode: '40001' })],
    ['a record not found yet (P2025)', prismaError('P2025')],
    ['any other error', new Error('boom')],
    ['a thrown string', 'boom'],
  ])('retries %s', (_what, error) => {
    expect(isRefusedInput(error)).toBe(false);
  });
});

import { z } from 'zod';
import { validationFailed } from '../errors.js';
import type { PageAfter } from '../repositories/pagination.js';

const cursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

/** Opaque cursors: the last item's creation instant and id, base64url-encoded. */
export function encodeCursor(last: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): PageAfter | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [createdAt, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { createdAt: new Date(createdAt), id };
  } catch {
    throw validationFailed([{ path: 'querystring.cursor', message: 'not a cursor returned by this list' }]);
  }
}

/** Fetches one more row than asked to know whether another page exists. */
export function page<T extends { createdAt: Date; id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null };
}

const positionCursorSchema = z.tuple([z.iso.datetime(), z.string().min(1).max(300)]);

/** A list position for lists ordered by an instant other than `createdAt`, with ids of any shape. */
export interface Position {
  at: Date;
  id: string;
}

/** Same format as {@link encodeCursor}: `[instant, id]`, base64url-encoded. */
export function encodePosition(position: Position): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

export function decodePosition(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = positionCursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: new Date(at), id };
  } catch {
    throw validationFailed([{ path: 'querystring.cursor', message: 'not a cursor returned by this list' }]);
  }
}

/** Like {@link page}, for rows ordered (descending) by `positionOf(row).at`, then id. */
export function pageBy<T>(rows: T[], limit: number, positionOf: (row: T) => Position) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodePosition(positionOf(last)) : null };
}

import { z } from 'zod';
import { validationFailed } from '../errors.js';
import type { PageAfter } from '../repositories/pagination.js';

/** A list position: lists run newest first by an instant, ties broken by id. */
export interface Position {
  at: Date;
  id: string;
}

/** Opaque cursors: `[instant, id]` of the last item, base64url-encoded. */
function encodePosition(position: Position): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

function decodeWith(cursor: string | undefined, id: z.ZodType<string>): Position | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, parsedId] = z
      .tuple([z.iso.datetime(), id])
      .parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: new Date(at), id: parsedId };
  } catch {
    throw validationFailed([{ path: 'querystring.cursor', message: 'not a cursor returned by this list' }]);
  }
}

/** For lists whose ids are not UUIDs (escalations). */
export function decodePosition(cursor: string | undefined): Position | undefined {
  return decodeWith(cursor, z.string().min(1).max(300));
}

/** For lists ordered by `createdAt` with UUID ids (requests, tasks). */
export function decodeCursor(cursor: string | undefined): PageAfter | undefined {
  const position = decodeWith(cursor, z.uuid());
  return position === undefined ? undefined : { createdAt: position.at, id: position.id };
}

/** One page of rows fetched with one extra row, which tells whether another page exists. */
export function pageBy<T>(rows: T[], limit: number, positionOf: (row: T) => Position) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodePosition(positionOf(last)) : null };
}

export function page<T extends { createdAt: Date; id: string }>(rows: T[], limit: number) {
  return pageBy(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
}

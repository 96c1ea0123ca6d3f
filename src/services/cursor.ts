import { z } from 'zod';
import { allowedCharacter } from '../domain/text.js';
import type { PageAfter } from '../repositories/pagination.js';

/** A list position: lists run newest first by an instant, ties broken by id. */
export interface Position {
  at: Date;
  id: string;
}

/**
 * Cursors: `<epoch milliseconds>.<id>` of the last item. Plain rather than encoded, so that the OpenAPI document
 * can state exactly which strings are cursors (the patterns below) and every string it allows decodes. At most 13
 * digits: instants up to the year 2286 (the database driver refused later years with a 500).
 */
function encodePosition(position: Position): string {
  return `${position.at.getTime()}.${position.id}`;
}

const uuidPattern = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** The `cursor` query parameter of lists with UUID ids (requests, tasks). */
export const uuidCursor = z
  .string()
  .regex(new RegExp(`^\\d{1,13}\\.${uuidPattern}$`), 'not a cursor returned by this list')
  .describe('nextCursor of the previous page');

/** The `cursor` query parameter of lists whose ids are other strings (escalations). */
export const positionCursor = z
  .string()
  .max(320)
  .regex(new RegExp(`^\\d{1,13}\\.${allowedCharacter}+$`), 'not a cursor returned by this list')
  .describe('nextCursor of the previous page');

function decodeWith(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  const dot = cursor.indexOf('.');
  return { at: new Date(Number(cursor.slice(0, dot))), id: cursor.slice(dot + 1) };
}

/** For lists whose ids are not UUIDs (escalations); the cursor has passed {@link positionCursor}. */
export function decodePosition(cursor: string | undefined): Position | undefined {
  return decodeWith(cursor);
}

/** For lists ordered by `createdAt` with UUID ids (requests, tasks); the cursor has passed {@link uuidCursor}. */
export function decodeCursor(cursor: string | undefined): PageAfter | undefined {
  const position = decodeWith(cursor);
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

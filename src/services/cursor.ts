import { z } from 'zod';
import { allowedCharacter } from '../domain/text.js';
import type { ListPosition } from '../repositories/pagination.js';

/**
 * Cursors: `<epoch milliseconds>.<id>` of the last item. Plain rather than encoded, so that the OpenAPI document
 * can state exactly which strings are cursors (the patterns below) and every string it allows decodes. At most 13
 * digits: instants up to the year 2286 (the database driver refused later years with a 500).
 */
function encodeCursor(position: ListPosition): string {
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

/** The position a cursor names; the cursor has passed {@link uuidCursor} or {@link positionCursor}. */
export function decodeCursor(cursor: string | undefined): ListPosition | undefined {
  if (cursor === undefined) return undefined;
  const dot = cursor.indexOf('.');
  return { at: new Date(Number(cursor.slice(0, dot))), id: cursor.slice(dot + 1) };
}

/** The position of a row in a list ordered by creation. */
export const byCreation = (row: { createdAt: Date; id: string }): ListPosition => ({ at: row.createdAt, id: row.id });

/** One page of rows fetched with one extra row, which tells whether another page exists. */
export function page<T>(rows: T[], limit: number, positionOf: (row: T) => ListPosition) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null };
}

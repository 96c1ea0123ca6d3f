/** The one shape of every list route: `limit` items after the `cursor` of the previous page. */
import { z } from 'zod';
import { positionCursor, uuidCursor } from '../services/cursor.js';

const pageQueryWith = (cursor: typeof uuidCursor) =>
  z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: cursor.optional() });

/** The query of lists of rows with UUID ids (requests, tasks). */
export const pageQuery = pageQueryWith(uuidCursor);
/** The query of lists whose ids are other strings (escalations). */
export const positionPageQuery = pageQueryWith(positionCursor);

/** A page of `item`s; `nextCursor` is null on the last page. */
export const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

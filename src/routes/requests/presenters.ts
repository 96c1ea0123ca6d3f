import type { VisibleRequestDetail, VisibleRequestListItem } from '../../access/need-to-know.js';
import type { z } from 'zod';
import type { requestDetailSchema, requestListItemSchema } from './schemas.js';

type RequestDetail = z.input<typeof requestDetailSchema>;
type RequestListItem = z.input<typeof requestListItemSchema>;

/** Rows the need-to-know module has narrowed to the caller, in the shape of the API. */
export function presentListItem({ slaClocks, ...row }: VisibleRequestListItem): RequestListItem {
  return { ...row, deadlines: slaClocks };
}

export function presentDetail(
  { tasks, events, slaClocks, ...row }: VisibleRequestDetail,
  now = new Date(),
): RequestDetail {
  return {
    ...row,
    tasks,
    sla: slaClocks.map(({ id, pausedAt, pausedMs, ...clock }) => ({
      ...clock,
      clockId: id,
      // A paused clock's current pause counts too.
      pausedMs: Number(pausedMs) + (pausedAt === null ? 0 : Math.max(0, now.getTime() - pausedAt.getTime())),
    })),
    timeline: events.map((event) => ({
      ...event,
      data: typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data) ? event.data : {},
    })),
  };
}

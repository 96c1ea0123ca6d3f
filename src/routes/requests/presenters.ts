import type { RequestDetailRow, RequestListRow, RequestRow } from '../../repositories/requests.js';
import type { z } from 'zod';
import type { requestDetailSchema, requestListItemSchema, requestSummarySchema } from './schemas.js';

type RequestSummary = z.input<typeof requestSummarySchema>;
type RequestDetail = z.input<typeof requestDetailSchema>;
type RequestListItem = z.input<typeof requestListItemSchema>;

export function presentSummary({ fingerprint: _fingerprint, ...row }: RequestRow): RequestSummary {
  return row;
}

export function presentListItem({ slaClocks, ...row }: RequestListRow): RequestListItem {
  return { ...presentSummary(row), deadlines: slaClocks };
}

export function presentDetail({ tasks, events, slaClocks, ...row }: RequestDetailRow, now = new Date()): RequestDetail {
  return {
    ...presentSummary(row),
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

import type { RequestDetailRow, RequestRow } from '../../repositories/requests.js';
import type { z } from 'zod';
import type { requestDetailSchema, requestSummarySchema } from './schemas.js';

type RequestSummary = z.input<typeof requestSummarySchema>;
type RequestDetail = z.input<typeof requestDetailSchema>;

export function presentSummary({ fingerprint: _fingerprint, ...row }: RequestRow): RequestSummary {
  return row;
}

export function presentDetail({ tasks, events, ...row }: RequestDetailRow): RequestDetail {
  return {
    ...presentSummary(row),
    tasks,
    sla: [],
    timeline: events.map((event) => ({
      ...event,
      data: typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data) ? event.data : {},
    })),
  };
}

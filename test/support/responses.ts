/**
 * Response bodies as a test reads them: the output of the route's zod schema, with each Date as the
 * ISO string JSON carries. Derived, so a field renamed in a schema fails the tests' typecheck.
 */
import type { z } from 'zod';
import type { problemSchema } from '../../src/errors.js';
import type { dueTimeSchema, holidaySchema } from '../../src/routes/calendars/schemas.js';
import type { tokenResponseSchema } from '../../src/routes/dev/schemas.js';
import type { escalationPageSchema, escalationSchema } from '../../src/routes/escalations/schemas.js';
import type {
  requestDetailSchema,
  requestListItemSchema,
  requestPageSchema,
  slaClockSchema,
  timelineEntrySchema,
} from '../../src/routes/requests/schemas.js';
import type { slaReportSchema } from '../../src/routes/reports/schemas.js';
import type { taskPageSchema, taskWithRequestSchema } from '../../src/routes/tasks/schemas.js';

/** What JSON.stringify makes of a value: dates become strings. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Json<Item>[]
    : T extends object
      ? { [Key in keyof T]: Json<T[Key]> }
      : T;

export type ResponseBody<Schema extends z.ZodType> = Json<z.output<Schema>>;

export type RequestDetail = ResponseBody<typeof requestDetailSchema>;
export type RequestListItem = ResponseBody<typeof requestListItemSchema>;
export type RequestPage = ResponseBody<typeof requestPageSchema>;
export type SlaClock = ResponseBody<typeof slaClockSchema>;
export type TimelineEntry = ResponseBody<typeof timelineEntrySchema>;
export type TaskWithRequest = ResponseBody<typeof taskWithRequestSchema>;
export type TaskPage = ResponseBody<typeof taskPageSchema>;
export type Escalation = ResponseBody<typeof escalationSchema>;
export type EscalationPage = ResponseBody<typeof escalationPageSchema>;
export type SlaReport = ResponseBody<typeof slaReportSchema>;
export type DueTime = ResponseBody<typeof dueTimeSchema>;
export type DeclaredHoliday = ResponseBody<typeof holidaySchema>;
export type Problem = ResponseBody<typeof problemSchema>;
export type DevToken = ResponseBody<typeof tokenResponseSchema>;

/** One page of any list route: the items and the cursor of the next page. */
export type Page<Item> = Omit<RequestPage, 'items'> & { items: Item[] };

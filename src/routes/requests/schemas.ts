import { z } from 'zod';
import {
  outcomes,
  priorities,
  requestStatuses,
  reviewDecisions,
  slaStates,
  stages,
  taskStatuses,
  timelineEventTypes,
} from '../../domain/vocabulary.js';
import { categoryCodes } from '../../domain/categories.js';
import { missionCodes } from '../../domain/missions.js';
import { agencyCode, countryCode, missionCode, serviceDate } from '../../domain/codes.js';
import { pageOf, pageQuery } from '../paging.js';
import { plainString, text } from '../../domain/text.js';

export const idParams = z.object({ id: z.uuid() });

/** A list without repeats, refused by the validator and stated in the OpenAPI document (`uniqueItems`) alike. */
function distinct<T extends z.ZodArray<z.ZodType<string>>>(list: T, repeated: string) {
  return list.refine((codes) => new Set(codes).size === codes.length, repeated).meta({ uniqueItems: true });
}

export const newRequestBody = z
  .object({
    title: text(200),
    description: text(10_000),
    category: z.enum(categoryCodes),
    priority: z.enum(priorities).default('routine'),
    targetCountries: distinct(z.array(countryCode).min(1).max(50), 'a country is listed twice'),
    desiredBy: serviceDate.optional(),
  })
  .strict();

export const submitHeaders = z.object({
  'idempotency-key': plainString(200).trim().min(1).optional(),
});

export const listQuery = pageQuery.extend({
  status: z.enum(requestStatuses).optional(),
  slaState: z.enum(slaStates).optional(),
  province: agencyCode.optional(),
  mission: missionCode.optional(),
  category: plainString(40).optional(),
});

export const triageBody = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('assign'),
      // The missions by name, so the document says which codes exist (any other is a 400, as an unknown category is).
      missions: distinct(z.array(z.enum(missionCodes)).min(1).max(20), 'a mission is listed twice'),
      priority: z.enum(priorities).optional(),
      note: text(2_000).optional(),
    })
    .strict(),
  z.object({ action: z.literal('clarify'), question: text(2_000) }).strict(),
  z.object({ action: z.literal('reject'), reason: text(2_000) }).strict(),
]);

export const clarificationBody = z.object({ answer: text(10_000), taskId: z.uuid().optional() }).strict();
export const withdrawBody = z.object({ reason: text(2_000) }).strict();
export const reviewBody = z.object({ decision: z.enum(reviewDecisions), comment: text(2_000).optional() }).strict();

export const taskSchema = z
  .object({
    id: z.uuid(),
    requestId: z.uuid(),
    missionCode: z.string(),
    status: z.enum(taskStatuses),
    note: z.string().nullable(),
    infoQuestion: z.string().nullable(),
    infoAnswer: z.string().nullable(),
    declineReason: z.string().nullable(),
    responseSummary: z.string().nullable(),
    responseDetails: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Task' });

const requestFields = {
  id: z.uuid(),
  provinceCode: z.string(),
  createdBy: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  priority: z.enum(priorities),
  targetCountries: z.array(z.string()),
  desiredBy: z.date().nullable(),
  status: z.enum(requestStatuses),
  outcome: z.enum(outcomes).nullable(),
  slaState: z.enum(slaStates),
  missions: z.array(z.string()),
  clarificationQuestion: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  closedAt: z.date().nullable(),
};

export const requestSummarySchema = z.object(requestFields).meta({ id: 'RequestSummary' });

export const slaClockSchema = z
  .object({
    clockId: z.string(),
    stage: z.string().describe(stages.join(', ')),
    taskId: z.uuid().nullable(),
    holder: z.string().describe('Agency holding the work while the clock runs'),
    dueAt: z.date(),
    originalDueAt: z.date().describe('The due time before any extension'),
    state: z.enum(slaStates),
    level: z.number().int().describe('Highest escalation level reached: 1 at risk, 2 breached, 3 at 150 %'),
    pausedMs: z.number().int().describe('Time spent waiting for the province'),
    extensionReason: z.string().nullable(),
  })
  .meta({ id: 'SlaClock' });

export const timelineEntrySchema = z
  .object({
    id: z.string(),
    type: z.enum(timelineEventTypes),
    actor: z.string(),
    at: z.date(),
    taskId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineEntry' });

export const requestDetailSchema = z
  .object({
    ...requestFields,
    tasks: z.array(taskSchema),
    sla: z.array(slaClockSchema),
    timeline: z.array(timelineEntrySchema),
  })
  .meta({ id: 'Request' });

/** A running SLA clock as lists show it. */
export const deadlineSchema = z
  .object({
    stage: z.string(),
    taskId: z.uuid().nullable(),
    holder: z.string(),
    state: z.enum(slaStates),
    dueAt: z.date(),
  })
  .meta({ id: 'Deadline' });

export const requestListItemSchema = requestSummarySchema
  .extend({ deadlines: z.array(deadlineSchema).describe('Running SLA clocks, earliest due first') })
  .meta({ id: 'RequestListItem' });

export const requestPageSchema = pageOf(requestListItemSchema);

export const extendBody = z
  .object({
    stage: z.enum(stages),
    until: z.iso
      .datetime({ offset: true })
      .describe(
        "The new deadline: later than the current one, and at most the SLA policy's maxExtension of working time past it",
      ),
    reason: text(2_000),
    taskId: z
      .uuid()
      .optional()
      .describe('Which task, for the acceptance and response stages of a request with several'),
  })
  .strict();

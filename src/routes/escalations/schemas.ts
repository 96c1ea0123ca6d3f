import { z } from 'zod';
import { escalationLevels, escalationStates, requestStatuses } from '../../domain/vocabulary.js';
import { pageOf } from '../paging.js';

export const escalationSchema = z
  .object({
    id: z.string(),
    clockId: z.string(),
    requestId: z.uuid(),
    taskId: z.uuid().nullable(),
    stage: z.string(),
    agency: z.string().describe('Agency holding the work when the level fell due'),
    level: z
      .int()
      .min(1)
      .max(escalationLevels.length)
      .describe('1 at risk (75 %), 2 breached (100 %), 3 at 150 % of the target'),
    state: z.enum(escalationStates),
    dueAt: z.date().describe('When the level fell due'),
    firedAt: z.date().describe('When the workflow recorded it'),
    lagMs: z.int().describe('firedAt − dueAt, in milliseconds'),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: z.date().nullable(),
    note: z.string().nullable(),
    request: z
      .object({ title: z.string(), provinceCode: z.string(), status: z.enum(requestStatuses) })
      .nullable()
      .describe('The request escalated about; null if its row is missing'),
  })
  .meta({ id: 'Escalation' });

export const escalationPageSchema = pageOf(escalationSchema);

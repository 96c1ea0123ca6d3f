import { z } from 'zod';
import { priorities, requestStatuses } from '../../domain/vocabulary.js';
import { pageOf } from '../paging.js';
import { deadlineSchema, taskSchema } from '../requests/schemas.js';

export const taskWithRequestSchema = taskSchema
  .extend({
    request: z.object({
      id: z.uuid(),
      title: z.string(),
      category: z.string(),
      priority: z.enum(priorities),
      provinceCode: z.string(),
      status: z.enum(requestStatuses),
    }),
    deadlines: z
      .array(deadlineSchema)
      .describe("The task's running SLA clocks (a paused one while the mission waits), earliest due first"),
  })
  .meta({ id: 'TaskWithRequest' });

export const taskPageSchema = pageOf(taskWithRequestSchema);

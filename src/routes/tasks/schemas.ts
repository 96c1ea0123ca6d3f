import { z } from 'zod';
import { priorities, requestStatuses } from '../../domain/vocabulary.js';
import { pageOf } from '../paging.js';
import { taskSchema } from '../requests/schemas.js';

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
  })
  .meta({ id: 'TaskWithRequest' });

export const taskPageSchema = pageOf(taskWithRequestSchema);

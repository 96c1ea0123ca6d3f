import { z } from 'zod';
import { taskSchema } from '../requests/schemas.js';

export const taskWithRequestSchema = taskSchema
  .extend({
    request: z.object({
      id: z.uuid(),
      title: z.string(),
      category: z.string(),
      priority: z.string(),
      provinceCode: z.string(),
      status: z.string(),
    }),
  })
  .meta({ id: 'TaskWithRequest' });

export const taskPageSchema = z.object({ items: z.array(taskWithRequestSchema), nextCursor: z.string().nullable() });

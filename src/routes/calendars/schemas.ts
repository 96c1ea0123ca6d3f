import { z } from 'zod';
import { holidayFanOutStatuses } from '../../domain/vocabulary.js';

export const dueTimeSchema = z.object({
  calendar: z.string(),
  from: z.string(),
  target: z.string(),
  dueAt: z.string(),
});

/** A declared holiday and how far its fan-out to the running clocks has got. */
export const holidaySchema = z.object({
  id: z.uuid(),
  calendar: z.string(),
  date: z.string(),
  name: z.string(),
  fanOut: z.object({
    status: z.enum(holidayFanOutStatuses),
    signalledWorkflows: z.number().int().describe('workflows told so far to recompute their deadlines'),
    finishedAt: z.string().nullable().describe('when every running clock on the calendar had been told'),
  }),
});

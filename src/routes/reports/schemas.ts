import { z } from 'zod';
import { reportGroupings } from '../../repositories/sla-report.js';

const statsFields = {
  clocks: z.int().describe('Clocks started in the window'),
  completed: z.int().describe('Clocks stopped in the window'),
  onTime: z.int().describe('Clocks stopped in the window that never reached escalation level 2'),
  onTimeRate: z.number().nullable().describe('onTime / completed; null when nothing completed'),
  breaches: z.int().describe('Escalations of level 2 or 3 fired in the window'),
  level3: z.int().describe('Escalations of level 3 fired in the window'),
  medianDurationMs: z
    .int()
    .nullable()
    .describe('Median wall-clock time from start to stop of the clocks stopped in the window'),
  runningMs: z.int().describe('Running time inside the window attributed to the group'),
  pausedMs: z.int().describe('Paused time inside the window attributed to the group'),
};

export const slaReportSchema = z
  .object({
    from: z.date(),
    to: z.date(),
    groupBy: z.enum(reportGroupings),
    groups: z.array(z.object({ key: z.string(), ...statsFields })),
    totals: z.object(statsFields),
  })
  .meta({ id: 'SlaReport' });

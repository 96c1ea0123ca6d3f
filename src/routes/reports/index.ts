/** Compliance reports for supervisors. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceInstant } from '../../domain/codes.js';
import { problemResponses } from '../../errors.js';
import { readers } from '../../access/need-to-know.js';
import { requireRole } from '../../plugins/auth.js';
import { createSlaReportRepository, reportGroupings } from '../../repositories/sla-report.js';
import { createSlaReportService, DEFAULT_REPORT_DAYS } from '../../services/sla-report.js';

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

const slaReportSchema = z
  .object({
    from: z.date(),
    to: z.date(),
    groupBy: z.enum(reportGroupings),
    groups: z.array(z.object({ key: z.string(), ...statsFields })),
    totals: z.object(statsFields),
  })
  .meta({ id: 'SlaReport' });

const reportQuery = z.object({
  from: serviceInstant.optional().describe(`Start (inclusive); default ${DEFAULT_REPORT_DAYS} days before to`),
  to: serviceInstant.optional().describe('End (exclusive); default now'),
  groupBy: z.enum(reportGroupings).default('agency'),
});

const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = createSlaReportService({ reports: createSlaReportRepository(app.prisma) });

  app.get(
    '/v1/reports/sla',
    {
      onRequest: [requireRole(...readers.slaReport)],
      schema: {
        tags: ['reports'],
        summary: 'SLA compliance: on-time rates, breaches, median durations and time attributed per group',
        description:
          'Groups by the agency holding the work (time: the agency recorded on each running/paused interval), ' +
          'by stage, or by request category.',
        querystring: reportQuery,
        response: { 200: slaReportSchema, ...problemResponses(400) },
      },
    },
    async (request) => service.report(request.query),
  );
};

export default reportRoutes;

/** Compliance reports for supervisors. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceInstant } from '../../domain/codes.js';
import { problemResponses } from '../../errors.js';
import { readers } from '../../access/need-to-know.js';
import { requireRole } from '../../plugins/auth.js';
import { createSlaReportRepository, reportGroupings } from '../../repositories/sla-report.js';
import { createSlaReportService, DEFAULT_REPORT_DAYS } from '../../services/sla-report.js';
import { slaReportSchema } from './schemas.js';

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

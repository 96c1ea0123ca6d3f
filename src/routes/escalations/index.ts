/** SLA escalations: MOFA's list and the supervisor's acknowledgement. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../errors.js';
import { readers } from '../../access/need-to-know.js';
import { requireRole } from '../../plugins/auth.js';
import { agencyCode } from '../../domain/codes.js';
import { escalationLevels, escalationStates } from '../../domain/vocabulary.js';
import { createEscalationRepository, type EscalationWithRequestRow } from '../../repositories/escalations.js';
import { createEscalationService } from '../../services/escalations.js';
import { plainString } from '../../domain/text.js';
import { positionPageQuery } from '../paging.js';
import { escalationPageSchema, escalationSchema } from './schemas.js';

const listQuery = positionPageQuery.extend({
  state: z.enum(escalationStates).optional(),
  level: z.coerce.number().int().min(1).max(escalationLevels.length).optional(),
  agency: agencyCode.optional(),
  requestId: z.uuid().optional(),
});

const idParams = z.object({ id: plainString(300).min(1) });
const acknowledgeBody = z
  .object({ note: plainString(2_000).trim().optional() })
  .strict()
  .nullish()
  .describe('Optional; an empty or missing body acknowledges without a note');

type Escalation = z.input<typeof escalationSchema>;

function present(row: EscalationWithRequestRow): Escalation {
  return { ...row, lagMs: row.firedAt.getTime() - row.dueAt.getTime() };
}

const tags = ['escalations'];

const escalationRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = createEscalationService({ escalations: createEscalationRepository(app.prisma) });

  app.get(
    '/v1/escalations',
    {
      onRequest: [requireRole(...readers.escalations)],
      schema: {
        tags,
        summary: 'Escalations, newest fired first',
        querystring: listQuery,
        response: { 200: escalationPageSchema },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const result = await service.list(request.principal, filter, limit, cursor);
      return { items: result.items.map(present), nextCursor: result.nextCursor };
    },
  );

  app.post(
    '/v1/escalations/:id/acknowledge',
    {
      onRequest: [requireRole('supervisor')],
      schema: {
        tags,
        summary: 'Acknowledge an open escalation',
        params: idParams,
        body: acknowledgeBody,
        response: { 200: escalationSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => present(await service.acknowledge(request.principal, request.params.id, request.body?.note)),
  );
};

export default escalationRoutes;

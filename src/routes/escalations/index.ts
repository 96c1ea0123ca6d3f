/** SLA escalations: MOFA's list and the supervisor's acknowledgement. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestStatuses } from '../../domain/model.js';
import { problemResponses } from '../../errors.js';
import { readers } from '../../access/need-to-know.js';
import { requireRole } from '../../plugins/auth.js';
import {
  createEscalationRepository,
  escalationStates,
  type EscalationWithRequestRow,
} from '../../repositories/escalations.js';
import { createEscalationService } from '../../services/escalations.js';
import { plainString } from '../../domain/text.js';
import { positionCursor } from '../../services/cursor.js';

const agencyCode = z.string().regex(/^[A-Z]{2}-[A-Z0-9]{2,3}$|^MOFA$/, 'not an agency code');

const escalationSchema = z
  .object({
    id: z.string(),
    clockId: z.string(),
    requestId: z.uuid(),
    taskId: z.uuid().nullable(),
    stage: z.string(),
    agency: z.string().describe('Agency holding the work when the level fell due'),
    level: z.int().min(1).max(3).describe('1 at risk (75 %), 2 breached (100 %), 3 at 150 % of the target'),
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

const listQuery = z.object({
  state: z.enum(escalationStates).optional(),
  level: z.coerce.number().int().min(1).max(3).optional(),
  agency: agencyCode.optional(),
  requestId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: positionCursor.optional(),
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
        response: { 200: z.object({ items: z.array(escalationSchema), nextCursor: z.string().nullable() }) },
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

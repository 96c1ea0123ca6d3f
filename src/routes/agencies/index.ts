/** GET /v1/agencies (any authenticated role), GET /v1/agencies/:code. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../errors.js';
import { agencyKinds } from '../../domain/agencies.js';
import { createAgenciesRepository } from '../../repositories/agencies.js';
import { createAgenciesService } from '../../services/agencies.js';
import { plainString } from '../../domain/text.js';

export const agencySchema = z
  .object({
    code: z.string().describe('ISO 3166-2 for provinces (KR-43), country-city for missions (VN-HAN), MOFA'),
    kind: z.enum(agencyKinds),
    name: z.string(),
    nameKo: z.string().nullable(),
    country: z.string().describe('ISO 3166-1 alpha-2'),
    city: z.string().nullable(),
    missionKind: z.string().nullable().describe('embassy, consulate_general, ... (missions only)'),
    timeZone: z.string().describe('IANA time zone'),
    weekend: z.array(z.string()).describe('Weekend days, e.g. ["SAT","SUN"] or ["FRI","SAT"]'),
  })
  .meta({ id: 'Agency' });

const agencyListSchema = z.object({ items: z.array(agencySchema) });

const agenciesRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = createAgenciesService({ agencies: createAgenciesRepository(app.prisma) });

  app.get(
    '/v1/agencies',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['agencies'],
        summary: 'List agencies',
        querystring: z.object({ kind: z.enum(agencyKinds).optional() }),
        response: { 200: agencyListSchema },
      },
    },
    async (request) => ({ items: await service.list({ kind: request.query.kind }) }),
  );

  app.get(
    '/v1/agencies/:code',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['agencies'],
        summary: 'Get one agency',
        params: z.object({ code: plainString(50).min(1) }),
        response: { 200: agencySchema, ...problemResponses(404) },
      },
    },
    async (request) => service.get(request.params.code),
  );
};

export default agenciesRoutes;

/** Province requests: submit, list, read, and the transitions of the coordination loop. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../errors.js';
import { readers } from '../../access/need-to-know.js';
import { rolesFor } from '../../domain/authority.js';
import { requireRole } from '../../plugins/auth.js';
import { createCalendarRepository } from '../../repositories/calendars.js';
import { createRequestRepository } from '../../repositories/requests.js';
import { createSlaClockRepository } from '../../repositories/sla-clocks.js';
import { createSlaPolicyRepository } from '../../repositories/sla-policies.js';
import { createCalendarService } from '../../services/calendars.js';
import { createRequestService } from '../../services/requests.js';
import { createSlaExtensionRules } from '../../services/sla-extensions.js';
import { createWorkflowCalls } from '../../services/workflow-calls.js';
import { presentDetail, presentListItem } from './presenters.js';
import {
  clarificationBody,
  extendBody,
  idParams,
  listQuery,
  newRequestBody,
  requestDetailSchema,
  requestPageSchema,
  reviewBody,
  submitHeaders,
  triageBody,
  withdrawBody,
} from './schemas.js';

const requestReaders = requireRole(...readers.requests);
const tags = ['requests'];
const transitionResponses = { 200: requestDetailSchema, ...problemResponses(400, 404, 409) };

const requestRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = createRequestService({
    requests: createRequestRepository(app.prisma),
    workflows: createWorkflowCalls(app.temporal, { updateWaitMs: app.config.WORKFLOW_UPDATE_WAIT_MS }),
    extensions: createSlaExtensionRules({
      clocks: createSlaClockRepository(app.prisma),
      policies: createSlaPolicyRepository(app.prisma),
      calendars: createCalendarService({ calendars: createCalendarRepository(app.prisma) }),
      policyName: app.config.SLA_POLICY,
    }),
    taskQueue: app.config.TEMPORAL_TASK_QUEUE,
  });

  app.post(
    '/v1/requests',
    {
      onRequest: [requireRole(...rolesFor('submit'))],
      schema: {
        tags,
        summary: 'Submit a request (idempotent with an Idempotency-Key header)',
        headers: submitHeaders,
        body: newRequestBody,
        response: { 201: requestDetailSchema, ...problemResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.submit(request.principal, request.body, request.headers['idempotency-key']);
      return reply.code(201).header('location', `/v1/requests/${created.id}`).send(presentDetail(created));
    },
  );

  app.get(
    '/v1/requests',
    {
      onRequest: [requestReaders],
      schema: {
        tags,
        summary: 'List the requests the caller may see, newest first',
        querystring: listQuery,
        response: { 200: requestPageSchema },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const result = await service.list(request.principal, filter, limit, cursor);
      return { items: result.items.map(presentListItem), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/v1/requests/:id',
    {
      onRequest: [requestReaders],
      schema: {
        tags,
        summary: 'A request with its tasks, SLA clocks and timeline',
        params: idParams,
        response: { 200: requestDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => presentDetail(await service.get(request.principal, request.params.id)),
  );

  app.post(
    '/v1/requests/:id/triage',
    {
      onRequest: [requireRole(...rolesFor('triage'))],
      schema: {
        tags,
        summary: 'Assign to missions, ask for clarification, or reject',
        params: idParams,
        body: triageBody,
        response: transitionResponses,
      },
    },
    async (request) => presentDetail(await service.triage(request.principal, request.params.id, request.body)),
  );

  app.post(
    '/v1/requests/:id/clarification',
    {
      onRequest: [requireRole(...rolesFor('answerClarification'))],
      schema: {
        tags,
        summary: "Answer MOFA's clarification question or a mission's request for information",
        params: idParams,
        body: clarificationBody,
        response: transitionResponses,
      },
    },
    async (request) =>
      presentDetail(
        await service.answer(request.principal, request.params.id, request.body.answer, request.body.taskId),
      ),
  );

  app.post(
    '/v1/requests/:id/withdraw',
    {
      onRequest: [requireRole(...rolesFor('withdraw'))],
      schema: {
        tags,
        summary: 'Withdraw an open request',
        params: idParams,
        body: withdrawBody,
        response: transitionResponses,
      },
    },
    async (request) => presentDetail(await service.withdraw(request.principal, request.params.id, request.body.reason)),
  );

  app.post(
    '/v1/requests/:id/extend',
    {
      onRequest: [requireRole(...rolesFor('extendClock'))],
      schema: {
        tags,
        summary: 'Extend a running stage deadline, once per stage, with a reason (the original stays on record)',
        params: idParams,
        body: extendBody,
        response: transitionResponses,
      },
    },
    async (request) => presentDetail(await service.extend(request.principal, request.params.id, request.body)),
  );

  app.post(
    '/v1/requests/:id/review',
    {
      onRequest: [requireRole(...rolesFor('review'))],
      schema: {
        tags,
        summary: 'Accept the responses (closes the request) or reopen it',
        params: idParams,
        body: reviewBody,
        response: transitionResponses,
      },
    },
    async (request) => presentDetail(await service.review(request.principal, request.params.id, request.body)),
  );
};

export default requestRoutes;

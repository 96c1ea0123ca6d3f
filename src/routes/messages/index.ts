/**
 * The thread of a request: messages to an audience the writer chooses, read through need-to-know. A message is
 * not a transition: it starts and stops no SLA clock.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readers } from '../../access/need-to-know.js';
import { problemResponses } from '../../errors.js';
import { requireRole } from '../../plugins/auth.js';
import { createAccessLog } from '../../repositories/access-log.js';
import { createMessageRepository } from '../../repositories/messages.js';
import { createRequestRepository } from '../../repositories/requests.js';
import { createMessageService } from '../../services/messages.js';
import { accessPointOf } from '../access-point.js';
import { pageQuery } from '../paging.js';
import { idParams } from '../requests/schemas.js';
import { messageBody, messagePageSchema, messageSchema, redactBody, redactionSchema } from './schemas.js';

const tags = ['messages'];

const messageRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = createMessageService({
    requests: createRequestRepository(app.prisma),
    messages: createMessageRepository(app.prisma),
    accessLog: createAccessLog(app.prisma),
  });
  const requestReaders = requireRole(...readers.requests);

  app.get(
    '/v1/requests/:id/messages',
    {
      onRequest: [requestReaders],
      schema: {
        tags,
        summary: "The request's thread as the caller may see it, newest first (each read is logged)",
        params: idParams,
        querystring: pageQuery,
        response: { 200: messagePageSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return service.list(request.principal, request.params.id, accessPointOf(request), limit, cursor);
    },
  );

  app.post(
    '/v1/requests/:id/messages',
    {
      onRequest: [requestReaders],
      schema: {
        tags,
        summary: 'Write to the thread (moves no SLA clock)',
        params: idParams,
        body: messageBody,
        response: { 201: messageSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const message = await service.post(request.principal, request.params.id, request.body);
      return reply.code(201).send(message);
    },
  );

  app.post(
    '/v1/messages/:id/redact',
    {
      onRequest: [requireRole('admin')],
      schema: {
        tags,
        summary: 'Redact a message: its text is emptied, the redaction recorded with its reason',
        params: idParams,
        body: redactBody,
        response: { 200: redactionSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => service.redact(request.principal, request.params.id, request.body.reason),
  );
};

export default messageRoutes;

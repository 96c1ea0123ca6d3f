/** Mission tasks: the inbox and the mission's actions on one task. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { missionCode } from '../../domain/codes.js';
import { taskStatuses } from '../../domain/vocabulary.js';
import { problemResponses } from '../../errors.js';
import { readers } from '../../access/need-to-know.js';
import { rolesFor } from '../../domain/authority.js';
import { requireRole } from '../../plugins/auth.js';
import { createTaskRepository } from '../../repositories/tasks.js';
import { createTaskService } from '../../services/tasks.js';
import { createWorkflowCalls } from '../../services/workflow-calls.js';
import { pageQuery } from '../paging.js';
import { idParams } from '../requests/schemas.js';
import { text } from '../../domain/text.js';
import { taskPageSchema, taskWithRequestSchema } from './schemas.js';

const listQuery = pageQuery.extend({
  status: z.enum(taskStatuses).optional(),
  mission: missionCode.optional(),
});

const taskReaders = requireRole(...readers.tasks);
const tags = ['tasks'];
const actionResponses = { 200: taskWithRequestSchema, ...problemResponses(400, 404, 409) };

const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = createTaskService({
    tasks: createTaskRepository(app.prisma),
    workflows: createWorkflowCalls(app.temporal, { updateWaitMs: app.config.WORKFLOW_UPDATE_WAIT_MS }),
  });

  app.get(
    '/v1/tasks',
    {
      onRequest: [taskReaders],
      schema: {
        tags,
        summary: 'Tasks the caller may see (a mission sees its own), newest first',
        querystring: listQuery,
        response: { 200: taskPageSchema },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return service.list(request.principal, filter, limit, cursor);
    },
  );

  app.get(
    '/v1/tasks/:id',
    {
      onRequest: [taskReaders],
      schema: {
        tags,
        summary: 'One task',
        params: idParams,
        response: { 200: taskWithRequestSchema, ...problemResponses(404) },
      },
    },
    async (request) => service.get(request.principal, request.params.id),
  );

  app.post(
    '/v1/tasks/:id/accept',
    {
      onRequest: [requireRole(...rolesFor('acceptTask'))],
      schema: { tags, summary: 'Accept a pending task', params: idParams, response: actionResponses },
    },
    async (request) => service.accept(request.principal, request.params.id),
  );

  app.post(
    '/v1/tasks/:id/decline',
    {
      onRequest: [requireRole(...rolesFor('declineTask'))],
      schema: {
        tags,
        summary: 'Decline a task (MOFA reassigns it)',
        params: idParams,
        body: z.object({ reason: text(2_000) }).strict(),
        response: actionResponses,
      },
    },
    async (request) => service.decline(request.principal, request.params.id, request.body.reason),
  );

  app.post(
    '/v1/tasks/:id/request-info',
    {
      onRequest: [requireRole(...rolesFor('requestInfo'))],
      schema: {
        tags,
        summary: 'Ask the province for information (the task waits for its answer)',
        params: idParams,
        body: z.object({ question: text(2_000) }).strict(),
        response: actionResponses,
      },
    },
    async (request) => service.requestInfo(request.principal, request.params.id, request.body.question),
  );

  app.post(
    '/v1/tasks/:id/respond',
    {
      onRequest: [requireRole(...rolesFor('respondTask'))],
      schema: {
        tags,
        summary: "Send the mission's response",
        params: idParams,
        body: z.object({ summary: text(5_000), details: text(50_000).optional() }).strict(),
        response: actionResponses,
      },
    },
    async (request) => service.respond(request.principal, request.params.id, request.body),
  );
};

export default taskRoutes;

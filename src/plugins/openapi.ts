/**
 * OpenAPI from the zod route schemas (@fastify/swagger + fastify-type-provider-zod), served as
 * `GET /openapi.json`, and Swagger UI at `/docs` (assets served from the installed package, no CDN).
 *
 * The one place that rewrites route schemas for the document: every route with a schema gets its
 * problem responses (429 and 500; 400 when it validates input; 414 when it has path parameters; 413 and 415 when
 * it takes a body; 401, 403 and 503 from its auth guards), and a guarded route its bearer security requirement and
 * allowed roles. Declared responses win.
 *
 * Must be registered before any route so every route is collected.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { problemResponse, type ProblemStatus } from '../errors.js';
import { routeAuthRequirement } from './auth.js';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PREFIX = '/docs';

const INPUT_PARTS = ['body', 'querystring', 'params', 'headers'];

function documentRoute(routeOptions: RouteOptions): void {
  const schema = routeOptions.schema as Record<string, unknown> | undefined;
  if (schema === undefined || schema.hide === true) return;
  const validates = INPUT_PARTS.some((part) => schema[part] !== undefined);
  const auth = routeAuthRequirement(routeOptions);
  const statuses: ProblemStatus[] = [
    ...(validates ? [400 as const] : []),
    ...(auth === null ? [] : [401 as const]),
    // A path parameter longer than the router takes is refused with 414 before validation.
    ...(schema.params === undefined ? [] : [414 as const]),
    ...(auth?.roles ? [403 as const] : []),
    // A body past BODY_LIMIT_BYTES or of another media type is refused before validation.
    ...(schema.body === undefined ? [] : [413 as const, 415 as const]),
    // Every route is rate limited (src/plugins/rate-limit.ts); the product's routes need the database and Temporal.
    429,
    500,
    ...(auth === null ? [] : [503 as const]),
  ];
  const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
  for (const status of statuses) {
    if (response[status] === undefined && response[String(status)] === undefined) {
      response[status] = problemResponse(status);
    }
  }
  // Replace (not mutate) the schema object: route authors may share one schema between routes.
  const next: Record<string, unknown> = { ...schema, response };
  if (auth !== null && schema.security === undefined) next.security = [{ bearerAuth: [] }];
  if (auth?.roles) {
    const note = `Roles: ${auth.roles.join(', ')}.`;
    next.description = typeof schema.description === 'string' ? `${schema.description}\n\n${note}` : note;
    next['x-roles'] = auth.roles;
  }
  routeOptions.schema = next;
}

async function openApiPlugin(app: FastifyInstance): Promise<void> {
  // Before swagger's own hook, so it collects the completed schemas.
  app.addHook('onRoute', documentRoute);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OneTeam API',
        description:
          'Subnational diplomacy request router: provinces submit requests, MOFA triages and routes them ' +
          'to overseas missions, every stage on an SLA clock. Errors are RFC 9457 application/problem+json.',
        version: '1.0.0',
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'JWT with claims sub (user handle), role and agency. In development: POST /v1/dev/token.',
          },
        },
      },
      tags: [
        { name: 'agencies', description: 'Provinces, MOFA and overseas missions' },
        { name: 'requests', description: 'Province requests and their lifecycle' },
        { name: 'tasks', description: 'Mission tasks' },
        { name: 'ops', description: 'Health, readiness, metrics' },
        { name: 'dev', description: 'Development-only helpers' },
      ],
    },
    transform: createJsonSchemaTransform({ skipList: [OPENAPI_PATH] }),
    transformObject: (input) => withLinks(jsonSchemaTransformObject(input)),
  });

  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: {
      deepLinking: true,
      // The bearer token stays in the page's memory: persisted, it would sit in localStorage for any script to read.
      persistAuthorization: false,
      // Without the top bar (a spec-URL box and a logo whose inline <style> the pages' CSP refuses), Swagger UI
      // runs under exactly the pages' policy.
      layout: 'BaseLayout',
    },
  });

  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}

/**
 * OpenAPI links: where the id an operation needs comes from in another operation's answer. They tell a client, and
 * a stateful fuzzer (Schemathesis follows them), how the operations chain: submit → read, triage, withdraw, ...
 */
const requestActions = ['triage', 'clarification', 'withdraw', 'extend', 'review'] as const;
const taskActions = ['accept', 'decline', 'request-info', 'respond'] as const;
/** A link's name, the target operation's method and path, and where its `id` comes from. */
type Link = [name: string, method: string, path: string, id: string];
const taskLinks = (id: string): Link[] => [
  ['GetTask', 'get', '/v1/tasks/{id}', id],
  ...taskActions.map((action): Link => [`Task_${action}`, 'post', `/v1/tasks/{id}/${action}`, id]),
];
const requestLinks = (id: string): Link[] => [
  ['GetRequest', 'get', '/v1/requests/{id}', id],
  ...requestActions.map((action): Link => [`Request_${action}`, 'post', `/v1/requests/{id}/${action}`, id]),
];
const links: Array<{ from: [method: string, path: string, status: string]; to: Link[] }> = [
  { from: ['post', '/v1/requests', '201'], to: requestLinks('$response.body#/id') },
  { from: ['get', '/v1/requests', '200'], to: requestLinks('$response.body#/items/0/id') },
  { from: ['get', '/v1/requests/{id}', '200'], to: taskLinks('$response.body#/tasks/0/id') },
  { from: ['post', '/v1/requests/{id}/triage', '200'], to: taskLinks('$response.body#/tasks/0/id') },
  { from: ['get', '/v1/tasks', '200'], to: taskLinks('$response.body#/items/0/id') },
  {
    from: ['get', '/v1/escalations', '200'],
    to: [['Acknowledge', 'post', '/v1/escalations/{id}/acknowledge', '$response.body#/items/0/id']],
  },
];

type Document = ReturnType<typeof jsonSchemaTransformObject>;

function withLinks(document: Document): Document {
  const paths = (document as { paths?: Record<string, Record<string, { responses?: Record<string, object> }>> }).paths;
  for (const { from, to } of links) {
    const [method, path, status] = from;
    const response = paths?.[path]?.[method]?.responses?.[status] as { links?: object } | undefined;
    if (response === undefined) continue;
    response.links = Object.fromEntries(
      to
        .filter(([, targetMethod, targetPath]) => paths?.[targetPath]?.[targetMethod] !== undefined)
        .map(([name, targetMethod, targetPath, id]) => [
          name,
          {
            operationRef: `#/paths/${targetPath.replaceAll('~', '~0').replaceAll('/', '~1')}/${targetMethod}`,
            parameters: { id },
          },
        ]),
    );
  }
  return document;
}

export default fp(openApiPlugin, { name: 'oneteam-openapi', fastify: '5.x' });

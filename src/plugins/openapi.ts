/**
 * OpenAPI from the zod route schemas (@fastify/swagger + fastify-type-provider-zod), served as
 * `GET /openapi.json`, and Swagger UI at `/docs` (assets served from the installed package, no CDN).
 *
 * The one place that rewrites route schemas for the document: every route with a schema gets its
 * problem responses (500; 400 when it validates input; 401 and 403 from its auth guards), and a guarded
 * route its bearer security requirement and allowed roles. Declared responses win.
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
    ...(auth?.roles ? [403 as const] : []),
    500,
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
    transformObject: jsonSchemaTransformObject,
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

export default fp(openApiPlugin, { name: 'oneteam-openapi', fastify: '5.x' });

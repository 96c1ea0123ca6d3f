/**
 * OpenAPI from the zod route schemas (@fastify/swagger + fastify-type-provider-zod), served as
 * `GET /openapi.json`, and Swagger UI at `/docs` (assets served from the installed package, no CDN).
 *
 * Must be registered before any route so every route is collected.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PREFIX = '/docs';

export interface OpenApiPluginOptions {
  version?: string;
}

async function openApiPlugin(app: FastifyInstance, options: OpenApiPluginOptions): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OneTeam API',
        description:
          'Subnational diplomacy request router: provinces submit requests, MOFA triages and routes them ' +
          'to overseas missions, every stage on an SLA clock. Errors are RFC 9457 application/problem+json.',
        version: options.version ?? '1.0.0',
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
    uiConfig: { deepLinking: true, persistAuthorization: true },
  });

  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}

export default fp(openApiPlugin, { name: 'oneteam-openapi', fastify: '5.x' });

/**
 * createApp(deps): the configured Fastify instance (no listening — see src/server.ts).
 * Tests call `createApp(...)` then `app.inject(...)`.
 *
 * Dependencies are passed in, never created here:
 * - `prisma` is owned by the app from then on: the `closeDependencies` onClose hook
 *   (src/plugins/prisma.ts) disconnects it on `app.close()`.
 * - `temporal` is NOT closed by the app; whoever opened its connection closes it after
 *   `app.close()` (so the same connection can be shared with other components).
 *
 * Decorations available to route plugins: `app.prisma`, `app.temporal`, `app.metrics`
 * (prom-client Registry), `app.authenticate`, `app.tokenVerifier`,
 * `app.devTokenIssuer`, `app.config`; on requests: `request.principal`.
 */
import type { Client } from '@temporalio/client';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { PrismaClient } from './generated/prisma/client.js';
import authPlugin from './plugins/auth.js';
import errorsPlugin, { frameworkErrorHandler } from './plugins/errors.js';
import metricsPlugin from './plugins/metrics.js';
import openApiPlugin from './plugins/openapi.js';
import prismaPlugin from './plugins/prisma.js';
import rateLimitPlugin from './plugins/rate-limit.js';
import securityHeadersPlugin from './plugins/security-headers.js';
import slaMetricsPlugin from './plugins/sla-metrics.js';
import temporalPlugin from './plugins/temporal.js';
import agenciesRoutes from './routes/agencies/index.js';
import calendarsRoutes from './routes/calendars/index.js';
import codecRoutes, { type CodecRoutesOptions } from './routes/codec/index.js';
import devRoutes from './routes/dev/index.js';
import escalationsRoutes from './routes/escalations/index.js';
import messageRoutes from './routes/messages/index.js';
import healthRoutes, { type HealthRoutesOptions } from './routes/health/index.js';
import reportsRoutes from './routes/reports/index.js';
import requestsRoutes from './routes/requests/index.js';
import tasksRoutes from './routes/tasks/index.js';
import webPages from './web/index.js';

export interface AppDeps {
  config: Config;
  /** Disconnected by the app on close. */
  prisma: PrismaClient;
  /** Not closed by the app. */
  temporal: Client;
  /** Fastify logger option; default `{ level: config.LOG_LEVEL }`. Tests pass `false`. */
  logger?: boolean | object;
  /** /readyz per-dependency timeout (default 2000 ms). */
  readinessTimeoutMs?: number;
  /** Who may call the codec endpoints (src/routes/codec); default CODEC_CORS_ORIGINS and administrators' tokens only. */
  codecAccess?: CodecRoutesOptions;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export function createApp(deps: AppDeps): App {
  const { config } = deps;
  const app = Fastify({
    logger: deps.logger ?? { level: config.LOG_LEVEL, redact: ['req.headers.authorization'] },
    bodyLimit: config.BODY_LIMIT_BYTES,
    // On shutdown, calls still waiting on a workflow are cut rather than held until the process is killed.
    forceCloseConnections: true,
    frameworkErrors: frameworkErrorHandler,
    // Above the longest path parameter a schema allows (300), so that a longer one is a validation error (400).
    maxParamLength: 512,
    // Slow senders, silent connections and idle keep-alives do not hold sockets for long.
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeout: config.HTTP_CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    http: {
      // Given to the server at creation too, so Node derives its headers timeout from it: set only afterwards (as
      // Fastify does), a request whose body stalls is never timed out.
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      // Node checks request timeouts on this interval (30 s by default, too coarse for a 30 s timeout).
      connectionsCheckingInterval: Math.min(1000, config.HTTP_REQUEST_TIMEOUT_MS),
    },
    trustProxy: config.TRUST_PROXY ?? false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.removeContentTypeParser('text/plain'); // JSON only: any other content type is 415, not a string body that fails validation
  app.decorate('config', config);

  // Order matters: errors first (the handler), auth, the rate limiter (it adds a hook to each route) and OpenAPI
  // (which documents each route) before any route.
  void app.register(errorsPlugin);
  void app.register(securityHeadersPlugin);
  void app.register(metricsPlugin);
  void app.register(prismaPlugin, { prisma: deps.prisma });
  void app.register(temporalPlugin, { temporal: deps.temporal });
  void app.register(authPlugin, { config });
  void app.register(rateLimitPlugin, {
    perCaller: config.RATE_LIMIT_PER_CALLER,
    perAddress: config.RATE_LIMIT_PER_ADDRESS,
  });
  void app.register(openApiPlugin);

  const healthOptions: HealthRoutesOptions =
    deps.readinessTimeoutMs === undefined ? {} : { readinessTimeoutMs: deps.readinessTimeoutMs };

  // ── Route plugins: one folder per resource under src/routes/ ────────────────────────────────
  void app.register(healthRoutes, healthOptions);
  void app.register(agenciesRoutes);
  if (config.devAuth) void app.register(devRoutes);
  void app.register(requestsRoutes);
  void app.register(tasksRoutes);
  void app.register(messageRoutes);
  void app.register(escalationsRoutes);
  void app.register(reportsRoutes);
  void app.register(calendarsRoutes);
  void app.register(codecRoutes, deps.codecAccess ?? { corsOrigins: config.CODEC_CORS_ORIGINS, openToLoopback: false });
  void app.register(slaMetricsPlugin);
  void app.register(webPages);

  return app;
}

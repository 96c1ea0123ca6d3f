/**
 * Prometheus metrics on a per-app Registry (`app.metrics`), so several apps in one process (tests)
 * never collide. Default process metrics plus `http_request_duration_seconds{method,route,status_code}`.
 *
 * Adding a metric elsewhere:
 *   new Counter({ name: 'oneteam_requests_submitted_total', help: '...', registers: [app.metrics] });
 *
 * GET /metrics itself lives in src/routes/health.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry. */
    metrics: Registry;
  }
}

/** Label for requests that matched no route (keeps the label set bounded). */
const UNMATCHED_ROUTE = 'unmatched';

async function metricsPlugin(app: FastifyInstance): Promise<void> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  app.decorate('metrics', registry);

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    httpRequestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.addHook('onClose', async () => {
    registry.clear();
  });
}

export default fp(metricsPlugin, { name: 'oneteam-metrics', fastify: '5.x' });

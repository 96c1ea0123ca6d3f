/**
 * GET /healthz — liveness: the process answers.
 * GET /readyz  — readiness: the database answers `SELECT 1` and Temporal answers getSystemInfo,
 *                each within a timeout; otherwise 503 problem+json naming what failed.
 * GET /metrics — Prometheus text from `app.metrics`.
 * No authentication.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, problemResponses } from '../../errors.js';
import { sendProblem } from '../../plugins/errors.js';

export const DEFAULT_READINESS_TIMEOUT_MS = 2000;

export interface HealthRoutesOptions {
  /** Per-dependency timeout of /readyz (default 2000 ms). */
  readinessTimeoutMs?: number;
}

const dependencies = ['database', 'temporal'] as const;
type Dependency = (typeof dependencies)[number];
type CheckResult = 'ok' | 'failed' | 'timeout';

class CheckTimeout extends Error {
  override name = 'CheckTimeout';
}

async function withTimeout<T>(work: () => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const checksSchema = z.object({
  database: z.enum(['ok', 'failed', 'timeout']),
  temporal: z.enum(['ok', 'failed', 'timeout']),
});

const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, options) => {
  const timeoutMs = options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;

  const probes: Record<Dependency, () => Promise<unknown>> = {
    database: () => app.prisma.$queryRaw`SELECT 1`,
    temporal: () => app.temporal.workflowService.getSystemInfo({}),
  };

  async function check(name: Dependency): Promise<CheckResult> {
    try {
      await withTimeout(probes[name], timeoutMs);
      return 'ok';
    } catch (error) {
      app.log.warn({ err: error, dependency: name }, 'readiness check failed');
      return error instanceof CheckTimeout ? 'timeout' : 'failed';
    }
  }

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Liveness',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Readiness: database and Temporal reachable',
        response: {
          200: z.object({ status: z.literal('ok'), checks: checksSchema }),
          ...problemResponses(503),
        },
      },
    },
    async (_request, reply) => {
      const results = await Promise.all(dependencies.map(check));
      const checks = { database: results[0] ?? 'failed', temporal: results[1] ?? 'failed' };
      const failed = dependencies.filter((name) => checks[name] !== 'ok');
      if (failed.length === 0) return { status: 'ok' as const, checks };
      const detail = `Not ready: ${failed.map((name) => `${name} ${checks[name] === 'timeout' ? `did not answer within ${timeoutMs} ms` : 'is unreachable'}`).join('; ')}.`;
      return sendProblem(reply, new AppError('unavailable', detail, { extensions: { checks } }));
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['ops'],
        summary: 'Prometheus metrics',
        response: {
          200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } },
        },
      },
    },
    async (_request, reply) => {
      const body = await app.metrics.metrics();
      return reply.type(app.metrics.contentType).send(body);
    },
  );
};

export default healthRoutes;

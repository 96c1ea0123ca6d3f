/**
 * SLA gauges on `app.metrics`, computed from the database (two queries, shared by the three gauges) at most
 * once per METRICS_CACHE_MS: /metrics needs no token (Prometheus scrapes without one), so however often anyone
 * scrapes it, the database runs these aggregates once per interval; a scrape in between gets the last answer.
 * - `oneteam_sla_open_clocks{state}`: clocks not stopped, by state;
 * - `oneteam_escalations_total{level,state}`: escalation records;
 * - `oneteam_escalation_timer_lag_seconds{quantile}`: firedAt − dueAt of the escalations fired in the
 *   last hour, quantiles 0.5, 0.99 and 1 (the maximum); no samples when none fired.
 * A failing query is logged and leaves the gauges empty; the rest of /metrics still answers.
 *
 * Registered after the Prisma plugin (it reads `app.prisma`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Gauge } from 'prom-client';
import { escalationLevels, escalationStates, slaStates } from '../domain/vocabulary.js';
import { createSlaReportRepository, type SlaMetricsSnapshot } from '../repositories/sla-report.js';

const slaMetricsPlugin: FastifyPluginAsyncZod = async (app) => {
  const repository = createSlaReportRepository(app.prisma);

  // Prometheus collects every metric of a scrape concurrently: the first gauge starts the queries, the
  // others wait for the same answer, and later scrapes reuse it until it is METRICS_CACHE_MS old. A failed
  // read is kept as long: a database in trouble is not asked again on every scrape.
  let last: { value: Promise<SlaMetricsSnapshot | null>; answeredAt: number | undefined } | undefined;
  function snapshot(): Promise<SlaMetricsSnapshot | null> {
    const ttl = app.config.METRICS_CACHE_MS;
    if (last !== undefined && (last.answeredAt === undefined || Date.now() - last.answeredAt < ttl)) return last.value;
    const entry: NonNullable<typeof last> = {
      answeredAt: undefined,
      value: repository
        .metricsSnapshot()
        .catch((error: unknown) => {
          app.log.warn({ err: error }, 'SLA metrics could not be read');
          return null;
        })
        .finally(() => {
          entry.answeredAt = Date.now();
        }),
    };
    last = entry;
    return entry.value;
  }

  new Gauge({
    name: 'oneteam_sla_open_clocks',
    help: 'SLA clocks not stopped yet, by state',
    labelNames: ['state'] as const,
    registers: [app.metrics],
    async collect() {
      this.reset();
      const current = await snapshot();
      if (current === null) return;
      for (const state of slaStates) this.set({ state }, 0);
      for (const { state, count } of current.openClocks) this.set({ state }, count);
    },
  });

  new Gauge({
    name: 'oneteam_escalations_total',
    help: 'Escalation records, by level and state',
    labelNames: ['level', 'state'] as const,
    registers: [app.metrics],
    async collect() {
      this.reset();
      const current = await snapshot();
      if (current === null) return;
      for (const level of escalationLevels)
        for (const state of escalationStates) this.set({ level: String(level), state }, 0);
      for (const { level, state, count } of current.escalations) this.set({ level: String(level), state }, count);
    },
  });

  new Gauge({
    name: 'oneteam_escalation_timer_lag_seconds',
    help: 'Delay between an escalation falling due and being recorded, over the last hour (quantile 1 = max)',
    labelNames: ['quantile'] as const,
    registers: [app.metrics],
    async collect() {
      this.reset();
      const current = await snapshot();
      if (current === null) return;
      const { lag } = current;
      if (lag === null) return;
      this.set({ quantile: '0.5' }, lag.p50);
      this.set({ quantile: '0.99' }, lag.p99);
      this.set({ quantile: '1' }, lag.max);
    },
  });
};

export default slaMetricsPlugin;

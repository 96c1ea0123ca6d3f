import { Prisma, type PrismaClient } from '../generated/prisma/client.js';

export const reportGroupings = ['agency', 'stage', 'category'] as const;
export type ReportGrouping = (typeof reportGroupings)[number];

export interface ReportWindow {
  from: Date;
  to: Date;
  /** The report's "now": intervals still open are counted up to this instant. */
  asOf: Date;
}

/** One row per group, and one with `total: true` over every group (GROUPING SETS). */
interface Aggregate {
  key: string | null;
  total: boolean;
}

export interface ClockAggregate extends Aggregate {
  clocks: number;
  completed: number;
  onTime: number;
  medianDurationMs: number | null;
}

export interface EscalationAggregate extends Aggregate {
  breaches: number;
  level3: number;
}

export interface IntervalAggregate extends Aggregate {
  runningMs: number;
  pausedMs: number;
}

export interface SlaAggregates {
  clocks: ClockAggregate[];
  escalations: EscalationAggregate[];
  intervals: IntervalAggregate[];
}

export interface SlaMetricsSnapshot {
  /** Clocks not stopped, by state. */
  openClocks: Array<{ state: string; count: number }>;
  escalations: Array<{ level: number; state: string; count: number }>;
  /** firedAt − dueAt of escalations fired in the last hour, seconds; null without any. */
  lag: { p50: number; p99: number; max: number; count: number } | null;
}

/**
 * Group keys. A clock's time and escalations belong to the agency holding it (`holder`, the escalation's
 * `agency`), except that an interval belongs to the agency recorded on the interval itself. Category
 * comes from the request; a clock whose request row is missing falls in `unknown`.
 */
const keys: Record<ReportGrouping, { clock: Prisma.Sql; escalation: Prisma.Sql; interval: Prisma.Sql }> = {
  agency: { clock: Prisma.sql`c.holder`, escalation: Prisma.sql`e.agency`, interval: Prisma.sql`i.agency` },
  stage: { clock: Prisma.sql`c.stage`, escalation: Prisma.sql`e.stage`, interval: Prisma.sql`c.stage` },
  category: {
    clock: Prisma.sql`coalesce(r.category, 'unknown')`,
    escalation: Prisma.sql`coalesce(r.category, 'unknown')`,
    interval: Prisma.sql`coalesce(r.category, 'unknown')`,
  },
};

interface RawClockRow {
  key: string | null;
  total: boolean;
  clocks: number;
  completed: number;
  on_time: number;
  median_duration_ms: number | null;
}

interface RawEscalationRow {
  key: string | null;
  total: boolean;
  breaches: number;
  level3: number;
}

interface RawIntervalRow {
  key: string | null;
  total: boolean;
  running_ms: number;
  paused_ms: number;
}

interface RawCountRow {
  kind: string;
  state: string;
  level: number;
  count: number;
}

interface RawLagRow {
  p50: number | null;
  p99: number | null;
  max: number | null;
  count: number;
}

export function createSlaReportRepository(prisma: PrismaClient) {
  /**
   * Clocks started in the window, clocks stopped in the window (on time: never reached level 2) and the
   * median wall-clock duration of the latter.
   */
  async function clockAggregates(grouping: ReportGrouping, { from, to }: ReportWindow): Promise<ClockAggregate[]> {
    const join = grouping === 'category' ? Prisma.sql`LEFT JOIN requests r ON r.id = c.request_id` : Prisma.empty;
    const rows = await prisma.$queryRaw<RawClockRow[]>`
      SELECT s.key, GROUPING(s.key) = 1 AS total,
             count(*) FILTER (WHERE s.started_in)::int AS clocks,
             count(*) FILTER (WHERE s.stopped_in)::int AS completed,
             count(*) FILTER (WHERE s.stopped_in AND s.level < 2)::int AS on_time,
             (percentile_cont(0.5) WITHIN GROUP (ORDER BY s.duration_ms) FILTER (WHERE s.stopped_in))::float8
               AS median_duration_ms
      FROM (
        SELECT ${keys[grouping].clock}::text AS key, c.level,
               coalesce(c.started_at >= ${from}::timestamptz AND c.started_at < ${to}::timestamptz, false) AS started_in,
               coalesce(c.stopped_at >= ${from}::timestamptz AND c.stopped_at < ${to}::timestamptz, false) AS stopped_in,
               extract(epoch FROM c.stopped_at - c.started_at) * 1000 AS duration_ms
        FROM sla_clocks c ${join}
        WHERE (c.started_at >= ${from}::timestamptz AND c.started_at < ${to}::timestamptz)
           OR (c.stopped_at >= ${from}::timestamptz AND c.stopped_at < ${to}::timestamptz)
      ) s
      GROUP BY GROUPING SETS ((s.key), ())`;
    return rows.map((row) => ({
      key: row.key,
      total: row.total,
      clocks: row.clocks,
      completed: row.completed,
      onTime: row.on_time,
      medianDurationMs: row.median_duration_ms,
    }));
  }

  /** Escalations of level 2 and above fired in the window. */
  async function escalationAggregates(
    grouping: ReportGrouping,
    { from, to }: ReportWindow,
  ): Promise<EscalationAggregate[]> {
    const join = grouping === 'category' ? Prisma.sql`LEFT JOIN requests r ON r.id = e.request_id` : Prisma.empty;
    return prisma.$queryRaw<RawEscalationRow[]>`
      SELECT s.key, GROUPING(s.key) = 1 AS total,
             count(*) FILTER (WHERE s.level >= 2)::int AS breaches,
             count(*) FILTER (WHERE s.level = 3)::int AS level3
      FROM (
        SELECT ${keys[grouping].escalation}::text AS key, e.level
        FROM escalations e ${join}
        WHERE e.fired_at >= ${from}::timestamptz AND e.fired_at < ${to}::timestamptz
      ) s
      GROUP BY GROUPING SETS ((s.key), ())`;
  }

  /** Running and paused time inside the window (open intervals count up to `asOf`). */
  async function intervalAggregates(
    grouping: ReportGrouping,
    { from, to, asOf }: ReportWindow,
  ): Promise<IntervalAggregate[]> {
    const join =
      grouping === 'agency'
        ? Prisma.empty
        : grouping === 'stage'
          ? Prisma.sql`JOIN sla_clocks c ON c.id = i.clock_id`
          : Prisma.sql`JOIN sla_clocks c ON c.id = i.clock_id LEFT JOIN requests r ON r.id = c.request_id`;
    const rows = await prisma.$queryRaw<RawIntervalRow[]>`
      SELECT s.key, GROUPING(s.key) = 1 AS total,
             coalesce(sum(s.ms) FILTER (WHERE s.kind = 'running'), 0)::float8 AS running_ms,
             coalesce(sum(s.ms) FILTER (WHERE s.kind = 'paused'), 0)::float8 AS paused_ms
      FROM (
        SELECT ${keys[grouping].interval}::text AS key, i.kind,
               extract(epoch FROM least(coalesce(i.ended_at, ${asOf}::timestamptz), ${to}::timestamptz)
                                  - greatest(i.started_at, ${from}::timestamptz)) * 1000 AS ms
        FROM clock_intervals i ${join}
        WHERE i.started_at < ${to}::timestamptz AND coalesce(i.ended_at, ${asOf}::timestamptz) > ${from}::timestamptz
      ) s
      WHERE s.ms > 0
      GROUP BY GROUPING SETS ((s.key), ())`;
    return rows.map((row) => ({ key: row.key, total: row.total, runningMs: row.running_ms, pausedMs: row.paused_ms }));
  }

  return {
    async aggregates(grouping: ReportGrouping, window: ReportWindow): Promise<SlaAggregates> {
      const [clocks, escalations, intervals] = await Promise.all([
        clockAggregates(grouping, window),
        escalationAggregates(grouping, window),
        intervalAggregates(grouping, window),
      ]);
      return { clocks, escalations, intervals };
    },

    /** For the Prometheus scrape: two queries, bounded by the number of states and levels. */
    async metricsSnapshot(): Promise<SlaMetricsSnapshot> {
      const [counts, lags] = await Promise.all([
        prisma.$queryRaw<RawCountRow[]>`
          SELECT 'clock' AS kind, state::text AS state, 0 AS level, count(*)::int AS count
          FROM sla_clocks WHERE stopped_at IS NULL GROUP BY state
          UNION ALL
          SELECT 'escalation', state::text, level, count(*)::int
          FROM escalations GROUP BY state, level`,
        prisma.$queryRaw<RawLagRow[]>`
          SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY l.lag))::float8 AS p50,
                 (percentile_cont(0.99) WITHIN GROUP (ORDER BY l.lag))::float8 AS p99,
                 max(l.lag)::float8 AS max,
                 count(*)::int AS count
          FROM (
            SELECT extract(epoch FROM fired_at - due_at) AS lag
            FROM escalations WHERE fired_at >= now() - interval '1 hour'
          ) l`,
      ]);
      const lag = lags[0];
      return {
        openClocks: counts.filter((row) => row.kind === 'clock').map(({ state, count }) => ({ state, count })),
        escalations: counts
          .filter((row) => row.kind === 'escalation')
          .map(({ level, state, count }) => ({ level, state, count })),
        lag:
          lag === undefined || !(lag.count > 0) || lag.p50 === null || lag.p99 === null || lag.max === null
            ? null
            : { p50: lag.p50, p99: lag.p99, max: lag.max, count: lag.count },
      };
    },
  };
}

export type SlaReportRepository = ReturnType<typeof createSlaReportRepository>;

import { validationFailed } from '../errors.js';
import type {
  ClockAggregate,
  EscalationAggregate,
  IntervalAggregate,
  ReportGrouping,
  SlaAggregates,
  SlaReportRepository,
} from '../repositories/sla-report.js';

export const DEFAULT_REPORT_DAYS = 30;
const DAY_MS = 86_400_000;

export interface GroupStats {
  /** Clocks started in the window. */
  clocks: number;
  /** Clocks stopped in the window. */
  completed: number;
  /** Of those, the ones that never reached level 2 (breached). */
  onTime: number;
  /** onTime / completed; null when nothing completed. */
  onTimeRate: number | null;
  /** Escalations of level 2 or 3 fired in the window. */
  breaches: number;
  /** Escalations of level 3 fired in the window. */
  level3: number;
  /** Median wall-clock time from start to stop of the clocks stopped in the window; null when none. */
  medianDurationMs: number | null;
  /** Running and paused time inside the window attributed to the group. */
  runningMs: number;
  pausedMs: number;
}

export interface SlaReport {
  from: Date;
  to: Date;
  groupBy: ReportGrouping;
  groups: Array<{ key: string } & GroupStats>;
  totals: GroupStats;
}

/** A share in [0, 1]; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * The reporting window from the query: `to` defaults to now, `from` to {@link DEFAULT_REPORT_DAYS} days
 * before `to`; `from` must come before `to` (400 otherwise).
 */
export function resolveWindow(query: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = query.to === undefined ? now : new Date(query.to);
  const from = query.from === undefined ? new Date(to.getTime() - DEFAULT_REPORT_DAYS * DAY_MS) : new Date(query.from);
  if (!(from.getTime() < to.getTime())) {
    throw validationFailed(
      [{ path: 'querystring.from', message: `must be before to (${to.toISOString()})` }],
      'The reporting window is empty.',
    );
  }
  return { from, to };
}

function emptyStats(): GroupStats {
  return {
    clocks: 0,
    completed: 0,
    onTime: 0,
    onTimeRate: null,
    breaches: 0,
    level3: 0,
    medianDurationMs: null,
    runningMs: 0,
    pausedMs: 0,
  };
}

function addClocks(stats: GroupStats, row: ClockAggregate): void {
  stats.clocks = row.clocks;
  stats.completed = row.completed;
  stats.onTime = row.onTime;
  stats.onTimeRate = rate(row.onTime, row.completed);
  stats.medianDurationMs = row.medianDurationMs === null ? null : Math.round(row.medianDurationMs);
}

function addEscalations(stats: GroupStats, row: EscalationAggregate): void {
  stats.breaches = row.breaches;
  stats.level3 = row.level3;
}

function addIntervals(stats: GroupStats, row: IntervalAggregate): void {
  stats.runningMs = Math.round(row.runningMs);
  stats.pausedMs = Math.round(row.pausedMs);
}

/**
 * Joins the three per-group aggregates on their key (a group present in any of them is reported, the
 * missing numbers being zero) and takes the totals from their grand-total rows. Groups sort by key.
 */
export function assembleGroups(aggregates: SlaAggregates): Pick<SlaReport, 'groups' | 'totals'> {
  const groups = new Map<string, GroupStats>();
  const totals = emptyStats();
  function statsFor(row: { key: string | null; total: boolean }): GroupStats {
    if (row.total) return totals;
    const key = row.key ?? 'unknown';
    let stats = groups.get(key);
    if (stats === undefined) {
      stats = emptyStats();
      groups.set(key, stats);
    }
    return stats;
  }
  for (const row of aggregates.clocks) addClocks(statsFor(row), row);
  for (const row of aggregates.escalations) addEscalations(statsFor(row), row);
  for (const row of aggregates.intervals) addIntervals(statsFor(row), row);
  return {
    groups: [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, stats]) => ({ key, ...stats })),
    totals,
  };
}

export interface SlaReportServiceDependencies {
  reports: SlaReportRepository;
  now?: () => Date;
}

export function createSlaReportService({ reports, now = () => new Date() }: SlaReportServiceDependencies) {
  return {
    async report(query: { from?: string; to?: string; groupBy: ReportGrouping }): Promise<SlaReport> {
      const asOf = now();
      const { from, to } = resolveWindow(query, asOf);
      const aggregates = await reports.aggregates(query.groupBy, { from, to, asOf });
      return { from, to, groupBy: query.groupBy, ...assembleGroups(aggregates) };
    },
  };
}

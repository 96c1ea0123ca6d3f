/** The pure parts of GET /v1/reports/sla: the window, rates, and joining the SQL aggregates into groups. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import type { SlaAggregates } from '../../../src/repositories/sla-report.js';
import { assembleGroups, createSlaReportService, rate, resolveWindow } from '../../../src/services/sla-report.js';

const NOW = new Date('2026-03-31T12:00:00.000Z');
const DAY = 86_400_000;

describe('rate', () => {
  it('divides, and is null when there is nothing to divide by', () => {
    expect(rate(2, 3)).toBe(2 / 3);
    expect(rate(0, 4)).toBe(0);
    expect(rate(4, 4)).toBe(1);
    expect(rate(0, 0)).toBeNull();
  });
});

describe('resolveWindow', () => {
  it('defaults to the 30 days before now', () => {
    expect(resolveWindow({}, NOW)).toEqual({ from: new Date(NOW.getTime() - 30 * DAY), to: NOW });
  });

  it('defaults from to 30 days before an explicit to, and to to now', () => {
    expect(resolveWindow({ to: '2026-01-31T00:00:00Z' }, NOW)).toEqual({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-01-31T00:00:00Z'),
    });
    expect(resolveWindow({ from: '2026-03-01T09:00:00+09:00' }, NOW)).toEqual({
      from: new Date('2026-03-01T00:00:00Z'),
      to: NOW,
    });
  });

  it('refuses an empty or inverted window with a validation error on from', () => {
    for (const query of [
      { from: '2026-02-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      { from: '2026-02-02T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      { from: '2026-04-01T00:00:00Z' },
    ]) {
      let thrown: unknown;
      try {
        resolveWindow(query, NOW);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect(thrown).toMatchObject({ code: 'validation_failed', status: 400, errors: [{ path: 'querystring.from' }] });
    }
  });
});

const empty = {
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

describe('assembleGroups', () => {
  it('joins the three aggregates on their key, zero-filling what a group lacks, sorted by key', () => {
    const aggregates: SlaAggregates = {
      clocks: [
        { key: 'VN-HAN', total: false, clocks: 2, completed: 1, onTime: 0, medianDurationMs: 14_400_000 },
        { key: 'MOFA', total: false, clocks: 1, completed: 2, onTime: 2, medianDurationMs: 10_800_000.4 },
        { key: null, total: true, clocks: 3, completed: 3, onTime: 2, medianDurationMs: 14_400_000 },
      ],
      escalations: [
        { key: 'VN-HAN', total: false, breaches: 3, level3: 1 },
        { key: null, total: true, breaches: 3, level3: 1 },
      ],
      intervals: [
        { key: 'KR-43', total: false, runningMs: 0, pausedMs: 3_600_000 },
        { key: 'MOFA', total: false, runningMs: 14_400_000.2, pausedMs: 0 },
        { key: null, total: true, runningMs: 14_400_000.2, pausedMs: 3_600_000 },
      ],
    };
    expect(assembleGroups(aggregates)).toEqual({
      groups: [
        { ...empty, key: 'KR-43', pausedMs: 3_600_000 },
        {
          key: 'MOFA',
          clocks: 1,
          completed: 2,
          onTime: 2,
          onTimeRate: 1,
          breaches: 0,
          level3: 0,
          medianDurationMs: 10_800_000,
          runningMs: 14_400_000,
          pausedMs: 0,
        },
        {
          key: 'VN-HAN',
          clocks: 2,
          completed: 1,
          onTime: 0,
          onTimeRate: 0,
          breaches: 3,
          level3: 1,
          medianDurationMs: 14_400_000,
          runningMs: 0,
          pausedMs: 0,
        },
      ],
      totals: {
        clocks: 3,
        completed: 3,
        onTime: 2,
        onTimeRate: 2 / 3,
        breaches: 3,
        level3: 1,
        medianDurationMs: 14_400_000,
        runningMs: 14_400_000,
        pausedMs: 3_600_000,
      },
    });
  });

  it('reports no groups and zero totals for an empty window', () => {
    expect(assembleGroups({ clocks: [], escalations: [], intervals: [] })).toEqual({ groups: [], totals: empty });
    // What PostgreSQL answers for GROUPING SETS ((key), ()) over no rows: the grand total alone.
    expect(
      assembleGroups({
        clocks: [{ key: null, total: true, clocks: 0, completed: 0, onTime: 0, medianDurationMs: null }],
        escalations: [{ key: null, total: true, breaches: 0, level3: 0 }],
        intervals: [{ key: null, total: true, runningMs: 0, pausedMs: 0 }],
      }),
    ).toEqual({ groups: [], totals: empty });
  });
});

describe('the report service', () => {
  it('asks the repository for the resolved window with the same "now" and echoes the grouping', async () => {
    const calls: unknown[] = [];
    const service = createSlaReportService({
      now: () => NOW,
      reports: {
        aggregates: async (grouping, window) => {
          calls.push({ grouping, window });
          return { clocks: [], escalations: [], intervals: [] };
        },
        metricsSnapshot: async () => ({ openClocks: [], escalations: [], lag: null }),
      },
    });
    const report = await service.report({ groupBy: 'stage' });
    expect(calls).toEqual([
      { grouping: 'stage', window: { from: new Date(NOW.getTime() - 30 * DAY), to: NOW, asOf: NOW } },
    ]);
    expect(report).toEqual({
      from: new Date(NOW.getTime() - 30 * DAY),
      to: NOW,
      groupBy: 'stage',
      groups: [],
      totals: empty,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidDurationError, parseBusinessDuration } from '../../../src/calendar/index.js';
import { DAY_MS, fromLocalMs, offsetAt, parseLocalDate, toLocalMs, weekdayOf } from '../../../src/calendar/zoned.js';

const H = 3_600_000;

describe('parseBusinessDuration', () => {
  it.each([
    ['P1D', { days: 1, ms: 0 }],
    ['P10D', { days: 10, ms: 0 }],
    ['PT4H', { days: 0, ms: 4 * H }],
    ['PT1H30M', { days: 0, ms: 5_400_000 }],
    ['PT40S', { days: 0, ms: 40_000 }],
    ['P1DT4H', { days: 1, ms: 4 * H }],
    ['PT1.5H', { days: 0, ms: 5_400_000 }],
    ['PT0,5S', { days: 0, ms: 500 }],
    ['PT1H0.25M', { days: 0, ms: H + 15_000 }],
    ['P0D', { days: 0, ms: 0 }],
    ['PT0S', { days: 0, ms: 0 }],
  ])('%s', (input, expected) => {
    expect(parseBusinessDuration(input)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    ['P', /no component/],
    ['PT', /no component/],
    ['P1DT', /'T' must be followed/],
    ['P1Y', /years, months and weeks/],
    ['P2M', /years, months and weeks/],
    ['P1W', /years, months and weeks/],
    ['-P1D', /negative/],
    ['P1.5D', /fractional days/],
    ['PT1.5H30M', /smallest component/],
    ['1D', /expected an ISO 8601 duration/],
    ['pt1h', /expected an ISO 8601 duration/],
    ['P1H', /expected an ISO 8601 duration/],
    ['P4000D', /at most 3660 working days/],
    ['PT20000H', /at most 10000 hours/],
  ])('rejects %j', (input, message) => {
    expect(() => parseBusinessDuration(input)).toThrow(InvalidDurationError);
    expect(() => parseBusinessDuration(input)).toThrow(message);
  });

  it('errors carry a stable code for the HTTP layer', () => {
    try {
      parseBusinessDuration('P1M');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidDurationError);
      expect((e as InvalidDurationError).code).toBe('invalid_duration');
      expect((e as InvalidDurationError).input).toBe('P1M');
    }
  });
});

describe('wall clock ↔ instant (Intl)', () => {
  const NY = 'America/New_York';
  const local = (date: string, hh: number, mm = 0) =>
    (parseLocalDate(date) as number) * DAY_MS + (hh * 60 + mm) * 60_000;

  it('offsets', () => {
    expect(offsetAt('Asia/Seoul', Date.parse('2026-01-01T00:00:00Z'))).toBe(9 * H);
    expect(offsetAt(NY, Date.parse('2026-01-01T00:00:00Z'))).toBe(-5 * H);
    expect(offsetAt(NY, Date.parse('2026-07-01T00:00:00Z'))).toBe(-4 * H);
    expect(offsetAt('Asia/Kathmandu', Date.parse('2026-07-01T00:00:00Z'))).toBe(5.75 * H);
  });

  it('round-trips ordinary times', () => {
    const t = fromLocalMs(NY, local('2026-03-09', 9));
    expect(new Date(t).toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(toLocalMs(NY, t)).toBe(local('2026-03-09', 9));
  });

  it('a skipped wall-clock time resolves to the jump (8 Mar 2026 02:30 New York → 03:00 EDT)', () => {
    expect(new Date(fromLocalMs(NY, local('2026-03-08', 2, 30))).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(new Date(fromLocalMs(NY, local('2026-03-08', 3, 0))).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(new Date(fromLocalMs(NY, local('2026-03-08', 1, 59))).toISOString()).toBe('2026-03-08T06:59:00.000Z');
  });

  it('a repeated wall-clock time resolves to the earlier instant (1 Nov 2026 01:30 New York → EDT)', () => {
    expect(new Date(fromLocalMs(NY, local('2026-11-01', 1, 30))).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('weekdays of local dates', () => {
    expect(weekdayOf(parseLocalDate('2026-03-01') as number)).toBe('SUN');
    expect(weekdayOf(parseLocalDate('2026-02-13') as number)).toBe('FRI');
    expect(parseLocalDate('2026-02-29')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import {
  addBusinessDuration,
  addBusinessMilliseconds,
  createCalendar,
  businessTimeBetween,
  isWorkingDay,
  koreanDeclaredHolidaysSeed,
  type CalendarDefinition,
} from '../../../src/calendar/index.js';
import { mission } from './helpers.js';

const years = { from: 2025, to: 2028 };
const targets = ['P2D', 'P1D', 'PT4H', 'PT2H', 'P10D', 'P5D', 'P1DT4H', 'PT20H'];
const CALLS = 10_000;

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

describe('performance (no per-minute stepping)', () => {
  const cases: [string, CalendarDefinition][] = [
    ['KR', createCalendar('KR', { years, extraHolidays: koreanDeclaredHolidaysSeed })],
    ['US-WAS', createCalendar(mission('US-WAS'), { years })],
  ];
  // The arithmetic alone: each year's holidays are resolved once per calendar, measured below.
  for (const [, calendar] of cases)
    for (let year = years.from; year <= years.to; year++) isWorkingDay(calendar, `${year}-06-01`);

  it.each(cases)(`${CALLS} addBusinessDuration calls on %s`, (code, calendar) => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    let checksum = 0;
    const ms = time(() => {
      for (let i = 0; i < CALLS; i++) {
        // Starts spread over ~9 months, so most days are computed, not cached, early on.
        checksum += addBusinessDuration(
          calendar,
          new Date(start + i * 2_345_678),
          targets[i % targets.length] as string,
        ).getTime();
      }
    });
    const between = time(() => {
      for (let i = 0; i < CALLS; i++) {
        const from = new Date(start + i * 2_345_678);
        checksum += businessTimeBetween(calendar, from, new Date(from.getTime() + 14 * 86_400_000));
        checksum += addBusinessMilliseconds(calendar, from, 13.5 * 3_600_000).getTime();
      }
    });
    console.info(
      `${code}: ${CALLS} addBusinessDuration in ${ms.toFixed(0)} ms; ${CALLS} × (businessTimeBetween over 14 days + addBusinessMilliseconds) in ${between.toFixed(0)} ms`,
    );
    expect(checksum).toBeGreaterThan(0);
    // Generous bound for a loaded 2-core CI machine; typically ~0.3–0.5 s.
    expect(ms).toBeLessThan(5_000);
    expect(between).toBeLessThan(5_000);
  });

  it('builds a calendar over every supported year at once, and resolves a year quickly once the library’s is cached', () => {
    const built = time(() => createCalendar('KR', { extraHolidays: koreanDeclaredHolidaysSeed }));
    const warm = createCalendar('KR');
    isWorkingDay(warm, '2026-06-01');
    const calendar = createCalendar('KR', { extraHolidays: koreanDeclaredHolidaysSeed });
    const resolved = time(() => isWorkingDay(calendar, '2026-06-01'));
    console.info(`KR calendar 2014–2050 built in ${built.toFixed(1)} ms; a year resolved in ${resolved.toFixed(1)} ms`);
    expect(built).toBeLessThan(50);
    expect(resolved).toBeLessThan(50);
  });
});

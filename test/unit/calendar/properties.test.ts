import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDuration,
  addBusinessMilliseconds,
  createCalendar,
  businessTimeBetween,
  isWorkingTime,
  NO_HOLIDAYS,
  koreanDeclaredHolidaysSeed,
  nextWorkingInstant,
  type CalendarDefinition,
} from '../../../src/calendar/index.js';
import { mission } from './helpers.js';

const years = { from: 2025, to: 2027 };
const H = 3_600_000;
const MIN = 60_000;

const calendars: CalendarDefinition[] = [
  createCalendar('KR', { years, extraHolidays: koreanDeclaredHolidaysSeed }),
  createCalendar(mission('US-WAS'), { years }), // DST
  createCalendar(mission('SA-RUH'), { years }), // Fri–Sat weekend, Islamic holidays
  createCalendar(mission('NP-KTM'), { years, workingHours: { start: '10:00', end: '17:00' } }), // UTC+5:45
  // Whole-day working time in a zone whose clocks change at midnight (Santiago: 5 Apr and 6 Sep
  // 2026): intervals meet at midnight, and one midnight does not exist.
  {
    code: 'ALWAYS',
    timeZone: 'America/Santiago',
    weekend: ['WED'],
    workingHours: 'always',
    holidays: { of: () => new Set(['2026-04-03']) },
  },
  // Working hours that contain New York's skipped and repeated hours (Sundays 8 Mar and 1 Nov 2026).
  {
    code: 'NIGHT',
    timeZone: 'America/New_York',
    weekend: ['WED'],
    workingHours: { start: '01:00', end: '05:00' },
    holidays: NO_HOLIDAYS,
  },
];
const always = createCalendar('24x7');

const calendarArb = fc.constantFrom(...calendars);
/** Instants from Jan 2025 to Oct 2027 (the calendars cover 2025–2027; leave room for the targets). */
const anyInstantArb = fc.integer({ min: Date.parse('2025-01-05T00:00:00Z'), max: Date.parse('2027-10-31T00:00:00Z') });
/** Instants within three days of a DST change or a holiday, where mistakes hide. */
const anchors = [
  '2026-03-08T07:00:00Z', // New York spring forward
  '2026-11-01T06:00:00Z', // New York fall back
  '2026-04-05T03:00:00Z', // Santiago fall back (midnight)
  '2026-09-06T04:00:00Z', // Santiago spring forward (midnight)
  '2026-02-16T00:00:00Z', // Seollal
  '2025-10-05T00:00:00Z', // Chuseok
  '2026-03-19T00:00:00Z', // Eid al-Fitr
].map((a) => Date.parse(a));
const nearAnchorArb = fc
  .tuple(
    fc.constantFrom(...anchors),
    fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
    fc.integer({ min: 0, max: 59_999 }),
  )
  .map(([anchor, minutes, ms]) => anchor + minutes * MIN + ms);
const instantArb = fc.oneof(anyInstantArb, nearAnchorArb).map((t) => new Date(t));
/** Gaps between two starts: mostly close (where an ordering bug would show), sometimes weeks. */
const deltaArb = fc.oneof(fc.integer({ min: 0, max: 2 * H }), fc.integer({ min: 0, max: 30 * 24 * H }));
const hoursArb = fc.integer({ min: 0, max: 60 });
const workingMsArb = fc.integer({ min: 0, max: 40 * 60 }).map((m) => m * MIN);
const targetArb = fc.oneof(
  fc.integer({ min: 0, max: 10 }).map((d) => `P${d}D`),
  hoursArb.map((h) => `PT${h}H`),
  fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `PT${h}H${m}M`),
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 12 })).map(([d, h]) => `P${d}DT${h}H`),
);

const runs = { numRuns: Number(process.env.CALENDAR_PROPERTY_RUNS ?? 300) };

describe('business-time properties', () => {
  it('is monotonic in the start: a ≤ b ⇒ add(a) ≤ add(b)', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, deltaArb, targetArb, (calendar, a, delta, target) => {
        const b = new Date(a.getTime() + delta);
        expect(addBusinessDuration(calendar, a, target).getTime()).toBeLessThanOrEqual(
          addBusinessDuration(calendar, b, target).getTime(),
        );
      }),
      runs,
    );
  });

  it('hour targets are additive from inside working hours: add(add(s, a), b) = add(s, a + b)', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, workingMsArb, workingMsArb, (calendar, instant, a, b) => {
        const s = nextWorkingInstant(calendar, instant);
        const stepwise = addBusinessMilliseconds(calendar, addBusinessMilliseconds(calendar, s, a), b);
        expect(stepwise.getTime()).toBe(addBusinessMilliseconds(calendar, s, a + b).getTime());
        const viaTargets = addBusinessDuration(
          calendar,
          addBusinessDuration(calendar, s, `PT${a / MIN}M`),
          `PT${b / MIN}M`,
        );
        expect(viaTargets.getTime()).toBe(stepwise.getTime());
      }),
      runs,
    );
  });

  it('due instants fall inside working hours on working days, never before the start', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, targetArb, (calendar, from, target) => {
        const dueAt = addBusinessDuration(calendar, from, target);
        expect(isWorkingTime(calendar, dueAt)).toBe(true);
        expect(dueAt.getTime()).toBeGreaterThanOrEqual(from.getTime());
      }),
      runs,
    );
  });

  it('businessTimeBetween(s, add(s, PTnH)) = n hours', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, hoursArb, (calendar, s, n) => {
        expect(businessTimeBetween(calendar, s, addBusinessDuration(calendar, s, `PT${n}H`))).toBe(n * H);
      }),
      runs,
    );
  });

  it('on the Korean calendar, P<n>D is n × 9 working hours from the effective start', () => {
    const kr = calendars[0] as CalendarDefinition;
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 0, max: 10 }), (s, n) => {
        expect(businessTimeBetween(kr, s, addBusinessDuration(kr, s, `P${n}D`))).toBe(n * 9 * H);
      }),
      runs,
    );
  });

  it('businessTimeBetween is additive over a split point and bounded by elapsed time', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, instantArb, (calendar, x, y, z) => {
        const [a, m, b] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        const whole = businessTimeBetween(calendar, a, b);
        expect(businessTimeBetween(calendar, a, m) + businessTimeBetween(calendar, m, b)).toBe(whole);
        expect(whole).toBeLessThanOrEqual(b.getTime() - a.getTime());
        expect(whole).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 100 },
    );
  });

  it('24x7 is elapsed time', () => {
    fc.assert(
      fc.property(instantArb, hoursArb, fc.integer({ min: 0, max: 10 }), (s, h, d) => {
        expect(addBusinessDuration(always, s, `P${d}DT${h}H`).getTime() - s.getTime()).toBe(d * 24 * H + h * H);
        expect(businessTimeBetween(always, s, addBusinessDuration(always, s, `PT${h}H`))).toBe(h * H);
      }),
      runs,
    );
  });
});

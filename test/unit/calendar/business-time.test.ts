import { describe, expect, it } from 'vitest';
import {
  CalendarCoverageError,
  HOLIDAY_YEARS,
  InvalidCalendarError,
  InvalidDurationError,
  addBusinessDuration,
  addBusinessMilliseconds,
  createCalendar,
  businessTimeBetween,
  isWorkingDay,
  isWorkingTime,
  koreanDeclaredHolidaysSeed,
  nextWorkingInstant,
  type CalendarDefinition,
} from '../../../src/calendar/index.js';
import { SEOUL, local, mission } from './helpers.js';

const years = { from: 2025, to: 2027 };
const KR = createCalendar('KR', { years });
const H = 3_600_000;

/** `addBusinessDuration` on a local wall-clock start, answered as a local wall-clock reading. */
function due(calendar: CalendarDefinition, from: string, target: string): string {
  return local(addBusinessDuration(calendar, new Date(from), target), calendar.timeZone);
}

describe('Korean calendar (Asia/Seoul, Mon–Fri 09:00–18:00)', () => {
  it('Seollal 2026: Fri 13 Feb + P1D skips the weekend and 16–18 Feb → Thu 19 Feb', () => {
    expect(due(KR, '2026-02-13T10:00:00+09:00', 'P1D')).toBe('2026-02-19 10:00:00');
    expect(due(KR, '2026-02-13T10:00:00+09:00', 'PT9H')).toBe('2026-02-19 10:00:00');
    expect(isWorkingDay(KR, '2026-02-19')).toBe(true);
  });

  it('Chuseok 2025 with its 8 Oct substitute: Thu 2 Oct + P1D → Fri 10 Oct (3 Oct, 5–8 Oct and 9 Oct are holidays)', () => {
    expect(due(KR, '2025-10-02T10:00:00+09:00', 'P1D')).toBe('2025-10-10 10:00:00');
    expect(isWorkingDay(KR, '2025-10-08')).toBe(false);
  });

  it('the 1 Mar 2026 substitute: Fri 27 Feb + P1D → Tue 3 Mar (Mon 2 Mar is the substitute)', () => {
    expect(due(KR, '2026-02-27T10:00:00+09:00', 'P1D')).toBe('2026-03-03 10:00:00');
  });

  it('a declared holiday (extraHolidays) moves a deadline: the 3 Jun 2026 local elections', () => {
    expect(due(KR, '2026-06-02T10:00:00+09:00', 'P1D')).toBe('2026-06-03 10:00:00');
    const declared = createCalendar('KR', { years, extraHolidays: koreanDeclaredHolidaysSeed });
    expect(due(declared, '2026-06-02T10:00:00+09:00', 'P1D')).toBe('2026-06-04 10:00:00');
    expect(due(declared, '2026-06-02T15:00:00+09:00', 'PT4H')).toBe('2026-06-04 10:00:00');
  });

  it('working-hour targets span several days: Mon 16:00 + PT20H → Wed 18:00 (2 h + 9 h + 9 h)', () => {
    expect(due(KR, '2026-01-19T16:00:00+09:00', 'PT20H')).toBe('2026-01-21 18:00:00');
    expect(due(KR, '2026-01-19T16:00:00+09:00', 'PT20H1S')).toBe('2026-01-22 09:00:01');
    expect(due(KR, '2026-01-19T16:00:00+09:00', 'PT1H30M')).toBe('2026-01-19 17:30:00');
  });

  it('a start outside working hours counts from the next opening (Fri 20:00 + P1D → Tue 09:00; + PT9H → Mon 18:00)', () => {
    expect(due(KR, '2026-01-16T20:00:00+09:00', 'P1D')).toBe('2026-01-20 09:00:00');
    expect(due(KR, '2026-01-16T20:00:00+09:00', 'PT9H')).toBe('2026-01-19 18:00:00');
    expect(due(KR, '2026-01-19T07:30:00+09:00', 'P2D')).toBe('2026-01-21 09:00:00');
    expect(due(KR, '2026-01-17T12:00:00+09:00', 'PT1H')).toBe('2026-01-19 10:00:00');
    // At the close itself the clock is still "in" the day: Fri 18:00 + P1D → Mon 18:00.
    expect(due(KR, '2026-01-16T18:00:00+09:00', 'P1D')).toBe('2026-01-19 18:00:00');
  });

  it('mixed targets: days first, then working time (Mon 16:00 + P1DT4H → Tue 16:00 + 4 h → Wed 11:00)', () => {
    expect(due(KR, '2026-01-19T16:00:00+09:00', 'P1DT4H')).toBe('2026-01-21 11:00:00');
  });

  it('zero targets start the clock: PT0S from outside hours is the next opening', () => {
    expect(due(KR, '2026-01-16T20:00:00+09:00', 'PT0S')).toBe('2026-01-19 09:00:00');
    expect(due(KR, '2026-01-16T11:00:00+09:00', 'P0D')).toBe('2026-01-16 11:00:00');
  });

  it('the SLA policy’s targets from a Monday morning', () => {
    const from = '2026-01-19T09:30:00+09:00';
    expect(due(KR, from, 'P2D')).toBe('2026-01-21 09:30:00');
    expect(due(KR, from, 'P5D')).toBe('2026-01-26 09:30:00');
    expect(due(KR, from, 'P10D')).toBe('2026-02-02 09:30:00');
    expect(due(KR, from, 'PT4H')).toBe('2026-01-19 13:30:00');
    expect(due(KR, from, 'PT2H')).toBe('2026-01-19 11:30:00');
  });

  it('businessTimeBetween counts only working time, and is antisymmetric', () => {
    const a = new Date('2026-02-13T10:00:00+09:00');
    const b = new Date('2026-02-19T10:00:00+09:00');
    expect(businessTimeBetween(KR, a, b)).toBe(9 * H);
    expect(businessTimeBetween(KR, b, a)).toBe(-9 * H);
    expect(businessTimeBetween(KR, new Date('2026-01-17T00:00:00+09:00'), new Date('2026-01-18T23:00:00+09:00'))).toBe(
      0,
    );
    expect(businessTimeBetween(KR, new Date('2026-01-19T08:00:00+09:00'), new Date('2026-01-19T20:00:00+09:00'))).toBe(
      9 * H,
    );
  });

  it('thresholds: 75% of a P2D target is 0.75 × its working time', () => {
    const start = new Date('2026-01-19T14:00:00+09:00');
    const dueAt = addBusinessDuration(KR, start, 'P2D');
    const total = businessTimeBetween(KR, start, dueAt);
    expect(total).toBe(18 * H);
    const atRisk = addBusinessMilliseconds(KR, start, 0.75 * total); // 13.5 h
    expect(local(atRisk, SEOUL)).toBe('2026-01-21 09:30:00');
    const level3 = addBusinessMilliseconds(KR, start, 1.5 * total); // 27 h
    expect(local(level3, SEOUL)).toBe('2026-01-22 14:00:00');
  });

  it('pause accounting: resuming adds the remaining working time', () => {
    const start = new Date('2026-01-19T16:00:00+09:00');
    const pausedAt = new Date('2026-01-20T10:00:00+09:00');
    const used = businessTimeBetween(KR, start, pausedAt); // Mon 16–18 + Tue 9–10 = 3 h
    expect(used).toBe(3 * H);
    const resumedAt = new Date('2026-01-23T17:00:00+09:00');
    expect(local(addBusinessMilliseconds(KR, resumedAt, 4 * H - used), SEOUL)).toBe('2026-01-23 18:00:00');
  });

  it('isWorkingTime / nextWorkingInstant', () => {
    expect(isWorkingTime(KR, new Date('2026-01-19T09:00:00+09:00'))).toBe(true);
    expect(isWorkingTime(KR, new Date('2026-01-19T18:00:00+09:00'))).toBe(true);
    expect(isWorkingTime(KR, new Date('2026-01-19T18:00:01+09:00'))).toBe(false);
    expect(isWorkingTime(KR, new Date('2026-02-16T10:00:00+09:00'))).toBe(false);
    expect(local(nextWorkingInstant(KR, new Date('2026-02-13T19:00:00+09:00')), SEOUL)).toBe('2026-02-19 09:00:00');
  });
});

describe('mission calendars', () => {
  it('a Fri–Sat weekend (SA-RUH, Riyadh): Thu + P1D → Sun', () => {
    const ruh = createCalendar(mission('SA-RUH'), { years });
    expect(ruh.weekend).toEqual(['FRI', 'SAT']);
    expect(due(ruh, '2026-01-15T10:00:00+03:00', 'P1D')).toBe('2026-01-18 10:00:00');
    expect(due(ruh, '2026-01-15T16:00:00+03:00', 'PT4H')).toBe('2026-01-18 11:00:00');
    expect(isWorkingDay(ruh, '2026-01-18')).toBe(true); // Sunday
    expect(isWorkingDay(ruh, '2026-01-16')).toBe(false); // Friday
  });

  it('US-WAS across the 8 Mar 2026 DST change keeps 09:00 local (71 elapsed hours, not 72)', () => {
    const was = createCalendar(mission('US-WAS'), { years });
    const from = new Date('2026-03-06T09:00:00-05:00'); // Fri 09:00 EST
    const dueAt = addBusinessDuration(was, from, 'P1D');
    expect(local(dueAt, 'America/New_York')).toBe('2026-03-09 09:00:00');
    expect(dueAt.toISOString()).toBe('2026-03-09T13:00:00.000Z'); // 09:00 EDT
    expect(dueAt.getTime() - from.getTime()).toBe(71 * H);
    expect(businessTimeBetween(was, from, dueAt)).toBe(9 * H);
    // Working hours straddle the change too: Fri 17:00 EST + PT2H → Mon 10:00 EDT.
    expect(addBusinessDuration(was, new Date('2026-03-06T17:00:00-05:00'), 'PT2H').toISOString()).toBe(
      '2026-03-09T14:00:00.000Z',
    );
    // And back in November: Fri 30 Oct 09:00 EDT + P1D → Mon 2 Nov 09:00 EST.
    expect(addBusinessDuration(was, new Date('2026-10-30T09:00:00-04:00'), 'P1D').toISOString()).toBe(
      '2026-11-02T14:00:00.000Z',
    );
  });

  it('Korea’s Hangul Day: a mission observes 9 Oct on the date but not Korea’s substitute for it', () => {
    const han = createCalendar(mission('VN-HAN'), { years });
    // 9 Oct 2027 is a Saturday; Korea takes Monday 11 Oct instead, the Hanoi embassy works.
    expect(due(KR, '2027-10-08T10:00:00+09:00', 'P1D')).toBe('2027-10-12 10:00:00');
    expect(due(han, '2027-10-08T10:00:00+07:00', 'P1D')).toBe('2027-10-11 10:00:00');
    // 9 Oct 2026 is a Friday: the mission is closed on the date itself.
    expect(due(han, '2026-10-08T10:00:00+07:00', 'P1D')).toBe('2026-10-12 10:00:00');
    // Chuseok is not a mission holiday: Wed 23 Sep 2026 + P1D → Thu 24 Sep in Hanoi, Tue 29 Sep in Seoul.
    expect(due(han, '2026-09-23T10:00:00+07:00', 'P1D')).toBe('2026-09-24 10:00:00');
    expect(due(KR, '2026-09-23T10:00:00+09:00', 'P1D')).toBe('2026-09-28 10:00:00');
  });

  it('host-country holidays: Tết 2026 closes the Hanoi embassy 16–20 Feb', () => {
    const han = createCalendar(mission('VN-HAN'), { years });
    expect(due(han, '2026-02-13T10:00:00+07:00', 'P1D')).toBe('2026-02-23 10:00:00');
  });
});

describe('24x7 calendar', () => {
  const always = createCalendar('24x7');

  it('is plain elapsed time for hours and days', () => {
    const from = new Date('2026-02-14T23:30:00Z');
    expect(addBusinessDuration(always, from, 'PT40S').toISOString()).toBe('2026-02-14T23:30:40.000Z');
    expect(addBusinessDuration(always, from, 'P1D').toISOString()).toBe('2026-02-15T23:30:00.000Z');
    expect(addBusinessDuration(always, from, 'P1DT1H').toISOString()).toBe('2026-02-16T00:30:00.000Z');
    expect(businessTimeBetween(always, from, new Date('2026-02-15T00:30:00Z'))).toBe(H);
    expect(addBusinessMilliseconds(always, from, 0.75 * 60_000).toISOString()).toBe('2026-02-14T23:30:45.000Z');
    expect(isWorkingTime(always, from)).toBe(true);
  });

  it('needs no holiday coverage', () => {
    expect(addBusinessDuration(always, new Date('1999-12-31T12:00:00Z'), 'PT12H').toISOString()).toBe(
      '2000-01-01T00:00:00.000Z',
    );
  });
});

describe('errors', () => {
  it('rejects invalid targets with InvalidDurationError', () => {
    for (const target of [
      '',
      'P',
      'PT',
      '2D',
      'P1Y',
      'P1M',
      'P1W',
      'P-1D',
      '-P1D',
      'P1.5D',
      'PT1.5H30M',
      'p1d',
      'P1DT',
      'PT1H ',
      'P99999D',
    ]) {
      expect(() => addBusinessDuration(KR, new Date('2026-01-19T10:00:00+09:00'), target), target).toThrow(
        InvalidDurationError,
      );
    }
  });

  it('refuses to compute past the years a calendar was built for', () => {
    expect(() => addBusinessDuration(KR, new Date('2027-12-30T10:00:00+09:00'), 'P10D')).toThrow(CalendarCoverageError);
    expect(() => addBusinessDuration(KR, new Date('2024-06-03T10:00:00+09:00'), 'PT1H')).toThrow(
      /2025-01-01 to 2027-12-31/,
    );
  });

  it('computes every year of HOLIDAY_YEARS (2014–2050) by default, and refuses beyond them', () => {
    const kr = createCalendar('KR');
    expect(HOLIDAY_YEARS).toEqual({ from: 2014, to: 2050 });
    expect(due(kr, '2030-11-15T10:00:00+09:00', 'P1D')).toBe('2030-11-18 10:00:00');
    // Seollal 2030 is 2–4 Feb; the 3rd is a Sunday, so Tue 5 Feb is its substitute.
    expect(due(kr, '2030-02-01T10:00:00+09:00', 'P1D')).toBe('2030-02-06 10:00:00');
    expect(due(kr, '2014-01-02T10:00:00+09:00', 'P1D')).toBe('2014-01-03 10:00:00');
    expect(due(kr, '2050-12-29T10:00:00+09:00', 'P1D')).toBe('2050-12-30 10:00:00');
    expect(() => addBusinessDuration(kr, new Date('2050-12-30T10:00:00+09:00'), 'P1D')).toThrow(
      /2014-01-01 to 2050-12-31; 2051-01-01 is outside/,
    );
    expect(() => addBusinessDuration(kr, new Date('2013-12-31T10:00:00+09:00'), 'PT1H')).toThrow(CalendarCoverageError);
    expect(() => createCalendar('KR', { years: { from: 2013, to: 2020 } })).toThrow(InvalidCalendarError);
    expect(() => createCalendar(mission('VN-HAN'), { years: { from: 2040, to: 2051 } })).toThrow(/2014 to 2050/);
  });

  it('a declared holiday works in any year of the range', () => {
    const kr = createCalendar('KR', { extraHolidays: [{ date: '2044-06-15', name: 'Declared (test)' }] });
    expect(due(kr, '2044-06-14T10:00:00+09:00', 'P1D')).toBe('2044-06-16 10:00:00');
    const han = createCalendar(mission('VN-HAN'), { extraHolidays: [{ date: '2037-09-08', name: 'Declared (test)' }] });
    expect(due(han, '2037-09-07T10:00:00+07:00', 'P1D')).toBe('2037-09-09 10:00:00');
  });

  it('rejects invalid instants and calendar definitions', () => {
    expect(() => addBusinessDuration(KR, new Date('nope'), 'P1D')).toThrow(/Invalid instant/);
    const bad = (patch: Partial<CalendarDefinition>): CalendarDefinition => ({ ...KR, ...patch });
    expect(() => addBusinessDuration(bad({ timeZone: 'Mars/Olympus' }), new Date(), 'P1D')).toThrow(
      InvalidCalendarError,
    );
    expect(() =>
      addBusinessDuration(bad({ workingHours: { start: '18:00', end: '09:00' } }), new Date(), 'P1D'),
    ).toThrow(InvalidCalendarError);
    expect(() =>
      addBusinessDuration(bad({ workingHours: { start: '9:00', end: '18:00' } }), new Date(), 'P1D'),
    ).toThrow(InvalidCalendarError);
    expect(() =>
      addBusinessDuration(bad({ weekend: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] }), new Date(), 'P1D'),
    ).toThrow(/every day/);
    expect(() =>
      createCalendar({ code: 'XX-BAD', country: 'SA', timeZone: 'Asia/Riyadh', weekend: ['FRIDAY'] }, { years }),
    ).toThrow(/unknown weekday/);
  });
});

/**
 * Business calendars and business-time arithmetic for SLA clocks. Pure functions (no database, no
 * Temporal): activities read declared holidays and agencies from the database, build a calendar
 * here and compute due instants; the workflow sleeps until them.
 *
 * Calendars: `KR` (Asia/Seoul, Mon–Fri 09:00–18:00, Korean public holidays with the three-day
 * Seollal and Chuseok and substitute days — see holidays.ts), one per mission (its time zone and
 * weekend, the host country's public holidays, Korea's national days on the date) and `24x7`
 * (plain elapsed time). Declared days (elections, temporary holidays) are passed as `extraHolidays`.
 *
 * Semantics of targets (ISO 8601 durations; see business-time.ts for the details):
 * - `P<n>D`: n whole working days — start at the next working instant (the clock starts at the
 *   next opening when `from` is outside working hours), due at the same local wall-clock time on
 *   the n-th following working day. Fri 20:00 + P1D → Tue 09:00; Fri 10:00 + P1D → Mon 10:00.
 * - `PT<n>H<n>M<n>S`: that much working time; due at the earliest instant it has elapsed (it can
 *   be the close: Mon 16:00 + PT2H → Mon 18:00).
 * - `P<n>DT…`: days first, then working time. 24x7: both are elapsed time (P1D = 24 h).
 * Wall-clock arithmetic is done in the calendar's time zone with Intl, so 09:00 stays 09:00 across
 * a DST change.
 */
import {
  HOLIDAY_YEARS,
  KOREA_TIME_ZONE,
  koreanHolidaysByYear,
  missionHolidaysByYear,
  type MissionHolidayOptions,
} from './holidays.js';
import {
  InvalidCalendarError,
  NO_HOLIDAYS,
  WEEKDAYS,
  type CalendarDefinition,
  type DeclaredHoliday,
  type Weekday,
  type WorkingHours,
  type YearRange,
} from './types.js';
import { assertTimeZone } from './zoned.js';
import { ALWAYS_CALENDAR, KOREA_CALENDAR } from '../domain/vocabulary.js';

export * from './types.js';
export {
  addBusinessDuration,
  addBusinessMilliseconds,
  businessTimeBetween,
  isWorkingDay,
  isWorkingTime,
  nextWorkingInstant,
  validateCalendar,
} from './business-time.js';
export { parseBusinessDuration, type BusinessDuration } from './duration.js';
export {
  HOLIDAY_YEARS,
  KOREAN_ADDED_HOLIDAYS,
  KOREAN_LIBRARY_RULES,
  KOREAN_NATIONAL_DAYS,
  KOREA_TIME_ZONE,
  isCountrySupported,
  isHolidayYear,
  koreanDeclaredHolidaysSeed,
  koreanHolidays,
  missionHolidays,
} from './holidays.js';

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '09:00', end: '18:00' };
export const KOREAN_WEEKEND: readonly Weekday[] = ['SAT', 'SUN'];

/** A mission as stored in `agencies` (or in missions.json): enough to build its calendar. */
export interface MissionCalendarSource {
  code: string;
  /** Host country, ISO 3166-1 alpha-2. */
  country: string;
  timeZone: string;
  weekend: readonly string[];
}

export type CalendarSource = typeof KOREA_CALENDAR | typeof ALWAYS_CALENDAR | MissionCalendarSource;

export interface CalendarOptions {
  /**
   * Years whose holidays are known (each resolved when first needed); arithmetic outside them
   * throws CalendarCoverageError. Default and limit: {@link HOLIDAY_YEARS}.
   */
  years?: YearRange;
  /** Declared holidays of this calendar (the `declared_holidays` rows), e.g. election days. */
  extraHolidays?: readonly DeclaredHoliday[];
  /** Working hours (the SLA policy's `workingHours`); default 09:00–18:00. Ignored for 24x7. */
  workingHours?: WorkingHours;
  /** Missions only: Korean national days observed on the date. */
  koreanNationalDays?: MissionHolidayOptions['koreanNationalDays'];
}

function weekendOf(code: string, weekend: readonly string[]): Weekday[] {
  return weekend.map((day) => {
    const upper = day.toUpperCase();
    if (!(WEEKDAYS as readonly string[]).includes(upper)) {
      throw new InvalidCalendarError(
        `Calendar ${code}: unknown weekday ${JSON.stringify(day)} (use ${WEEKDAYS.join(', ')})`,
      );
    }
    return upper as Weekday;
  });
}

/** The 24x7 calendar: no weekend, no holidays, always working — plain elapsed time. */
export function build24x7Calendar(): CalendarDefinition {
  return Object.freeze({
    code: ALWAYS_CALENDAR,
    timeZone: 'UTC',
    weekend: [],
    workingHours: 'always',
    holidays: NO_HOLIDAYS,
  });
}

/** Builds the calendar `KR`, `24x7`, or a mission's calendar. */
export function createCalendar(source: CalendarSource, options: CalendarOptions = {}): CalendarDefinition {
  if (source === ALWAYS_CALENDAR) return build24x7Calendar();
  const years = options.years ?? HOLIDAY_YEARS;
  const workingHours = options.workingHours ?? DEFAULT_WORKING_HOURS;
  if (source === KOREA_CALENDAR) {
    return Object.freeze({
      code: KOREA_CALENDAR,
      timeZone: KOREA_TIME_ZONE,
      weekend: KOREAN_WEEKEND,
      workingHours,
      holidays: koreanHolidaysByYear(years, options.extraHolidays),
    });
  }
  if (typeof source !== 'object' || source === null) {
    throw new InvalidCalendarError(`Unknown calendar ${JSON.stringify(source)}`);
  }
  assertTimeZone(source.timeZone);
  return Object.freeze({
    code: source.code,
    timeZone: source.timeZone,
    weekend: weekendOf(source.code, source.weekend),
    workingHours,
    holidays: missionHolidaysByYear(source, years, {
      extraHolidays: options.extraHolidays,
      koreanNationalDays: options.koreanNationalDays,
    }),
  });
}

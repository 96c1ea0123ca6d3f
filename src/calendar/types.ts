/**
 * Business calendars as data. A calendar says, for one leg of a request, when the clock runs:
 * the local time zone, the local weekend, the working hours and the holidays (local dates).
 * The arithmetic over these lives in business-time.ts; building them (library rules plus
 * corrections plus declared holidays) in holidays.ts and index.ts.
 */

/** Weekday codes as stored on agencies (`weekend: ['SAT','SUN']` or `['FRI','SAT']`). */
export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

export const WEEKDAYS: readonly Weekday[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Local wall-clock working hours, `HH:MM` (24-hour), start < end, same day. */
export interface WorkingHours {
  start: string;
  end: string;
}

/** A local date, `YYYY-MM-DD`. */
export type LocalDate = string;

export interface CalendarDefinition {
  /** `KR`, a mission code such as `VN-HAN`, or `24x7`. */
  readonly code: string;
  /** IANA time zone in which wall-clock times, weekdays and holiday dates are read. */
  readonly timeZone: string;
  /** Non-working weekdays. Empty for 24x7. */
  readonly weekend: readonly Weekday[];
  /** Working hours on working days, or `'always'` (the whole day, 00:00–24:00). */
  readonly workingHours: WorkingHours | 'always';
  /** Non-working local dates, resolved one year at a time when the arithmetic first needs that year. */
  readonly holidays: YearlyHolidays;
}

/**
 * A calendar's holidays by year. Rules cost tens of milliseconds per year (Korea's lunar holidays),
 * so a calendar that may be asked about decades resolves only the years it is asked about.
 */
export interface YearlyHolidays {
  /**
   * The years whose holidays are known (inclusive). Arithmetic that needs a day outside them throws
   * {@link CalendarCoverageError} rather than silently treating it as a day without holidays.
   * Absent: every year (e.g. 24x7).
   */
  readonly years?: YearRange;
  /** The holidays (local dates `YYYY-MM-DD`) of one year within `years`. */
  of(year: number): ReadonlySet<LocalDate>;
}

/** No holidays in any year: with 'always' working hours and no weekend, a calendar is plain elapsed time. */
export const NO_HOLIDAYS: YearlyHolidays = Object.freeze({ of: () => new Set<LocalDate>() });

/** A holiday a government or an administrator declared (election days, temporary holidays). */
export interface DeclaredHoliday {
  /** Local date, `YYYY-MM-DD`. */
  date: LocalDate;
  name: string;
}

/** A holiday with its name, as resolved for a calendar. */
export interface HolidayEntry {
  date: LocalDate;
  name: string;
  /** Where it comes from: the holiday library, a correction, a substitute rule, a national day, a declaration. */
  source: 'library' | 'correction' | 'substitute' | 'korean-national-day' | 'declared';
}

/** Inclusive range of years. */
export interface YearRange {
  from: number;
  to: number;
}

/** Base class of the module's errors; `code` is stable and machine-readable. */
export class CalendarError extends Error {
  constructor(
    readonly code: 'invalid_duration' | 'invalid_calendar' | 'calendar_coverage' | 'invalid_instant',
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A target that is not a supported ISO 8601 business duration (maps to HTTP 400). */
export class InvalidDurationError extends CalendarError {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super('invalid_duration', `Invalid business duration ${JSON.stringify(input)}: ${reason}`);
  }
}

/** A malformed calendar definition (bad time zone, weekday, working hours or date). */
export class InvalidCalendarError extends CalendarError {
  constructor(message: string) {
    super('invalid_calendar', message);
  }
}

/** The computation needs a day outside the years whose holidays the calendar knows (maps to HTTP 400). */
export class CalendarCoverageError extends CalendarError {
  constructor(
    readonly calendar: string,
    readonly date: LocalDate,
    readonly coverage: { readonly from: LocalDate; readonly to: LocalDate },
  ) {
    super(
      'calendar_coverage',
      `Calendar ${calendar} knows its holidays from ${coverage.from} to ${coverage.to}; ${date} is outside them`,
    );
  }
}

/** An instant that is not a valid Date. */
export class InvalidInstantError extends CalendarError {
  constructor(what: string) {
    super('invalid_instant', `Invalid instant: ${what}`);
  }
}

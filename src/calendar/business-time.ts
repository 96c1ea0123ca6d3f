/**
 * Business-time arithmetic over a {@link CalendarDefinition}. Pure: no clock, no I/O.
 *
 * Model. On a working day (not a weekend day, not a holiday) the working interval is the closed
 * interval [start, end] of the working hours, read as wall-clock times in the calendar's time zone
 * and converted to instants (so a DST change moves the instants, never the wall-clock times).
 * Working time is the time inside working intervals. 'always' working hours make the interval the
 * whole local day; a calendar with 'always', no weekend and no holidays (24x7) is plain elapsed
 * time, and there `P<n>D` is n × 24 hours.
 *
 * - `PT…` (working time): the earliest instant at which that much working time has elapsed since
 *   `from`. A start outside working hours counts from the next opening; time that runs out exactly
 *   at the close is due at the close (Mon 16:00 + PT2H = Mon 18:00, not Tue 09:00).
 * - `P<n>D` (working days): the start is moved to the next working instant (unchanged if `from` is
 *   within working hours, else the next opening); the due instant is the same local wall-clock time
 *   on the n-th following working day. Fri 20:00 + P1D = Tue 09:00 (start Mon 09:00, one full
 *   working day later); Fri 10:00 + P1D = Mon 10:00. Precisely: as long after that day's opening
 *   as the start was after its own, capped at the close — the same wall-clock time, since clocks
 *   change at night; only if they change during working hours does this differ from the wall
 *   clock (by the shift), which keeps the result monotonic in the start.
 * - `P<n>DT…`: the days first, then the working time from there.
 * Every due instant of a non-24x7 calendar lies within [start, end] of a working day.
 */
import { parseBusinessDuration } from './duration.js';
import {
  CalendarCoverageError,
  InvalidCalendarError,
  InvalidInstantError,
  NO_HOLIDAYS,
  WEEKDAYS,
  type CalendarDefinition,
} from './types.js';
import {
  DAY_MS,
  MINUTE_MS,
  assertTimeZone,
  dayOfLocalMs,
  formatLocalDate,
  fromLocalMs,
  parseLocalDate,
  toLocalMs,
  weekdayIndex,
} from './zoned.js';

/** A working interval [start, end] as epoch milliseconds, or null on a non-working day. */
type Interval = readonly [number, number] | null;

interface Compiled {
  readonly code: string;
  readonly timeZone: string;
  /** Plain elapsed time (24x7). */
  readonly elapsed: boolean;
  readonly weekend: readonly boolean[];
  readonly startMin: number;
  readonly endMin: number;
  readonly holidays: CalendarDefinition['holidays'];
  /** Holidays as day numbers, per year, as the arithmetic reaches each year. */
  readonly holidayDays: Map<number, ReadonlySet<number>>;
  readonly minDay: number;
  readonly maxDay: number;
  readonly coverage: { readonly from: string; readonly to: string } | undefined;
  readonly intervals: Map<number, Interval>;
}

const compiledCache = new WeakMap<CalendarDefinition, Compiled>();

function parseClock(value: string, what: string, code: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60) {
    throw new InvalidCalendarError(
      `Calendar ${code}: working hours ${what} must be HH:MM (00:00–24:00), got ${JSON.stringify(value)}`,
    );
  }
  return minutes;
}

/**
 * Validates a definition and prepares it for the arithmetic (cached per definition object:
 * definitions are treated as immutable — build a new one when its holidays change).
 */
function compile(calendar: CalendarDefinition): Compiled {
  const cached = compiledCache.get(calendar);
  if (cached) return cached;
  const code = calendar.code;
  assertTimeZone(calendar.timeZone);
  const weekend = WEEKDAYS.map(() => false);
  for (const day of calendar.weekend) {
    const i = WEEKDAYS.indexOf(day);
    if (i < 0)
      throw new InvalidCalendarError(
        `Calendar ${code}: unknown weekday ${JSON.stringify(day)} (use ${WEEKDAYS.join(', ')})`,
      );
    weekend[i] = true;
  }
  if (weekend.every(Boolean)) throw new InvalidCalendarError(`Calendar ${code}: every day is a weekend day`);
  let startMin = 0;
  let endMin = 24 * 60;
  if (calendar.workingHours !== 'always') {
    startMin = parseClock(calendar.workingHours.start, 'start', code);
    endMin = parseClock(calendar.workingHours.end, 'end', code);
    if (startMin >= endMin) {
      throw new InvalidCalendarError(`Calendar ${code}: working hours must start before they end (same day)`);
    }
  }
  let minDay = -Infinity;
  let maxDay = Infinity;
  let coverage: Compiled['coverage'];
  const years = calendar.holidays.years;
  if (years) {
    coverage = { from: `${years.from}-01-01`, to: `${years.to}-12-31` };
    const from = parseLocalDate(coverage.from);
    const to = parseLocalDate(coverage.to);
    if (from === undefined || to === undefined || from > to) {
      throw new InvalidCalendarError(`Calendar ${code}: invalid holiday years ${JSON.stringify(years)}`);
    }
    minDay = from;
    maxDay = to;
  }
  const elapsed = calendar.workingHours === 'always' && !weekend.some(Boolean) && calendar.holidays === NO_HOLIDAYS;
  const compiled: Compiled = {
    code,
    timeZone: calendar.timeZone,
    elapsed,
    weekend,
    startMin,
    endMin,
    holidays: calendar.holidays,
    holidayDays: new Map(),
    minDay,
    maxDay,
    coverage,
    intervals: new Map(),
  };
  compiledCache.set(calendar, compiled);
  return compiled;
}

/** Validates a calendar definition (throws {@link InvalidCalendarError}). */
export function validateCalendar(calendar: CalendarDefinition): void {
  compile(calendar);
}

function checkCoverage(c: Compiled, day: number): void {
  if ((day < c.minDay || day > c.maxDay) && c.coverage) {
    throw new CalendarCoverageError(c.code, formatLocalDate(day), c.coverage);
  }
}

function isHoliday(c: Compiled, day: number): boolean {
  const year = new Date(day * DAY_MS).getUTCFullYear();
  let days = c.holidayDays.get(year);
  if (days === undefined) {
    const parsed = new Set<number>();
    for (const date of c.holidays.of(year)) {
      const holiday = parseLocalDate(date);
      if (holiday === undefined)
        throw new InvalidCalendarError(`Calendar ${c.code}: invalid holiday date ${JSON.stringify(date)}`);
      parsed.add(holiday);
    }
    days = parsed;
    c.holidayDays.set(year, days);
  }
  return days.has(day);
}

/** The working interval of local day `day`, or null if it is not a working day. */
function intervalOn(c: Compiled, day: number): Interval {
  const cached = c.intervals.get(day);
  if (cached !== undefined) return cached;
  checkCoverage(c, day);
  let interval: Interval = null;
  if (!c.weekend[weekdayIndex(day)] && !isHoliday(c, day)) {
    const start = fromLocalMs(c.timeZone, day * DAY_MS + c.startMin * MINUTE_MS);
    const end = fromLocalMs(c.timeZone, day * DAY_MS + c.endMin * MINUTE_MS);
    interval = end > start ? [start, end] : null;
  }
  c.intervals.set(day, interval);
  return interval;
}

/** The next working day strictly after `day`. */
function nextWorkingDay(c: Compiled, day: number): { day: number; interval: readonly [number, number] } {
  for (let d = day + 1; ; d++) {
    const interval = intervalOn(c, d);
    if (interval) return { day: d, interval };
  }
}

function firstDayToLook(c: Compiled, localDay: number): number {
  return c.endMin >= 24 * 60 && localDay - 1 >= c.minDay ? localDay - 1 : localDay;
}

interface Position {
  day: number;
  interval: readonly [number, number];
  /** Epoch ms within [interval[0], interval[1]]. */
  t: number;
}

/** The earliest working instant at or after `t` (closed intervals: the close itself is working time). */
function normalize(c: Compiled, t: number): Position {
  const localDay = dayOfLocalMs(toLocalMs(c.timeZone, t));
  // Only with working hours up to 24:00 does the previous local day's interval reach this day (it
  // closes at this midnight): look at it first, so a close stays a close.
  for (let day = firstDayToLook(c, localDay); day <= localDay; day++) {
    const interval = intervalOn(c, day);
    if (interval && t <= interval[1]) return { day, interval, t: Math.max(t, interval[0]) };
  }
  const next = nextWorkingDay(c, localDay);
  return { day: next.day, interval: next.interval, t: next.interval[0] };
}

function addWorkingMs(c: Compiled, from: number, ms: number): number {
  let { day, interval, t } = normalize(c, from);
  let remaining = ms;
  for (;;) {
    const available = interval[1] - t;
    if (remaining <= available) return t + remaining;
    remaining -= available;
    ({ day, interval } = nextWorkingDay(c, day));
    t = interval[0];
  }
}

function addWorkingDays(c: Compiled, from: number, days: number): number {
  const start = normalize(c, from);
  if (days === 0) return start.t;
  // The same position in the working day: as long since the opening as the start was. That is the
  // same wall-clock time (09:30 stays 09:30 across a DST change, which happens at night), except
  // on a day whose clocks change during working hours, where reading the wall clock would not be
  // monotonic (a repeated hour reads earlier times later).
  const sinceOpening = start.t - start.interval[0];
  let day = start.day;
  let interval = start.interval;
  for (let i = 0; i < days; i++) ({ day, interval } = nextWorkingDay(c, day));
  return Math.min(interval[0] + sinceOpening, interval[1]);
}

function instant(value: Date, what: string): number {
  const t = value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(t)) throw new InvalidInstantError(`${what} is not a valid Date`);
  return t;
}

/**
 * The due instant of a business target (an ISO 8601 duration: `P<n>D`, `PT<n>H<n>M<n>S`, or both)
 * started at `from`. Throws InvalidDurationError for a bad target.
 */
export function addBusinessDuration(calendar: CalendarDefinition, from: Date, target: string): Date {
  const { days, ms } = parseBusinessDuration(target);
  const c = compile(calendar);
  const t = instant(from, 'from');
  if (c.elapsed) return new Date(t + days * DAY_MS + ms);
  const afterDays = days > 0 ? addWorkingDays(c, t, days) : t;
  return new Date(addWorkingMs(c, afterDays, ms));
}

/** The instant at which `ms` of working time has elapsed since `from` (for thresholds and resumed clocks). */
export function addBusinessMilliseconds(calendar: CalendarDefinition, from: Date, ms: number): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Working milliseconds must be finite and >= 0, got ${ms}`);
  const c = compile(calendar);
  const t = instant(from, 'from');
  const whole = Math.round(ms);
  if (c.elapsed) return new Date(t + whole);
  return new Date(addWorkingMs(c, t, whole));
}

/**
 * Working milliseconds between two instants (time inside working intervals in [from, to]).
 * Negative if `to` is before `from`.
 */
export function businessTimeBetween(calendar: CalendarDefinition, from: Date, to: Date): number {
  const c = compile(calendar);
  const a = instant(from, 'from');
  const b = instant(to, 'to');
  if (b < a) return -businessTimeBetween(calendar, to, from);
  if (c.elapsed) return b - a;
  const firstDay = firstDayToLook(c, dayOfLocalMs(toLocalMs(c.timeZone, a)));
  const lastDay = dayOfLocalMs(toLocalMs(c.timeZone, b));
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const interval = intervalOn(c, day);
    if (!interval) continue;
    const start = Math.max(interval[0], a);
    const end = Math.min(interval[1], b);
    if (end > start) total += end - start;
  }
  return total;
}

/** True if `at` lies within working hours on a working day (closed intervals). 24x7: always. */
export function isWorkingTime(calendar: CalendarDefinition, at: Date): boolean {
  const c = compile(calendar);
  const t = instant(at, 'at');
  if (c.elapsed) return true;
  return normalize(c, t).t === t;
}

/** True if the local date `YYYY-MM-DD` is a working day of the calendar. */
export function isWorkingDay(calendar: CalendarDefinition, date: string): boolean {
  const c = compile(calendar);
  const day = parseLocalDate(date);
  if (day === undefined) throw new InvalidCalendarError(`Invalid local date ${JSON.stringify(date)}`);
  if (c.elapsed) return true;
  return intervalOn(c, day) !== null;
}

/** The earliest working instant at or after `at` (the clock's effective start). */
export function nextWorkingInstant(calendar: CalendarDefinition, at: Date): Date {
  const c = compile(calendar);
  const t = instant(at, 'at');
  if (c.elapsed) return new Date(t);
  return new Date(normalize(c, t).t);
}

/**
 * Wall clock ↔ instant in an IANA time zone, with nothing but the built-in Intl API (Node 20 ships
 * full ICU). Local dates are handled as day numbers (days since 1970-01-01 on the proleptic
 * Gregorian calendar) and local wall-clock times as "local milliseconds": the wall-clock reading as
 * if it were UTC (`dayNumber * DAY_MS + msSinceLocalMidnight`).
 *
 * Disambiguation is deterministic and monotonic: a wall-clock time that occurs twice (the hour
 * repeated when clocks go back) resolves to the earlier instant (as Temporal's 'compatible' and
 * 'earlier' do); one that does not exist (skipped when clocks go forward) resolves to the instant
 * the clocks jump (02:30 on a spring-forward night in New York → 03:00 EDT). Unlike 'compatible'
 * (→ 03:30), this keeps later wall-clock readings at later-or-equal instants.
 */
import { InvalidCalendarError, WEEKDAYS, type LocalDate, type Weekday } from './types.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      throw new InvalidCalendarError(`Unknown IANA time zone ${JSON.stringify(timeZone)}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws {@link InvalidCalendarError} unless `timeZone` is a time zone Intl knows. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/**
 * Offsets per time zone and UTC hour: the offset if it is the same at both ends of the hour (then
 * it is the same throughout: clocks never change twice within an hour), null if it changes.
 */
const hourlyOffsets = new Map<string, Map<number, number | null>>();
const MAX_CACHED_HOURS = 200_000;

/** Offset of `timeZone` from UTC at `epochMs`, in milliseconds (local = UTC + offset). */
export function offsetAt(timeZone: string, epochMs: number): number {
  let byHour = hourlyOffsets.get(timeZone);
  if (!byHour) {
    byHour = new Map();
    hourlyOffsets.set(timeZone, byHour);
  }
  const hour = Math.floor(epochMs / HOUR_MS);
  let cached = byHour.get(hour);
  if (cached === undefined) {
    const first = computeOffset(timeZone, hour * HOUR_MS);
    const last = computeOffset(timeZone, (hour + 1) * HOUR_MS - 1000);
    cached = first === last ? first : null;
    if (byHour.size >= MAX_CACHED_HOURS) byHour.clear();
    byHour.set(hour, cached);
  }
  return cached ?? computeOffset(timeZone, epochMs);
}

function computeOffset(timeZone: string, epochMs: number): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const part of formatter(timeZone).formatToParts(whole)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'era':
        bc = part.value === 'BC' || part.value === 'B';
        break;
      default:
        break;
    }
  }
  if (bc) year = 1 - year;
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(year, month - 1, day);
  asUtc.setUTCHours(hour, minute, second, 0);
  return asUtc.getTime() - whole;
}

/** The local wall clock of an instant, as local milliseconds. */
export function toLocalMs(timeZone: string, epochMs: number): number {
  return epochMs + offsetAt(timeZone, epochMs);
}

/** The instant at which the wall clock in `timeZone` reads `localMs` (see the disambiguation above). */
export function fromLocalMs(timeZone: string, localMs: number): number {
  const before = offsetAt(timeZone, localMs - DAY_MS);
  const after = offsetAt(timeZone, localMs + DAY_MS);
  const early = localMs - before;
  if (before === after) {
    // No transition nearby (the common case): one candidate, verified.
    if (offsetAt(timeZone, early) === before) return early;
  }
  const late = localMs - after;
  const earlyOk = offsetAt(timeZone, early) === before;
  const lateOk = offsetAt(timeZone, late) === after;
  if (earlyOk && lateOk) return Math.min(early, late); // repeated hour: the earlier instant
  if (earlyOk) return early;
  if (lateOk) return late;
  // Skipped wall-clock time: the instant of the jump, found by bisection between `late` (before
  // the jump, offset `before`) and `early` (after it, offset `after`).
  let lo = Math.min(early, late);
  let hi = Math.max(early, late);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(timeZone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Day number of a local-milliseconds value. */
export function dayOfLocalMs(localMs: number): number {
  return Math.floor(localMs / DAY_MS);
}

/** Day number of `YYYY-MM-DD`, or undefined if it is not a valid date. */
export function parseLocalDate(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return ms / DAY_MS;
}

/** `YYYY-MM-DD` of a day number. */
export function formatLocalDate(dayNumber: number): LocalDate {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Weekday of a day number (0 = Sunday … 6 = Saturday). 1970-01-01 was a Thursday. */
export function weekdayIndex(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function weekdayOf(dayNumber: number): Weekday {
  return WEEKDAYS[weekdayIndex(dayNumber)] as Weekday;
}

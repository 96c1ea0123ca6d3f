/**
 * Holiday sets for business calendars: public holidays from `date-holidays`, corrected for Korea,
 * plus holidays declared at run time (election days, temporary holidays: `extraHolidays`, which
 * come from the `declared_holidays` table; {@link koreanDeclaredHolidaysSeed} is the seed).
 *
 * Korea (`KR`, Asia/Seoul) — the statutory public holidays, with the 2026 amendments of the Public
 * Holidays Act (Constitution Day from 2026, promulgated 10 Feb 2026 and already in date-holidays;
 * Labour Day from 1 May 2026, added here — see KOREAN_ADDED_HOLIDAYS):
 *   1 Jan; Seollal (lunar 1/1, with the day before and the day after); 1 Mar; 1 May (Labour Day,
 *   since 2026); 5 May; Buddha's Birthday (lunar 4/8); 6 Jun; 17 Jul (Constitution Day, since
 *   2026); 15 Aug; Chuseok (lunar 8/15, with the day before and the day after); 3 Oct; 9 Oct;
 *   25 Dec; plus declared days. Substitute holidays (the next day that is not a Saturday, a Sunday
 *   or a holiday, one per triggering day, after the holiday — after the whole three days for
 *   Seollal and Chuseok):
 *   - Seollal and Chuseok: a day of the three on a Sunday or on another holiday;
 *   - Children's Day: on a Saturday, a Sunday or another holiday;
 *   - 1 Mar, 1 May, Buddha's Birthday, 17 Jul, 15 Aug, 3 Oct, 9 Oct, 25 Dec: on a Saturday or Sunday;
 *   - never for 1 Jan or 6 Jun.
 *   Substitutes are computed from the statutory holidays only; declared days are added afterwards
 *   and never create or move a substitute. date-holidays' own KR substitute days (partly a per-year
 *   table that ends in 2050) are dropped and recomputed by these rules; both agree for 2014–2050
 *   except Buddha's Birthday 2036 (Sat 3 May: the library says Mon 5 May, which is Children's Day;
 *   here Tue 6 May).
 *
 * Missions: the host country's public holidays as date-holidays has them (its own substitute days
 * included), Korea's national days (1 Mar, 15 Aug, 3 Oct, 9 Oct) on the date itself — never
 * Korean substitutes, Seollal, Chuseok or other Korean holidays — plus the mission's declared days.
 * A multi-day or partial-day library holiday counts on each local date it covers for more than
 * half of the day (Islamic holidays start at sunset the evening before; China's half-day holidays
 * for some groups do not close a mission).
 *
 * Years: {@link HOLIDAY_YEARS}. Every calendar resolves a year only when asked about it, and the
 * years are independent: no Korean holiday or substitute crosses New Year (the latest substitute
 * is 27 Dec, Seollal's eve is never before 20 Jan), and a mission's holiday that spills over New
 * Year is read from the previous year's rules.
 */
import Holidays from 'date-holidays';
import {
  InvalidCalendarError,
  type DeclaredHoliday,
  type HolidayEntry,
  type YearlyHolidays,
  type LocalDate,
  type YearRange,
} from './types.js';
import { DAY_MS, HOUR_MS, formatLocalDate, parseLocalDate, toLocalMs, weekdayIndex } from './zoned.js';

export const KOREA_TIME_ZONE = 'Asia/Seoul';

/**
 * The years whose holidays the calendars compute; a date outside them is refused, never guessed.
 * - From 2014: the substitute-holiday rules below start in 2014; before it other statutes applied
 *   (Hangul Day was a working day until 2012, and date-holidays counts it in every year).
 * - To 2050: Korea's lunar holidays (Seollal, Buddha's Birthday, Chuseok) follow the lunar calendar
 *   of the Korea Astronomy and Space Science Institute, whose published lunar–solar tables end in
 *   2050; date-holidays computes later lunar dates astronomically with nothing official to check
 *   them against, and its own table of Korean substitute days ends in 2050 as well. Hosts' rules
 *   reach further (its Islamic calendar table runs to 2076, the Hebrew one to 2100).
 */
export const HOLIDAY_YEARS: YearRange = Object.freeze({ from: 2014, to: 2050 });

/** Korea's national days that missions observe, on the date (`MM-DD`). */
export const KOREAN_NATIONAL_DAYS: readonly { monthDay: string; name: string }[] = [
  { monthDay: '03-01', name: 'Independence Movement Day (Korea)' },
  { monthDay: '08-15', name: 'Liberation Day (Korea)' },
  { monthDay: '10-03', name: 'National Foundation Day (Korea)' },
  { monthDay: '10-09', name: 'Hangul Day (Korea)' },
];

/**
 * Korean days declared outside the statutory rules, to seed the `declared_holidays` table for
 * calendar `KR`. They are not built into the rules: pass them (from the database) as `extraHolidays`.
 */
export const koreanDeclaredHolidaysSeed: readonly DeclaredHoliday[] = [
  { date: '2025-01-27', name: 'Temporary public holiday' },
  { date: '2025-06-03', name: '21st presidential election' },
  { date: '2026-06-03', name: '9th nationwide local elections' },
];

// ---------------------------------------------------------------------------------------------
// date-holidays, memoized (its Korean lunar rules cost ~70 ms per year).

/** A library holiday reduced to what we need: the local dates it covers. */
export interface LibraryHoliday {
  name: string;
  /** The library's rule, e.g. `korean 01-0-01 P3D`, `03-01`, `07-17 since 2026`. */
  rule: string;
  substitute: boolean;
  /** Local dates covered for more than half of the day, as day numbers. */
  days: number[];
}

const instances = new Map<string, Holidays>();
const yearCache = new Map<string, LibraryHoliday[]>();
let supportedCountries: Record<string, string> | undefined;

/** True if date-holidays has rules for the ISO 3166-1 alpha-2 `country`. */
export function isCountrySupported(country: string): boolean {
  supportedCountries ??= new Holidays().getCountries('en');
  return Object.hasOwn(supportedCountries, country.toUpperCase());
}

function instanceFor(country: string, timeZone: string): Holidays {
  const key = `${country}|${timeZone}`;
  let hd = instances.get(key);
  if (!hd) {
    hd = new Holidays(country, { languages: ['en'], timezone: timeZone });
    instances.set(key, hd);
  }
  return hd;
}

/** The public holidays date-holidays gives for `country` in `year`, dates read in `timeZone`. */
export function libraryPublicHolidays(country: string, timeZone: string, year: number): readonly LibraryHoliday[] {
  const key = `${country}|${timeZone}|${year}`;
  const cached = yearCache.get(key);
  if (cached) return cached;
  const result: LibraryHoliday[] = [];
  for (const h of instanceFor(country, timeZone).getHolidays(year, 'en')) {
    if (h.type !== 'public') continue;
    const start = toLocalMs(timeZone, h.start.getTime());
    const end = toLocalMs(timeZone, h.end.getTime());
    const days: number[] = [];
    for (let day = Math.floor(start / DAY_MS); day * DAY_MS < end; day++) {
      const covered = Math.min(end, (day + 1) * DAY_MS) - Math.max(start, day * DAY_MS);
      if (covered > 12 * HOUR_MS) days.push(day);
    }
    if (days.length > 0) result.push({ name: h.name, rule: h.rule, substitute: h.substitute === true, days });
  }
  yearCache.set(key, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Korea

/** When a Korean holiday earns a substitute day. */
export type KoreanSubstituteRule =
  /** Never (1 Jan, 6 Jun). */
  | 'none'
  /** On a Saturday or Sunday. */
  | 'weekend'
  /** On a Saturday, a Sunday or another holiday (Children's Day). */
  | 'weekend-or-holiday'
  /** A day of the three on a Sunday or another holiday (Seollal, Chuseok). */
  | 'sunday-or-holiday';

export interface KoreanRule {
  substitute: KoreanSubstituteRule;
  /**
   * First year the substitute rule applies (the law extended substitutes step by step: Seollal,
   * Chuseok and Children's Day from 2014, the national days from 2021, Buddha's Birthday and
   * Christmas from 2023), so that earlier years stay historically right.
   */
  substituteSince?: number;
  /**
   * CORRECTION applied to the library's dates, in days. date-holidays 3.37.0 anchors Seollal's
   * three days (`korean 01-0-01 P3D`) at lunar 1/1 itself, so it omits the day before and adds the
   * second day after: 2025 29–31 Jan instead of 28–30 Jan; 2026 17–19 Feb instead of 16–18 Feb;
   * 2027 7–9 Feb instead of 6–8 Feb. Chuseok (`korean 8-0-14 P3D`) is anchored correctly at the
   * day before (2025 5–7 Oct, 2026 24–26 Sep, 2027 14–16 Sep).
   */
  shiftDays?: number;
}

/** Every public rule of date-holidays' KR data, by rule string (checked by a unit test). */
export const KOREAN_LIBRARY_RULES: Readonly<Record<string, KoreanRule>> = {
  '01-01': { substitute: 'none' },
  'korean 01-0-01 P3D': { substitute: 'sunday-or-holiday', substituteSince: 2014, shiftDays: -1 },
  '03-01': { substitute: 'weekend', substituteSince: 2021 },
  '05-05': { substitute: 'weekend-or-holiday', substituteSince: 2014 },
  'korean 4-0-8': { substitute: 'weekend', substituteSince: 2023 },
  '06-06': { substitute: 'none' },
  '07-17 since 2026': { substitute: 'weekend', substituteSince: 2026 },
  '08-15': { substitute: 'weekend', substituteSince: 2021 },
  'korean 8-0-14 P3D': { substitute: 'sunday-or-holiday', substituteSince: 2014 },
  '10-03': { substitute: 'weekend', substituteSince: 2021 },
  '10-09': { substitute: 'weekend', substituteSince: 2021 },
  '12-25': { substitute: 'weekend', substituteSince: 2023 },
};

/**
 * CORRECTION: statutory Korean holidays missing from date-holidays 3.37.0. Labour Day (1 May)
 * became a public holiday from 2026, with substitute days (Public Holidays Act amendment
 * promulgated in April 2026). Not in the reference README's list, which predates it.
 */
export const KOREAN_ADDED_HOLIDAYS: readonly {
  monthDay: string;
  since: number;
  name: string;
  substitute: KoreanSubstituteRule;
}[] = [{ monthDay: '05-01', since: 2026, name: 'Labour Day', substitute: 'weekend' }];

interface Occurrence {
  name: string;
  days: number[];
  substitute: KoreanSubstituteRule;
  source: HolidayEntry['source'];
}

function assertYears(years: YearRange): void {
  if (
    !Number.isInteger(years.from) ||
    !Number.isInteger(years.to) ||
    years.from > years.to ||
    years.from < HOLIDAY_YEARS.from ||
    years.to > HOLIDAY_YEARS.to
  ) {
    throw new InvalidCalendarError(
      `Invalid year range ${JSON.stringify(years)}: holidays are known from ${HOLIDAY_YEARS.from} to ${HOLIDAY_YEARS.to}`,
    );
  }
}

/** True if holidays are known for the year of the local date `YYYY-MM-DD`. */
export function isHolidayYear(date: LocalDate): boolean {
  const year = Number(date.slice(0, 4));
  return year >= HOLIDAY_YEARS.from && year <= HOLIDAY_YEARS.to;
}

/**
 * The holidays of `years`, each year computed by `entries` when first asked for and then kept.
 * `entries(year)` may return days of other years (declared days of every year); they are dropped.
 */
export function holidaysByYear(years: YearRange, entries: (year: number) => readonly HolidayEntry[]): YearlyHolidays {
  assertYears(years);
  const resolved = new Map<number, ReadonlySet<LocalDate>>();
  return Object.freeze({
    years: Object.freeze({ ...years }),
    of(year: number): ReadonlySet<LocalDate> {
      let dates = resolved.get(year);
      if (dates === undefined) {
        const prefix = `${year}-`;
        dates = new Set(entries(year).flatMap((e) => (e.date.startsWith(prefix) ? [e.date] : [])));
        resolved.set(year, dates);
      }
      return dates;
    },
  });
}

function declaredEntries(extraHolidays: readonly DeclaredHoliday[]): HolidayEntry[] {
  return extraHolidays.map((h) => {
    if (typeof h.date !== 'string' || parseLocalDate(h.date) === undefined) {
      throw new InvalidCalendarError(
        `Declared holiday has an invalid date ${JSON.stringify(h.date)} (expected YYYY-MM-DD)`,
      );
    }
    if (typeof h.name !== 'string' || h.name.trim() === '') {
      throw new InvalidCalendarError(`Declared holiday ${h.date} has no name`);
    }
    return { date: h.date, name: h.name, source: 'declared' as const };
  });
}

function statutoryKoreanOccurrences(year: number): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const h of libraryPublicHolidays('KR', KOREA_TIME_ZONE, year)) {
    if (h.substitute) continue; // recomputed below from the README's rules
    const rule = KOREAN_LIBRARY_RULES[h.rule];
    const shift = rule?.shiftDays ?? 0;
    // An unknown rule (a newer library) counts as a holiday without substitutes until reviewed.
    const substitute = rule && year >= (rule.substituteSince ?? 0) ? rule.substitute : 'none';
    occurrences.push({
      name: h.name,
      days: h.days.map((d) => d + shift),
      substitute,
      source: shift !== 0 ? 'correction' : 'library',
    });
  }
  for (const added of KOREAN_ADDED_HOLIDAYS) {
    if (year < added.since) continue;
    const day = parseLocalDate(`${year}-${added.monthDay}`);
    if (day === undefined) continue;
    if (occurrences.some((o) => o.days.includes(day) && o.name === added.name)) continue;
    occurrences.push({ name: added.name, days: [day], substitute: added.substitute, source: 'correction' });
  }
  return occurrences;
}

const koreanYearCache = new Map<number, readonly HolidayEntry[]>();

/** Korean statutory holidays of one year with their substitutes (no declared days); memoized. */
function statutoryKoreanHolidays(year: number): readonly HolidayEntry[] {
  const cached = koreanYearCache.get(year);
  if (cached) return cached;
  const occurrences = statutoryKoreanOccurrences(year);
  const coverCount = new Map<number, number>();
  for (const o of occurrences) for (const d of o.days) coverCount.set(d, (coverCount.get(d) ?? 0) + 1);
  const taken = new Set(coverCount.keys());
  const isSaturday = (d: number) => weekdayIndex(d) === 6;
  const isSunday = (d: number) => weekdayIndex(d) === 0;
  const onOtherHoliday = (d: number) => (coverCount.get(d) ?? 0) > 1;

  const substitutes: HolidayEntry[] = [];
  const byLastDay = [...occurrences].sort((a, b) => Math.max(...a.days) - Math.max(...b.days));
  for (const o of byLastDay) {
    const triggers = o.days.filter((d) => {
      switch (o.substitute) {
        case 'none':
          return false;
        case 'weekend':
          return isSaturday(d) || isSunday(d);
        case 'weekend-or-holiday':
          return isSaturday(d) || isSunday(d) || onOtherHoliday(d);
        case 'sunday-or-holiday':
          return isSunday(d) || onOtherHoliday(d);
      }
    }).length;
    let candidate = Math.max(...o.days);
    for (let i = 0; i < triggers; i++) {
      do candidate++;
      while (isSaturday(candidate) || isSunday(candidate) || taken.has(candidate));
      taken.add(candidate);
      substitutes.push({
        date: formatLocalDate(candidate),
        name: `${o.name} (substitute holiday)`,
        source: 'substitute',
      });
    }
  }
  const entries = [
    ...occurrences.flatMap((o) => o.days.map((d) => ({ date: formatLocalDate(d), name: o.name, source: o.source }))),
    ...substitutes,
  ];
  koreanYearCache.set(year, entries);
  return entries;
}

/** Korean public holidays for the years, with substitutes, plus `extraHolidays`; sorted by date. */
export function koreanHolidays(years: YearRange, extraHolidays: readonly DeclaredHoliday[] = []): HolidayEntry[] {
  assertYears(years);
  const entries: HolidayEntry[] = [];
  for (let year = years.from; year <= years.to; year++) entries.push(...statutoryKoreanHolidays(year));
  return sortEntries([...entries, ...declaredEntries(extraHolidays)]);
}

/** Korea's holidays (statutory, substitutes, `extraHolidays`), resolved per year on first use. */
export function koreanHolidaysByYear(
  years: YearRange = HOLIDAY_YEARS,
  extraHolidays: readonly DeclaredHoliday[] = [],
): YearlyHolidays {
  const declared = declaredEntries(extraHolidays);
  return holidaysByYear(years, (year) => [...statutoryKoreanHolidays(year), ...declared]);
}

// ---------------------------------------------------------------------------------------------
// Missions

export interface MissionHolidayOptions {
  extraHolidays?: readonly DeclaredHoliday[];
  /** Korean national days observed on the date; default {@link KOREAN_NATIONAL_DAYS}. */
  koreanNationalDays?: readonly { monthDay: string; name: string }[];
}

export interface MissionHolidays {
  entries: HolidayEntry[];
  /** False if date-holidays has no rules for the host country: its holidays must be declared. */
  hostCountrySupported: boolean;
}

/** A mission's holidays of one local year (unsorted); `hostCountrySupported` as in {@link MissionHolidays}. */
function missionHolidaysOfYear(
  mission: { country: string; timeZone: string },
  year: number,
  hostCountrySupported: boolean,
  nationalDays: readonly { monthDay: string; name: string }[],
): HolidayEntry[] {
  const entries: HolidayEntry[] = [];
  if (hostCountrySupported) {
    // A holiday of last year's rules can run into this year (an Islamic holiday late in December).
    for (const ruleYear of [year - 1, year]) {
      for (const h of libraryPublicHolidays(mission.country, mission.timeZone, ruleYear)) {
        for (const d of h.days) entries.push({ date: formatLocalDate(d), name: h.name, source: 'library' });
      }
    }
  }
  for (const n of nationalDays)
    entries.push({ date: `${year}-${n.monthDay}`, name: n.name, source: 'korean-national-day' });
  const prefix = `${year}-`;
  return entries.filter((e) => e.date.startsWith(prefix));
}

/**
 * A mission's holidays: the host country's public holidays (dates read in the mission's time
 * zone), Korea's national days on the date, and `extraHolidays`; sorted by date.
 */
export function missionHolidays(
  mission: { country: string; timeZone: string },
  years: YearRange,
  options: MissionHolidayOptions = {},
): MissionHolidays {
  assertYears(years);
  const country = mission.country.toUpperCase();
  const hostCountrySupported = isCountrySupported(country);
  const nationalDays = options.koreanNationalDays ?? KOREAN_NATIONAL_DAYS;
  const entries: HolidayEntry[] = [];
  for (let year = years.from; year <= years.to; year++) {
    entries.push(...missionHolidaysOfYear({ ...mission, country }, year, hostCountrySupported, nationalDays));
  }
  entries.push(...declaredEntries(options.extraHolidays ?? []));
  return { entries: sortEntries(entries), hostCountrySupported };
}

/** A mission's holidays (see {@link missionHolidays}), resolved per year on first use. */
export function missionHolidaysByYear(
  mission: { country: string; timeZone: string },
  years: YearRange = HOLIDAY_YEARS,
  options: MissionHolidayOptions = {},
): YearlyHolidays {
  const country = mission.country.toUpperCase();
  const hostCountrySupported = isCountrySupported(country);
  const nationalDays = options.koreanNationalDays ?? KOREAN_NATIONAL_DAYS;
  const declared = declaredEntries(options.extraHolidays ?? []);
  return holidaysByYear(years, (year) => [
    ...missionHolidaysOfYear({ ...mission, country }, year, hostCountrySupported, nationalDays),
    ...declared,
  ]);
}

function sortEntries(entries: HolidayEntry[]): HolidayEntry[] {
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

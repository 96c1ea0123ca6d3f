import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  HOLIDAY_YEARS,
  KOREAN_LIBRARY_RULES,
  addBusinessDuration,
  createCalendar,
  isCountrySupported,
  koreanDeclaredHolidaysSeed,
  koreanHolidays,
  missionHolidays,
} from '../../../src/calendar/index.js';
import { holidaysByYear, libraryPublicHolidays } from '../../../src/calendar/holidays.js';
import { mission, missions } from './helpers.js';

const dates = (entries: { date: string }[]) => new Set(entries.map((e) => e.date));

describe('Korean public holidays (date-holidays, corrected)', () => {
  const kr = dates(koreanHolidays({ from: 2024, to: 2027 }));

  it('Seollal is three days: the day before, the day and the day after', () => {
    for (const d of ['2025-01-28', '2025-01-29', '2025-01-30', '2026-02-16', '2026-02-17', '2026-02-18']) {
      expect(kr.has(d), d).toBe(true);
    }
    // date-holidays anchors the span at lunar 1/1 and so had these two, which are working days.
    expect(kr.has('2025-01-31')).toBe(false);
    expect(kr.has('2026-02-19')).toBe(false);
  });

  it('Chuseok 2025 is 5–7 Oct with the 8 Oct substitute (5 Oct is a Sunday); 2026 is 24–26 Sep without one', () => {
    for (const d of ['2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08']) expect(kr.has(d), d).toBe(true);
    for (const d of ['2026-09-24', '2026-09-25', '2026-09-26']) expect(kr.has(d), d).toBe(true);
    // 26 Sep 2026 is a Saturday: no substitute for Seollal/Chuseok on a Saturday.
    expect(kr.has('2026-09-28')).toBe(false);
  });

  it('1 Mar 2026 is a Sunday → substitute Monday 2 Mar; 1 Mar 2025 (Saturday) → Monday 3 Mar', () => {
    expect(kr.has('2026-03-01')).toBe(true);
    expect(kr.has('2026-03-02')).toBe(true);
    expect(kr.has('2025-03-03')).toBe(true);
  });

  it('Children’s Day on Buddha’s Birthday (Mon 5 May 2025) gives one substitute, Tue 6 May', () => {
    expect(kr.has('2025-05-05')).toBe(true);
    expect(kr.has('2025-05-06')).toBe(true);
    expect(kr.has('2025-05-07')).toBe(false);
  });

  it('never a substitute for 1 Jan or 6 Jun (6 Jun 2026 is a Saturday)', () => {
    expect(kr.has('2026-06-06')).toBe(true);
    expect(kr.has('2026-06-08')).toBe(false);
  });

  it('substitutes for national days, Buddha’s Birthday and Christmas on weekends (2026–2027)', () => {
    for (const d of [
      '2026-05-25',
      '2026-08-17',
      '2026-10-05',
      '2027-08-16',
      '2027-10-04',
      '2027-10-11',
      '2027-12-27',
    ]) {
      expect(kr.has(d), d).toBe(true);
    }
  });

  it('Seollal 2027 (6–8 Feb, the 7th a Sunday) gets Tuesday 9 Feb', () => {
    for (const d of ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']) expect(kr.has(d), d).toBe(true);
    expect(kr.has('2027-02-10')).toBe(false);
  });

  it('2026 amendments: Constitution Day (17 Jul) and Labour Day (1 May) from 2026, with weekend substitutes', () => {
    expect(kr.has('2025-07-17')).toBe(false);
    expect(kr.has('2025-05-01')).toBe(false);
    expect(kr.has('2026-07-17')).toBe(true);
    expect(kr.has('2026-05-01')).toBe(true);
    expect(kr.has('2027-07-19')).toBe(true); // 17 Jul 2027 is a Saturday
    expect(kr.has('2027-05-03')).toBe(true); // 1 May 2027 is a Saturday
  });

  it('the exact 2026 list', () => {
    expect([...dates(koreanHolidays({ from: 2026, to: 2026 }))]).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-03-01',
      '2026-03-02',
      '2026-05-01',
      '2026-05-05',
      '2026-05-24',
      '2026-05-25',
      '2026-06-06',
      '2026-07-17',
      '2026-08-15',
      '2026-08-17',
      '2026-09-24',
      '2026-09-25',
      '2026-09-26',
      '2026-10-03',
      '2026-10-05',
      '2026-10-09',
      '2026-12-25',
    ]);
  });

  it('a Buddha’s Birthday substitute skips Children’s Day (Sat 3 May 2036 → Tue 6 May; the library says Mon 5 May)', () => {
    const d = dates(koreanHolidays({ from: 2036, to: 2036 }));
    expect(d.has('2036-05-03')).toBe(true);
    expect(d.has('2036-05-05')).toBe(true);
    expect(d.has('2036-05-06')).toBe(true);
  });

  it('election days and temporary holidays come only from extraHolidays (the seed)', () => {
    expect(kr.has('2025-01-27')).toBe(false);
    expect(kr.has('2025-06-03')).toBe(false);
    expect(kr.has('2026-06-03')).toBe(false);
    const withSeed = dates(koreanHolidays({ from: 2025, to: 2026 }, koreanDeclaredHolidaysSeed));
    for (const d of ['2025-01-27', '2025-06-03', '2026-06-03']) expect(withSeed.has(d), d).toBe(true);
    expect(koreanDeclaredHolidaysSeed.map((h) => h.date)).toEqual(['2025-01-27', '2025-06-03', '2026-06-03']);
  });

  it('rejects malformed declared holidays', () => {
    expect(() => koreanHolidays({ from: 2026, to: 2026 }, [{ date: '2026-02-30', name: 'x' }])).toThrow(/invalid date/);
    expect(() => koreanHolidays({ from: 2026, to: 2026 }, [{ date: '2026-02-03', name: ' ' }])).toThrow(/no name/);
  });

  it('knows every public rule of the library’s KR data (a library upgrade that adds one fails here)', () => {
    for (let year = 2024; year <= 2030; year++) {
      for (const h of libraryPublicHolidays('KR', 'Asia/Seoul', year)) {
        if (!h.substitute) expect(Object.keys(KOREAN_LIBRARY_RULES), `${year} ${h.rule}`).toContain(h.rule);
      }
    }
  });

  it('reproduces the library’s own substitute days 2024–2030, apart from the documented corrections', () => {
    const hd = new Holidays('KR', { languages: ['en'], timezone: 'Asia/Seoul' });
    const corrections = new Set([
      // Seollal anchored one day early by the library: the day before added, the 4th day removed.
      '2024-02-09',
      '2025-01-28',
      '2025-01-31',
      '2026-02-16',
      '2026-02-19',
      '2027-02-06',
      '2028-01-26',
      '2028-01-29',
      '2029-02-12',
      '2029-02-15',
      '2030-02-02',
      // Labour Day since 2026 (and its substitute when on a weekend).
      '2026-05-01',
      '2027-05-01',
      '2027-05-03',
      '2028-05-01',
      '2029-05-01',
      '2030-05-01',
    ]);
    for (let year = 2024; year <= 2030; year++) {
      const library = new Set<string>();
      for (const h of hd.getHolidays(year)) {
        if (h.type !== 'public') continue;
        const days = Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000);
        const first = Date.parse(`${h.date.slice(0, 10)}T00:00:00Z`);
        for (let i = 0; i < days; i++) library.add(new Date(first + i * 86_400_000).toISOString().slice(0, 10));
      }
      const ours = dates(koreanHolidays({ from: year, to: year }));
      const symmetricDifference = [
        ...[...library].filter((d) => !ours.has(d)),
        ...[...ours].filter((d) => !library.has(d)),
      ];
      expect(
        symmetricDifference.filter((d) => !corrections.has(d)),
        String(year),
      ).toEqual([]);
    }
  });
});

describe('every year of HOLIDAY_YEARS', () => {
  const years: number[] = [];
  for (let year = HOLIDAY_YEARS.from; year <= HOLIDAY_YEARS.to; year++) years.push(year);
  const DAY = 86_400_000;
  const consecutive = (days: string[]) =>
    days.length === 3 &&
    Date.parse(days[2]!) - Date.parse(days[1]!) === DAY &&
    Date.parse(days[1]!) - Date.parse(days[0]!) === DAY;

  it('has three consecutive days of Seollal and of Chuseok and a Buddha’s Birthday in Korea', () => {
    for (const year of years) {
      const entries = koreanHolidays({ from: year, to: year }).filter((e) => e.source !== 'substitute');
      const named = (name: string) => entries.filter((e) => e.name === name).map((e) => e.date);
      const seollal = named('Korean New Year');
      const chuseok = named('Korean Thanksgiving');
      expect(consecutive(seollal), `${year} Seollal ${seollal.join()}`).toBe(true);
      expect(seollal[0]! >= `${year}-01-20` && seollal[0]! <= `${year}-02-19`, `${year} Seollal ${seollal[0]}`).toBe(
        true,
      );
      expect(consecutive(chuseok), `${year} Chuseok ${chuseok.join()}`).toBe(true);
      expect(named("Buddha's Birthday"), String(year)).toHaveLength(1);
    }
  });

  it('puts substitute days where date-holidays’ own table does, apart from Labour Day’s and 2036', () => {
    const hd = new Holidays('KR', { languages: ['en'], timezone: 'Asia/Seoul' });
    for (const year of years) {
      const library = hd
        .getHolidays(year)
        .filter((h) => h.type === 'public' && h.substitute)
        .map((h) => h.date.slice(0, 10));
      const ours = koreanHolidays({ from: year, to: year })
        .filter((e) => e.source === 'substitute' && !e.name.startsWith('Labour Day'))
        .map((e) => e.date);
      // Sat 3 May 2036 (Buddha's Birthday): the library's Mon 5 May is Children's Day; ours is Tue 6 May.
      if (year === 2036) expect(ours.filter((d) => !library.includes(d))).toEqual(['2036-05-06']);
      else expect(ours.sort(), String(year)).toEqual([...new Set(library)].sort());
    }
  });

  it('has Islamic and Hebrew host holidays (calendar tables) in every year', () => {
    for (const year of years) {
      const riyadh = missionHolidays(mission('SA-RUH'), { from: year, to: year }).entries;
      expect(riyadh.filter((e) => /Fitr/.test(e.name)).length, `${year} Riyadh`).toBeGreaterThan(0);
      const telAviv = missionHolidays(mission('IL-TLV'), { from: year, to: year }).entries;
      expect(telAviv.filter((e) => /Yom Kippur/.test(e.name)).length, `${year} Tel Aviv`).toBeGreaterThan(0);
    }
  });

  it('resolves only the years the arithmetic reaches, each once', () => {
    const asked: number[] = [];
    const calendar = {
      code: 'TEST',
      timeZone: 'Asia/Seoul',
      weekend: ['SAT', 'SUN'] as const,
      workingHours: { start: '09:00', end: '18:00' },
      holidays: holidaysByYear(HOLIDAY_YEARS, (year) => {
        asked.push(year);
        return [];
      }),
    };
    addBusinessDuration(calendar, new Date('2040-06-05T10:00:00+09:00'), 'P1D');
    addBusinessDuration(calendar, new Date('2040-06-12T10:00:00+09:00'), 'P3D');
    expect(asked).toEqual([2040]);
    addBusinessDuration(calendar, new Date('2040-12-31T10:00:00+09:00'), 'P1D');
    expect(asked).toEqual([2040, 2041]);
  });
});

describe('mission holidays', () => {
  it('host public holidays plus Korea’s four national days on the date, never Seollal, Chuseok or Korean substitutes', () => {
    const { entries, hostCountrySupported } = missionHolidays(mission('VN-HAN'), { from: 2026, to: 2027 });
    expect(hostCountrySupported).toBe(true);
    const d = dates(entries);
    // Vietnam: Reunification Day, Labour Day, National Day.
    for (const x of ['2026-04-30', '2026-05-01', '2026-09-02']) expect(d.has(x), x).toBe(true);
    // Korea's national days on the date, including when they fall on a weekend.
    for (const x of ['2026-03-01', '2026-08-15', '2026-10-03', '2026-10-09', '2027-10-09'])
      expect(d.has(x), x).toBe(true);
    // No Korean substitute days, no Chuseok, no Constitution Day.
    for (const x of [
      '2026-03-02',
      '2026-08-17',
      '2026-10-05',
      '2027-10-11',
      '2026-09-24',
      '2026-09-25',
      '2026-07-17',
    ]) {
      expect(d.has(x), x).toBe(false);
    }
  });

  it('Islamic holidays that begin at sunset count on their days, not the eve (Eid al-Fitr 2026 in Riyadh: 19–22 Mar)', () => {
    const d = dates(missionHolidays(mission('SA-RUH'), { from: 2026, to: 2026 }).entries);
    for (const x of ['2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22']) expect(d.has(x), x).toBe(true);
    expect(d.has('2026-03-18')).toBe(false);
  });

  it('half-day holidays do not close a mission (China’s 8 Mar afternoon for women)', () => {
    const d = dates(missionHolidays(mission('CN-BJS'), { from: 2026, to: 2026 }).entries);
    expect(d.has('2026-03-08')).toBe(false);
    expect(d.has('2026-10-01')).toBe(true);
  });

  it('the library’s US substitute days follow the mission’s time zone (Independence Day 2026 observed Fri 3 Jul in LA)', () => {
    const d = dates(missionHolidays(mission('US-LAX'), { from: 2026, to: 2026 }).entries);
    expect(d.has('2026-07-03')).toBe(true);
    expect(d.has('2026-07-04')).toBe(true);
    expect(d.has('2026-07-02')).toBe(false);
  });

  it('countries date-holidays does not know are flagged: their holidays must be declared', () => {
    const unsupported = [...new Set(missions.map((m) => m.country))].filter((c) => !isCountrySupported(c)).sort();
    expect(unsupported).toEqual(['KH', 'KW', 'LA', 'MM', 'MN', 'NP', 'OM', 'QA']);
    const qatar = missionHolidays(
      mission('QA-DOH'),
      { from: 2026, to: 2026 },
      {
        extraHolidays: [{ date: '2026-12-18', name: 'Qatar National Day' }],
      },
    );
    expect(qatar.hostCountrySupported).toBe(false);
    expect(dates(qatar.entries)).toEqual(
      new Set(['2026-03-01', '2026-08-15', '2026-10-03', '2026-10-09', '2026-12-18']),
    );
  });

  it('every reference mission builds a calendar', () => {
    for (const m of missions) {
      const calendar = createCalendar(m, { years: { from: 2026, to: 2026 } });
      expect(calendar.code).toBe(m.code);
      expect(calendar.holidays.of(2026).has('2026-10-09'), m.code).toBe(true);
    }
  });
});

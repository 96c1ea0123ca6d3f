import { build24x7Calendar, createCalendar, type CalendarDefinition, type CalendarSource } from '../calendar/index.js';
import { ALWAYS_CALENDAR, KOREA_CALENDAR } from '../domain/vocabulary.js';
import { notFound } from '../errors.js';
import type { CalendarRepository } from '../repositories/calendars.js';

/**
 * Calendars as the database describes them: `KR`, `24x7`, or a mission's code. Built calendars are
 * kept until a holiday is declared on them, since each resolves a year of holiday rules (tens of
 * milliseconds) the first time its arithmetic reaches that year.
 */
export function createCalendarService({ calendars }: { calendars: CalendarRepository }) {
  const built = new Map<string, { stamp: string; calendar: CalendarDefinition }>();

  return {
    async get(code: string): Promise<CalendarDefinition> {
      if (code === ALWAYS_CALENDAR) return build24x7Calendar();
      const declared = await calendars.declaredHolidays(code);
      const stamp = declared.map((holiday) => holiday.id).join(',');
      const cached = built.get(code);
      if (cached?.stamp === stamp) return cached.calendar;
      let source: CalendarSource = KOREA_CALENDAR;
      if (code !== KOREA_CALENDAR) {
        const mission = await calendars.mission(code);
        if (mission === null) throw notFound('calendar', code);
        source = mission;
      }
      const calendar = createCalendar(source, { extraHolidays: declared.map(({ date, name }) => ({ date, name })) });
      built.set(code, { stamp, calendar });
      return calendar;
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;

import type { PrismaClient } from '../generated/prisma/client.js';

export interface DeclaredHolidayRow {
  id: string;
  calendar: string;
  date: string;
  name: string;
  createdAt: Date;
}

export function createCalendarRepository(prisma: PrismaClient) {
  return {
    declaredHolidays(calendar: string): Promise<DeclaredHolidayRow[]> {
      return prisma.declaredHoliday.findMany({
        where: { calendar },
        select: { id: true, calendar: true, date: true, name: true, createdAt: true },
        orderBy: { date: 'asc' },
      });
    },

    mission(code: string) {
      return prisma.agency.findFirst({
        where: { code, kind: 'mission' },
        select: { code: true, country: true, timeZone: true, weekend: true },
      });
    },

    /** Inserts a declared holiday; false when that calendar already has one on that date. */
    async declareHoliday(holiday: Omit<DeclaredHolidayRow, 'createdAt'> & { createdBy: string }): Promise<boolean> {
      const { count } = await prisma.declaredHoliday.createMany({ data: [holiday], skipDuplicates: true });
      return count === 1;
    },
  };
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>;

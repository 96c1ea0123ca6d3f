import type { PrismaClient } from '../generated/prisma/client.js';

export interface DeclaredHolidayRow {
  id: string;
  calendar: string;
  date: string;
  name: string;
  createdAt: Date;
}

export interface DeclaredHolidayProgress extends DeclaredHolidayRow {
  signalledWorkflows: number;
  fanOutFinishedAt: Date | null;
}

const progressSelect = {
  id: true,
  calendar: true,
  date: true,
  name: true,
  createdAt: true,
  signalledWorkflows: true,
  fanOutFinishedAt: true,
} as const;

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

    /** The holiday declared on that calendar and date, with the progress of its fan-out. */
    findHoliday(calendar: string, date: string): Promise<DeclaredHolidayProgress | null> {
      return prisma.declaredHoliday.findUnique({
        where: { calendar_date: { calendar, date } },
        select: progressSelect,
      });
    },

    holiday(id: string): Promise<DeclaredHolidayProgress | null> {
      return prisma.declaredHoliday.findUnique({ where: { id }, select: progressSelect });
    },

    /** Inserts a declared holiday unless that calendar already has one on that date; returns the one it has. */
    async declareHoliday(holiday: Omit<DeclaredHolidayRow, 'createdAt'> & { createdBy: string }) {
      await prisma.declaredHoliday.createMany({ data: [holiday], skipDuplicates: true });
      return prisma.declaredHoliday.findUniqueOrThrow({
        where: { calendar_date: { calendar: holiday.calendar, date: holiday.date } },
        select: progressSelect,
      });
    },

    /** Progress only grows, so a retried or replayed report never takes it back. */
    async recordFanOut(id: string, signalledWorkflows: number, finished: boolean): Promise<void> {
      await prisma.declaredHoliday.updateMany({
        where: { id, signalledWorkflows: { lte: signalledWorkflows } },
        data: { signalledWorkflows, ...(finished ? { fanOutFinishedAt: new Date() } : {}) },
      });
    },
  };
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>;

import { requestWorkflowId, taskWorkflowId, type HolidayDeclaration } from '../src/domain/messages.js';
import type { CalendarRepository } from '../src/repositories/calendars.js';
import type { SlaClockRepository } from '../src/repositories/sla-clocks.js';

export interface HolidayActivityDependencies {
  calendars: CalendarRepository;
  clocks: SlaClockRepository;
}

/** The steps of a declared holiday's fan-out (workflows/holiday.ts). Every call is safe to retry. */
export function createHolidayActivities({ calendars, clocks }: HolidayActivityDependencies) {
  return {
    /** Puts the holiday on its calendar; returns the id of the holiday that calendar has on that date. */
    async recordHoliday(holiday: HolidayDeclaration): Promise<{ holidayId: string; finished: boolean }> {
      const { holidayId, ...rest } = holiday;
      const recorded = await calendars.declareHoliday({ id: holidayId, ...rest });
      return { holidayId: recorded.id, finished: recorded.fanOutFinishedAt !== null };
    },

    /** One page of the workflows whose running clocks follow the calendar. */
    async holidayTargets({
      calendar,
      after,
      limit,
    }: {
      calendar: string;
      after?: string;
      limit: number;
    }): Promise<{ workflowIds: string[]; next?: string }> {
      const page = await clocks.workflowsRunningOn(calendar, after, limit);
      const workflowIds = new Set(
        page.clocks.map((clock) =>
          clock.taskId === null ? requestWorkflowId(clock.requestId) : taskWorkflowId(clock.taskId),
        ),
      );
      return { workflowIds: [...workflowIds], ...(page.next === undefined ? {} : { next: page.next }) };
    },

    async recordHolidayProgress({
      holidayId,
      signalledWorkflows,
      finished,
    }: {
      holidayId: string;
      signalledWorkflows: number;
      finished: boolean;
    }): Promise<void> {
      await calendars.recordFanOut(holidayId, signalledWorkflows, finished);
    },
  };
}

export type HolidayActivities = ReturnType<typeof createHolidayActivities>;

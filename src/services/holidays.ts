import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ALWAYS_CALENDAR } from '../domain/vocabulary.js';
import { calendarChangedSignal, requestWorkflowId, taskWorkflowId } from '../domain/messages.js';
import { conflict, validationFailed } from '../errors.js';
import type { CalendarRepository } from '../repositories/calendars.js';
import type { SlaClockRepository } from '../repositories/sla-clocks.js';
import type { Principal } from '../auth/principal.js';
import type { CalendarService } from './calendars.js';

export interface HolidayServiceDependencies {
  calendars: CalendarRepository;
  calendarService: CalendarService;
  clocks: SlaClockRepository;
  temporal: Client;
}

/**
 * Declared holidays (an election day, a temporary holiday): recorded on the calendar, then every
 * running clock on it is told to recompute its deadline; each moved deadline lands on its request's
 * timeline (activities/sla.ts `replanClock`).
 */
export function createHolidayService({ calendars, calendarService, clocks, temporal }: HolidayServiceDependencies) {
  return {
    async declare(caller: Principal, holiday: { calendar: string; date: string; name: string }) {
      if (holiday.calendar === ALWAYS_CALENDAR) {
        throw validationFailed([{ path: 'body.calendar', message: 'the 24x7 calendar has no holidays' }]);
      }
      await calendarService.get(holiday.calendar);
      const id = randomUUID();
      const created = await calendars.declareHoliday({ id, ...holiday, createdBy: caller.sub });
      if (!created) throw conflict(`${holiday.calendar} already has a holiday on ${holiday.date}`);
      const running = await clocks.runningOn(holiday.calendar);
      const workflows = new Set(
        running.map((clock) =>
          clock.taskId === null ? requestWorkflowId(clock.requestId) : taskWorkflowId(clock.taskId),
        ),
      );
      for (const workflowId of workflows) {
        try {
          await temporal.workflow.getHandle(workflowId).signal(calendarChangedSignal, { holidayId: id, ...holiday });
        } catch {
          // A workflow that finished since the clock was read has no deadline left to move.
        }
      }
      return { id, ...holiday, affectedWorkflows: workflows.size };
    },
  };
}

import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { ALWAYS_CALENDAR, type HolidayFanOutStatus } from '../domain/vocabulary.js';
import { holidayRecordedUpdate, holidayWorkflowId } from '../domain/messages.js';
import { conflict, notFound, validationFailed } from '../errors.js';
import type { CalendarRepository, DeclaredHolidayProgress } from '../repositories/calendars.js';
import type { Principal } from '../auth/principal.js';
import type { holidayWorkflow } from '../../workflows/holiday.js';
import type { CalendarService } from './calendars.js';
import { retryingAbortedUpdates, type WorkflowCalls } from './workflow-calls.js';

export interface HolidayServiceDependencies {
  calendars: CalendarRepository;
  calendarService: CalendarService;
  workflows: WorkflowCalls;
  taskQueue: string;
}

/** A declared holiday as the API shows it: how far telling the running clocks has come. */
export function holidayView(holiday: DeclaredHolidayProgress) {
  const status: HolidayFanOutStatus = holiday.fanOutFinishedAt === null ? 'running' : 'finished';
  return {
    id: holiday.id,
    calendar: holiday.calendar,
    date: holiday.date,
    name: holiday.name,
    fanOut: {
      status,
      signalledWorkflows: holiday.signalledWorkflows,
      finishedAt: holiday.fanOutFinishedAt?.toISOString() ?? null,
    },
  };
}

/**
 * Declared holidays (an election day, a temporary holiday). The holiday is put on its calendar and told to every
 * running clock on it by a workflow (workflows/holiday.ts), never by this call, so nothing is lost when this
 * process or Temporal goes away halfway; each moved deadline lands on its request's timeline (activities/sla.ts
 * `replanClock`). Declaring the same holiday again answers with it, and restarts a fan-out that gave up.
 */
export function createHolidayService({ calendars, calendarService, workflows, taskQueue }: HolidayServiceDependencies) {
  return {
    async declare(caller: Principal, holiday: { calendar: string; date: string; name: string }) {
      if (holiday.calendar === ALWAYS_CALENDAR) {
        throw validationFailed([{ path: 'body.calendar', message: 'the 24x7 calendar has no holidays' }]);
      }
      await calendarService.get(holiday.calendar);
      const existing = await calendars.findHoliday(holiday.calendar, holiday.date);
      if (existing !== null && existing.name !== holiday.name) {
        throw conflict(`${holiday.calendar} already has a holiday on ${holiday.date}: ${existing.name}`);
      }
      if (existing?.fanOutFinishedAt) return { created: false, holiday: holidayView(existing) };
      const { holidayId } = await workflows.bounded((temporal) =>
        retryingAbortedUpdates(() =>
          temporal.workflow.executeUpdateWithStart(holidayRecordedUpdate, {
            startWorkflowOperation: new WithStartWorkflowOperation<typeof holidayWorkflow>('holidayWorkflow', {
              workflowId: holidayWorkflowId(holiday.calendar, holiday.date),
              taskQueue,
              args: [{ holidayId: existing?.id ?? randomUUID(), createdBy: caller.sub, ...holiday }],
              // A declaration under way is joined; one that ended (finished or gave up) may run again.
              workflowIdConflictPolicy: 'USE_EXISTING',
              workflowIdReusePolicy: 'ALLOW_DUPLICATE',
            }),
          }),
        ),
      );
      const recorded = await calendars.holiday(holidayId);
      if (recorded === null) throw new Error(`holiday ${holidayId} was declared but not recorded`);
      if (recorded.name !== holiday.name) {
        throw conflict(`${holiday.calendar} already has a holiday on ${holiday.date}: ${recorded.name}`);
      }
      return { created: existing === null, holiday: holidayView(recorded) };
    },

    async get(id: string) {
      const holiday = await calendars.holiday(id);
      if (holiday === null) throw notFound('holiday', id);
      return holidayView(holiday);
    },
  };
}

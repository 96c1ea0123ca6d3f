import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { calendarChangedSignal, holidayRecordedUpdate, type HolidayDeclaration } from '../src/domain/messages.js';

// A database outage stalls the fan-out for up to about a day before it gives up; declaring the holiday again
// starts it anew (src/services/holidays.ts), and every step is idempotent.
const { recordHoliday, holidayTargets, recordHolidayProgress } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', maximumAttempts: 300 },
});

/** Clocks read per page; each page's workflows are told at once. */
const PAGE = 100;

export interface HolidayFanOutInput extends HolidayDeclaration {
  /** Set when a run continues as new: the holiday is on the calendar, the pages up to `after` were told. */
  progress?: { after: string; signalledWorkflows: number };
}

/**
 * A declared holiday, durably: puts it on the calendar, then tells every workflow with a running clock on that
 * calendar to recompute its deadlines, a page at a time, recording how many were told. It runs to completion
 * across restarts of the API and the worker and outages of the database or Temporal, which an HTTP call could not.
 * A clock that starts while the holiday is recorded re-reads its calendar once written (activities/sla.ts
 * `startClock`), so it either sees the holiday or is running in time for this list.
 */
export async function holidayWorkflow(input: HolidayFanOutInput): Promise<{ signalledWorkflows: number }> {
  let holidayId: string | undefined = input.progress === undefined ? undefined : input.holidayId;
  setHandler(holidayRecordedUpdate, async () => {
    await condition(() => holidayId !== undefined);
    return { holidayId: holidayId! };
  });

  let signalledWorkflows = input.progress?.signalledWorkflows ?? 0;
  let after = input.progress?.after;
  if (input.progress === undefined) {
    const recorded = await recordHoliday(input);
    holidayId = recorded.holidayId;
    // The same holiday, told to its clocks already by an earlier run.
    if (recorded.finished) return { signalledWorkflows };
  }
  const change = { holidayId: holidayId!, calendar: input.calendar, date: input.date };

  for (;;) {
    const page = await holidayTargets({
      calendar: input.calendar,
      limit: PAGE,
      ...(after === undefined ? {} : { after }),
    });
    const told = await Promise.allSettled(
      page.workflowIds.map((workflowId) => getExternalWorkflowHandle(workflowId).signal(calendarChangedSignal, change)),
    );
    // A workflow that finished since its clock was read has no deadline left to move.
    signalledWorkflows += told.filter((result) => result.status === 'fulfilled').length;
    const finished = page.next === undefined;
    await recordHolidayProgress({ holidayId: holidayId!, signalledWorkflows, finished });
    if (finished) return { signalledWorkflows };
    after = page.next;
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof holidayWorkflow>({
        ...input,
        holidayId: holidayId!,
        progress: { after: after!, signalledWorkflows },
      });
    }
  }
}

import { ApplicationFailure } from '@temporalio/activity';
import { CalendarCoverageError } from '../src/calendar/index.js';
import { isRefusedInput } from '../src/db/errors.js';
import { CALENDAR_COVERAGE, REFUSED_INPUT } from '../src/domain/messages.js';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import type { RecordRequestEventInput, RecordTaskEventInput } from '../src/domain/projection.js';
import { createCalendarRepository } from '../src/repositories/calendars.js';
import { createProjectionRepository } from '../src/repositories/projections.js';
import { createSlaClockRepository } from '../src/repositories/sla-clocks.js';
import { createSlaPolicyRepository } from '../src/repositories/sla-policies.js';
import { createCalendarService } from '../src/services/calendars.js';
import { createHolidayActivities } from './holidays.js';
import { createSlaActivities } from './sla.js';

export interface ActivityDependencies {
  prisma: PrismaClient;
  /** Name of the SLA policy the clocks follow (SLA_POLICY). */
  slaPolicy: string;
}

/** Activities close over their dependencies, so tests hand in a real or a fake database. */
export function createActivities({ prisma, slaPolicy }: ActivityDependencies) {
  const projections = createProjectionRepository(prisma);
  const calendars = createCalendarRepository(prisma);
  const clocks = createSlaClockRepository(prisma);
  return failingFastOnBadInput({
    async recordRequestEvent(input: RecordRequestEventInput): Promise<void> {
      await projections.recordRequestEvent(input);
    },
    async recordTaskEvent(input: RecordTaskEventInput): Promise<void> {
      await projections.recordTaskEvent(input);
    },
    ...createSlaActivities({
      clocks,
      policies: createSlaPolicyRepository(prisma),
      calendars: createCalendarService({ calendars }),
      policyName: slaPolicy,
    }),
    ...createHolidayActivities({ calendars, clocks }),
  });
}

/**
 * An activity whose input can never succeed fails at once (non-retryable) instead of using up its retries: a date
 * beyond the calendars' years, or input the database refuses (a NUL byte in text, a broken constraint). Anything
 * else, a database that is away in particular, is retried within the bound of workflows/recording.ts.
 */
function failingFastOnBadInput<T extends Record<string, (input: never) => Promise<unknown>>>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [
      name,
      async (input: never) => {
        try {
          return await activity(input);
        } catch (error) {
          if (error instanceof CalendarCoverageError) {
            throw ApplicationFailure.create({ type: CALENDAR_COVERAGE, message: error.message, nonRetryable: true });
          }
          if (isRefusedInput(error)) {
            const message = error instanceof Error ? error.message : String(error);
            throw ApplicationFailure.create({ type: REFUSED_INPUT, message, nonRetryable: true });
          }
          throw error;
        }
      },
    ]),
  ) as T;
}

export type Activities = ReturnType<typeof createActivities>;

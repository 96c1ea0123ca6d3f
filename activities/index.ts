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
  return {
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
  };
}

export type Activities = ReturnType<typeof createActivities>;

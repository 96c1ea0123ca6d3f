import type { PrismaClient } from '../src/generated/prisma/client.js';
import type { RecordRequestEventInput, RecordTaskEventInput } from '../src/domain/projection.js';
import { createProjectionRepository } from '../src/repositories/projections.js';

export interface ActivityDependencies {
  prisma: PrismaClient;
}

/** Activities close over their dependencies, so tests hand in a real or a fake database. */
export function createActivities({ prisma }: ActivityDependencies) {
  const projections = createProjectionRepository(prisma);
  return {
    async recordRequestEvent(input: RecordRequestEventInput): Promise<void> {
      await projections.recordRequestEvent(input);
    },
    async recordTaskEvent(input: RecordTaskEventInput): Promise<void> {
      await projections.recordTaskEvent(input);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;

import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { TaskStatus } from '../domain/vocabulary.js';
import { after, type ListPosition } from './pagination.js';
import { taskSelect } from './requests.js';

const taskWithRequestSelect = {
  ...taskSelect,
  request: { select: { id: true, title: true, category: true, priority: true, provinceCode: true, status: true } },
} satisfies Prisma.TaskSelect;

export type TaskWithRequestRow = Prisma.TaskGetPayload<{ select: typeof taskWithRequestSelect }>;

export interface TaskFilter {
  status?: TaskStatus;
  mission?: string;
  requestId?: string;
}

export function createTaskRepository(prisma: PrismaClient) {
  return {
    find(id: string): Promise<TaskWithRequestRow | null> {
      return prisma.task.findUnique({ where: { id }, select: taskWithRequestSelect });
    },

    list(filter: TaskFilter, limit: number, position?: ListPosition): Promise<TaskWithRequestRow[]> {
      return prisma.task.findMany({
        where: {
          status: filter.status,
          missionCode: filter.mission,
          requestId: filter.requestId,
          ...after('createdAt', position),
        },
        select: taskWithRequestSelect,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
    },
  };
}

export type TaskRepository = ReturnType<typeof createTaskRepository>;

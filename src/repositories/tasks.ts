import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { TaskStatus } from '../domain/vocabulary.js';
import { after, type ListPosition } from './pagination.js';
import { taskSelect } from './requests.js';

const taskWithRequestSelect = {
  ...taskSelect,
  request: { select: { id: true, title: true, category: true, priority: true, provinceCode: true, status: true } },
} satisfies Prisma.TaskSelect;

const deadlineSelect = {
  stage: true,
  taskId: true,
  holder: true,
  state: true,
  dueAt: true,
} satisfies Prisma.SlaClockSelect;

/**
 * A task with its request's brief and its own running clocks (earliest due first): what the task inbox shows, read
 * in two queries per page instead of one request detail per row.
 */
export type TaskWithRequestRow = Prisma.TaskGetPayload<{ select: typeof taskWithRequestSelect }> & {
  deadlines: Array<Prisma.SlaClockGetPayload<{ select: typeof deadlineSelect }>>;
};

export interface TaskFilter {
  status?: TaskStatus;
  mission?: string;
  requestId?: string;
}

export function createTaskRepository(prisma: PrismaClient) {
  async function withDeadlines(
    tasks: Array<Prisma.TaskGetPayload<{ select: typeof taskWithRequestSelect }>>,
  ): Promise<TaskWithRequestRow[]> {
    if (tasks.length === 0) return [];
    const clocks = await prisma.slaClock.findMany({
      where: { taskId: { in: tasks.map((task) => task.id) }, stoppedAt: null },
      select: deadlineSelect,
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    });
    return tasks.map((task) => ({ ...task, deadlines: clocks.filter((clock) => clock.taskId === task.id) }));
  }

  return {
    async find(id: string): Promise<TaskWithRequestRow | null> {
      const task = await prisma.task.findUnique({ where: { id }, select: taskWithRequestSelect });
      return task === null ? null : (await withDeadlines([task]))[0]!;
    },

    async list(filter: TaskFilter, limit: number, position?: ListPosition): Promise<TaskWithRequestRow[]> {
      const tasks = await prisma.task.findMany({
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
      return withDeadlines(tasks);
    },
  };
}

export type TaskRepository = ReturnType<typeof createTaskRepository>;

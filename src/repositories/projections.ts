import type { PrismaClient } from '../generated/prisma/client.js';
import type { RecordRequestEventInput, RecordTaskEventInput } from '../domain/projection.js';
import { requestWorkflowId, taskWorkflowId } from '../domain/messages.js';

/**
 * Writes what the workflows report into the read model. Each call is one transaction holding the state
 * change and its audit row; an event id seen before makes the call a no-op, and a snapshot older than
 * the stored version never overwrites it, so activity retries are safe.
 */
export function createProjectionRepository(prisma: PrismaClient) {
  return {
    async recordRequestEvent({ event, request, submission, newTasks = [] }: RecordRequestEventInput): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const seen = await tx.auditEvent.findUnique({ where: { id: event.id }, select: { id: true } });
        if (seen !== null) return false;
        const state = {
          status: request.status,
          outcome: request.outcome,
          priority: request.priority,
          missions: request.missions,
          clarificationQuestion: request.clarificationQuestion,
          closedAt: request.closedAt === null ? null : new Date(request.closedAt),
          version: request.version,
        };
        if (submission !== undefined) {
          await tx.request.createMany({
            data: [
              {
                id: submission.requestId,
                workflowId: requestWorkflowId(submission.requestId),
                provinceCode: submission.provinceCode,
                createdBy: submission.createdBy,
                title: submission.title,
                description: submission.description,
                category: submission.category,
                targetCountries: submission.targetCountries,
                desiredBy: submission.desiredBy === undefined ? null : new Date(submission.desiredBy),
                idempotencyKey: submission.idempotencyKey ?? null,
                fingerprint: submission.fingerprint,
                createdAt: new Date(submission.createdAt),
                ...state,
              },
            ],
            skipDuplicates: true,
          });
        } else {
          await tx.request.updateMany({ where: { id: event.requestId, version: { lt: request.version } }, data: state });
        }
        if (newTasks.length > 0) {
          await tx.task.createMany({
            data: newTasks.map((task) => ({
              id: task.taskId,
              workflowId: taskWorkflowId(task.taskId),
              requestId: event.requestId,
              missionCode: task.missionCode,
              status: 'pending',
              note: task.note,
              createdAt: new Date(event.at),
            })),
            skipDuplicates: true,
          });
        }
        await tx.auditEvent.create({ data: { ...event, taskId: event.taskId ?? null, at: new Date(event.at) } });
        return true;
      });
    },

    async recordTaskEvent({ event, task }: RecordTaskEventInput): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const seen = await tx.auditEvent.findUnique({ where: { id: event.id }, select: { id: true } });
        if (seen !== null) return false;
        const { taskId, requestId: _requestId, ...fields } = task;
        await tx.task.updateMany({ where: { id: taskId, version: { lt: task.version } }, data: fields });
        await tx.auditEvent.create({ data: { ...event, taskId, at: new Date(event.at) } });
        return true;
      });
    },
  };
}

export type ProjectionRepository = ReturnType<typeof createProjectionRepository>;

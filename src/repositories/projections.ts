import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { AuditEventRecord, RecordRequestEventInput, RecordTaskEventInput } from '../domain/projection.js';
import { requestWorkflowId, taskWorkflowId } from '../domain/messages.js';
import { queueNotifications } from './notifications.js';

/** Appends the audit row; false when this event id was recorded before (a retried activity). */
async function appendEvent(
  tx: Prisma.TransactionClient,
  event: Omit<AuditEventRecord, 'taskId'> & { taskId: string | null },
): Promise<boolean> {
  const { count } = await tx.auditEvent.createMany({
    data: [{ ...event, at: new Date(event.at) }],
    skipDuplicates: true,
  });
  return count > 0;
}

/**
 * Writes what the workflows report into the read model. Each call is one transaction holding the state
 * change, its audit row and the notifications the event sends; an event id seen before makes the call a no-op, and a snapshot older than
 * the stored version never overwrites it, so activity retries are safe.
 */
export function createProjectionRepository(prisma: PrismaClient) {
  return {
    async recordRequestEvent({ event, request, submission, newTasks = [] }: RecordRequestEventInput): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
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
        }
        if (!(await appendEvent(tx, { ...event, taskId: event.taskId ?? null }))) return false;
        if (submission === undefined) {
          await tx.request.updateMany({
            where: { id: event.requestId, version: { lt: request.version } },
            data: state,
          });
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
        await queueNotifications(tx, { ...event, taskId: event.taskId ?? null }, newTasks);
        return true;
      });
    },

    async recordTaskEvent({ event, task }: RecordTaskEventInput): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { taskId, requestId: _requestId, ...fields } = task;
        if (!(await appendEvent(tx, { ...event, taskId }))) return false;
        await tx.task.updateMany({ where: { id: taskId, version: { lt: task.version } }, data: fields });
        await queueNotifications(tx, { ...event, taskId });
        return true;
      });
    },
  };
}

export type ProjectionRepository = ReturnType<typeof createProjectionRepository>;

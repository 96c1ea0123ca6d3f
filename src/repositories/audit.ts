import type { Prisma } from '../generated/prisma/client.js';
import type { TimelineEventType } from '../domain/vocabulary.js';

/**
 * The audit row of a change the API makes itself, not through a workflow (a message, an attachment, a records
 * field): written in the same transaction as the change.
 */
export interface ApiAuditEvent {
  /** `<thing>-<its id>:<what happened>`, so that it never meets a workflow's `<workflow id>:<version>`. */
  id: string;
  requestId: string;
  type: TimelineEventType;
  actor: string;
  at: Date;
  data: Prisma.InputJsonObject;
}

export async function appendApiEvent(tx: Prisma.TransactionClient, event: ApiAuditEvent): Promise<void> {
  await tx.auditEvent.create({ data: event });
}

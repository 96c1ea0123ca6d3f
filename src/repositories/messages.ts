import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { MessageAudience } from '../domain/vocabulary.js';
import { appendApiEvent, type ApiAuditEvent } from './audit.js';
import { after, type ListPosition } from './pagination.js';

const messageSelect = {
  id: true,
  requestId: true,
  audience: true,
  missionCode: true,
  author: true,
  authorAgency: true,
  body: true,
  createdAt: true,
  redactedAt: true,
  redactedBy: true,
  redactionReason: true,
} satisfies Prisma.MessageSelect;

export type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

/**
 * The part of a thread a query may return: messages to any of `audiences`, and the MOFA-and-mission thread of
 * `missionThread` (need-to-know builds it; src/access/need-to-know.ts).
 */
export interface MessageScope {
  audiences: readonly MessageAudience[];
  missionThread?: string;
}

export interface NewMessage {
  id: string;
  requestId: string;
  audience: MessageAudience;
  missionCode: string | null;
  author: string;
  authorAgency: string;
  body: string;
  createdAt: Date;
}

export interface Redaction {
  messageId: string;
  by: string;
  at: Date;
  reason: string;
}

export function createMessageRepository(prisma: PrismaClient) {
  return {
    list(requestId: string, scope: MessageScope, limit: number, position?: ListPosition): Promise<MessageRow[]> {
      const threads: Prisma.MessageWhereInput[] = [{ audience: { in: [...scope.audiences] } }];
      if (scope.missionThread !== undefined) {
        threads.push({ audience: 'mofa_mission', missionCode: scope.missionThread });
      }
      return prisma.message.findMany({
        where: { requestId, AND: [{ OR: threads }, after('createdAt', position)] },
        select: messageSelect,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
    },

    find(id: string): Promise<MessageRow | null> {
      return prisma.message.findUnique({ where: { id }, select: messageSelect });
    },

    /** The message and its audit row, in one transaction. */
    async create(message: NewMessage, event: ApiAuditEvent): Promise<MessageRow> {
      return prisma.$transaction(async (tx) => {
        const created = await tx.message.create({ data: message, select: messageSelect });
        await appendApiEvent(tx, event);
        return created;
      });
    },

    /** Empties the message and records the redaction with its audit row; false when it was redacted already. */
    async redact({ messageId, by, at, reason }: Redaction, event: ApiAuditEvent): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.message.updateMany({
          where: { id: messageId, redactedAt: null },
          data: { body: '', redactedAt: at, redactedBy: by, redactionReason: reason },
        });
        if (count === 0) return false;
        await appendApiEvent(tx, event);
        return true;
      });
    },
  };
}

export type MessageRepository = ReturnType<typeof createMessageRepository>;

import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { mailFacts, type MailFacts } from '../access/need-to-know.js';
import type { NewTask } from '../domain/projection.js';
import type { NotificationKind, NotificationStatus, Outcome, Stage, TimelineEventType } from '../domain/vocabulary.js';
import {
  notificationRules,
  plannedNotifications,
  type Desk,
  type PlannedNotification,
} from '../notifications/events.js';

/** An audit row just written, as the outbox reads it. */
export interface RecordedEvent {
  id: string;
  requestId: string;
  taskId: string | null;
  type: TimelineEventType;
  data: Record<string, unknown>;
}

export interface Recipient {
  address: string;
  language: string;
  timeZone: string;
}

/** Domain of the one mailbox per desk that stands in for the desk's people until the directory of people exists. */
export const DESK_MAIL_DOMAIN = 'desks.oneteam.test';

export function deskMailbox({ agencyCode, role }: Desk): string {
  return `${role}.${agencyCode.toLowerCase()}@${DESK_MAIL_DOMAIN}`;
}

/** Stable per (event, recipient): the row's key, and the Message-ID every attempt sends. */
export function notificationId(eventId: string, address: string): string {
  return createHash('sha256').update(`${eventId}\n${address}`).digest('hex').slice(0, 40);
}

export const messageIdOf = (id: string) => `<${id}@notifications.oneteam>`;

async function recipientsOf(tx: Prisma.TransactionClient, desk: Desk): Promise<Recipient[]> {
  const agency = await tx.agency.findUnique({ where: { code: desk.agencyCode }, select: { timeZone: true } });
  if (agency === null) return [];
  return [{ address: deskMailbox(desk), language: 'ko', timeZone: agency.timeZone }];
}

/**
 * Queues the notifications of an event, inside the transaction that records its audit row: the mail exists
 * exactly when the event does. Keyed by (event, recipient), so recording the event again queues nothing more.
 */
export async function queueNotifications(
  tx: Prisma.TransactionClient,
  event: RecordedEvent,
  newTasks: readonly NewTask[] = [],
): Promise<void> {
  if (notificationRules[event.type] === undefined) return;
  const request = await tx.request.findUnique({
    where: { id: event.requestId },
    select: { title: true, description: true, provinceCode: true, outcome: true },
  });
  if (request === null) return;
  const missionCode =
    typeof event.data.missionCode === 'string'
      ? event.data.missionCode
      : event.taskId === null
        ? undefined
        : (await tx.task.findUnique({ where: { id: event.taskId }, select: { missionCode: true } }))?.missionCode;
  const planned = plannedNotifications(event, {
    provinceCode: request.provinceCode,
    ...(missionCode === undefined ? {} : { missionCode }),
    newTasks,
  });
  const rows: Prisma.NotificationCreateManyInput[] = [];
  for (const entry of planned) {
    const facts = factsOf(
      entry,
      event,
      request,
      entry.desk.role === 'mission_officer' ? entry.desk.agencyCode : missionCode,
    );
    for (const recipient of await recipientsOf(tx, entry.desk)) {
      const id = notificationId(event.id, recipient.address);
      rows.push({
        id,
        eventId: event.id,
        kind: entry.kind,
        requestId: event.requestId,
        taskId: entry.taskId,
        desk: `${entry.desk.agencyCode}:${entry.desk.role}`,
        address: recipient.address,
        language: recipient.language,
        timeZone: recipient.timeZone,
        facts: { ...facts, ...(entry.actOn === undefined ? {} : { actOn: entry.actOn }) },
        messageId: messageIdOf(id),
        notBefore: new Date(),
      });
    }
  }
  if (rows.length > 0) await tx.notification.createMany({ data: rows, skipDuplicates: true });
}

function factsOf(
  entry: PlannedNotification,
  event: RecordedEvent,
  request: { title: string; description: string; provinceCode: string; outcome: Outcome | null },
  missionCode: string | undefined,
): MailFacts {
  return mailFacts({
    requestId: event.requestId,
    taskId: entry.taskId,
    title: request.title,
    description: request.description,
    provinceCode: request.provinceCode,
    missionCode: missionCode ?? null,
    stage: entry.stage ?? null,
    level: entry.level ?? null,
    dueAt: entry.dueAt ?? null,
    outcome: request.outcome,
    eventData: event.data,
  });
}

/** A queued notification as the sender reads it. */
export interface OutboxRow {
  id: string;
  kind: NotificationKind;
  requestId: string;
  taskId: string | null;
  /** `AGENCY:role`: whose working hours the mail keeps. */
  desk: string;
  address: string;
  language: string;
  timeZone: string;
  facts: MailFacts & { actOn?: Stage };
  messageId: string;
  attempts: number;
  createdAt: Date;
}

/** The sender's side of the outbox: due rows are claimed with a lease, then settled as sent, retried or failed. */
export function createNotificationOutbox(prisma: PrismaClient) {
  return {
    /**
     * Claims up to `limit` due rows for `leaseMs`, counting the attempt. Rows another sender holds are skipped;
     * a row whose lease ran out (its sender died) is due again.
     */
    async claimDue({ now, limit, leaseMs }: { now: Date; limit: number; leaseMs: number }): Promise<OutboxRow[]> {
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const rows = await prisma.$queryRaw<
        Array<Omit<OutboxRow, 'taskId'> & { taskId: string | null; facts: OutboxRow['facts'] }>
      >`
        UPDATE notifications SET lease_until = ${leaseUntil}, attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM notifications
          WHERE status = 'queued' AND not_before <= ${now} AND (lease_until IS NULL OR lease_until <= ${now})
          ORDER BY not_before
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING id, kind, request_id::text AS "requestId", task_id::text AS "taskId", desk, address, language,
          time_zone AS "timeZone", facts, message_id AS "messageId", attempts, created_at AS "createdAt"`;
      return rows;
    },

    async markSent(id: string, at: Date): Promise<void> {
      await prisma.notification.update({ where: { id }, data: { status: 'sent', sentAt: at, leaseUntil: null } });
    },

    async retryLater(id: string, notBefore: Date, error: string): Promise<void> {
      await prisma.notification.update({ where: { id }, data: { notBefore, leaseUntil: null, lastError: error } });
    },

    /** Puts a row back without counting the attempt (what it waits for is not there yet). */
    async postpone(id: string, notBefore: Date): Promise<void> {
      await prisma.notification.update({
        where: { id },
        data: { notBefore, leaseUntil: null, attempts: { decrement: 1 } },
      });
    },

    async markFailed(id: string, error: string): Promise<void> {
      await prisma.notification.update({
        where: { id },
        data: { status: 'failed', leaseUntil: null, lastError: error },
      });
    },

    /**
     * Due time of the stage's latest clock, for "by when" in the subject; null while the clock has not started.
     * A clock that already stopped (the work was done before the mail left) still names the deadline it had.
     */
    async dueAtOf(requestId: string, taskId: string | null, stage: Stage): Promise<Date | null> {
      const clock = await prisma.slaClock.findFirst({
        where: { requestId, stage, ...(taskId === null ? {} : { taskId }) },
        orderBy: { startedAt: 'desc' },
        select: { dueAt: true },
      });
      return clock?.dueAt ?? null;
    },

    /** Agencies' names in English and Korean, for the mail's words. */
    async agencyNames(): Promise<Map<string, { name: string; nameKo: string | null }>> {
      const agencies = await prisma.agency.findMany({ select: { code: true, name: true, nameKo: true } });
      return new Map(agencies.map(({ code, ...names }) => [code, names]));
    },

    /** The delivery log of a request's notifications. */
    forRequest(requestId: string) {
      return prisma.notification.findMany({
        where: { requestId },
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          eventId: true,
          kind: true,
          desk: true,
          address: true,
          messageId: true,
          status: true,
          attempts: true,
          lastError: true,
          createdAt: true,
          sentAt: true,
        },
      }) as Promise<
        Array<{
          id: string;
          eventId: string;
          kind: string;
          desk: string;
          address: string;
          messageId: string;
          status: NotificationStatus;
          attempts: number;
          lastError: string | null;
          createdAt: Date;
          sentAt: Date | null;
        }>
      >;
    },
  };
}

export type NotificationOutbox = ReturnType<typeof createNotificationOutbox>;

/**
 * Sends what the outbox holds. Each row is claimed with a lease, sent with its fixed Message-ID and then recorded
 * as sent: the only window in which a mail can go twice is between the server's acceptance and that record (a
 * crash there), and the second copy has the same Message-ID. A refused mail is retried with backoff up to a bound,
 * a permanent refusal fails at once; either is logged on the row and the other recipients are not held up.
 */
import { isWorkingTime, nextWorkingInstant, type CalendarDefinition } from '../calendar/index.js';
import type { NotificationOutbox, OutboxRow } from '../repositories/notifications.js';
import { breaksQuietHours, calendarOfDesk } from './events.js';
import { renderMail } from './mail.js';
import { PermanentDeliveryError, type MailTransport } from './transport.js';

export interface RetryPolicy {
  /** Attempts before a row fails for good (a crashed attempt counts too). */
  maxAttempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/** About half an hour of attempts: a mail server that restarts or is briefly down loses nothing. */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 10, firstDelayMs: 5_000, maxDelayMs: 600_000 };

export interface SenderDependencies {
  outbox: Pick<
    NotificationOutbox,
    'claimDue' | 'markSent' | 'retryLater' | 'postpone' | 'markFailed' | 'dueAtOf' | 'agencyNames'
  >;
  transport: MailTransport;
  /** The From of every mail. */
  from: string;
  /** Where people open OneTeam; links point below it. */
  publicUrl: string;
  log: { warn(message: string): void };
  /**
   * Quiet hours: a mail that reaches its recipient outside the working hours of the recipient's calendar waits for
   * the next working morning, unless it is a level 3 escalation. Absent: every mail goes at once.
   */
  calendars?: { get(code: string): Promise<CalendarDefinition> };
  retry?: RetryPolicy;
  /** How long a claimed row is this sender's before another may take it over (longer than one send). */
  leaseMs?: number;
  /** Rows claimed per pass. */
  batchSize?: number;
  /** How long a mail waits for the deadline it names, when the stage's clock has not started yet. */
  deadlineWaitMs?: number;
  now?: () => Date;
}

export interface DeliveryPass {
  claimed: number;
  /** Held for quiet hours. */
  held: number;
  sent: number;
  retried: number;
  failed: number;
}

export function createNotificationSender(deps: SenderDependencies) {
  const retry = deps.retry ?? defaultRetryPolicy;
  const leaseMs = deps.leaseMs ?? 60_000;
  const batchSize = deps.batchSize ?? 20;
  const deadlineWaitMs = deps.deadlineWaitMs ?? 15_000;
  const now = deps.now ?? (() => new Date());
  let names: Awaited<ReturnType<SenderDependencies['outbox']['agencyNames']>> | undefined;

  const agencyName = (code: string, language: 'ko' | 'en') => {
    const agency = names?.get(code);
    if (agency === undefined) return code;
    return language === 'ko' ? (agency.nameKo ?? agency.name) : agency.name;
  };

  const backoff = (attempts: number) => Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** (attempts - 1));

  async function deliver(row: OutboxRow, pass: DeliveryPass): Promise<void> {
    const actOn = row.facts.actOn;
    const dueAt =
      row.facts.dueAt !== null
        ? new Date(row.facts.dueAt)
        : actOn === undefined
          ? null
          : await deps.outbox.dueAtOf(row.requestId, row.taskId, actOn);
    const started = now();
    if (actOn !== undefined && dueAt === null && started.getTime() - row.createdAt.getTime() < deadlineWaitMs) {
      await deps.outbox.postpone(row.id, new Date(started.getTime() + 500));
      return;
    }
    if (deps.calendars !== undefined && !breaksQuietHours.includes(row.kind)) {
      const calendar = await deps.calendars.get(calendarOfDesk(row.desk.split(':')[0]!));
      if (!isWorkingTime(calendar, started)) {
        await deps.outbox.postpone(row.id, nextWorkingInstant(calendar, started));
        pass.held += 1;
        return;
      }
    }
    try {
      const content = renderMail({
        kind: row.kind,
        facts: row.facts,
        language: row.language,
        timeZone: row.timeZone,
        dueAt,
        link: `${deps.publicUrl.replace(/\/$/, '')}/app/requests/${row.requestId}`,
        agencyName,
      });
      await deps.transport.send({ messageId: row.messageId, from: deps.from, to: row.address, ...content });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof PermanentDeliveryError || row.attempts >= retry.maxAttempts) {
        await deps.outbox.markFailed(row.id, reason);
        deps.log.warn(
          `notification ${row.messageId} to ${row.address} failed after ${row.attempts} attempts: ${reason}`,
        );
        pass.failed += 1;
      } else {
        await deps.outbox.retryLater(row.id, new Date(now().getTime() + backoff(row.attempts)), reason);
        pass.retried += 1;
      }
      return;
    }
    await deps.outbox.markSent(row.id, now());
    pass.sent += 1;
  }

  return {
    /** One pass over the due rows; what it claimed, held for quiet hours, sent, put back for a retry and failed. */
    async deliverDue(): Promise<DeliveryPass> {
      const rows = await deps.outbox.claimDue({ now: now(), limit: batchSize, leaseMs });
      const pass: DeliveryPass = { claimed: rows.length, held: 0, sent: 0, retried: 0, failed: 0 };
      if (rows.length === 0) return pass;
      names ??= await deps.outbox.agencyNames();
      for (const row of rows) await deliver(row, pass);
      return pass;
    },
  };
}

export type NotificationSender = ReturnType<typeof createNotificationSender>;

/**
 * Notifications: who hears of which event (events.ts), what a mail may say (need-to-know's mailFacts), the words
 * (words.ts, mail.ts), the outbox (src/repositories/notifications.ts), the sender and the drainer that runs it in
 * the worker process.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import { createCalendarRepository } from '../repositories/calendars.js';
import { createNotificationOutbox } from '../repositories/notifications.js';
import { createCalendarService } from '../services/calendars.js';
import { startNotificationDrainer, type Drainer } from './drainer.js';
import { createNotificationSender, type RetryPolicy } from './sender.js';
import type { MailTransport } from './transport.js';

export {
  breaksQuietHours,
  calendarOfDesk,
  notificationRules,
  plannedNotifications,
  stageHolderRole,
} from './events.js';
export { createNotificationSender, defaultRetryPolicy, type RetryPolicy } from './sender.js';
export { logTransport, PermanentDeliveryError, smtpTransport, type MailTransport } from './transport.js';
export type { Drainer } from './drainer.js';

export interface MailDeliveryOptions {
  prisma: PrismaClient;
  transport: MailTransport;
  from: string;
  publicUrl: string;
  log: { warn(message: string): void };
  retry?: RetryPolicy;
  leaseMs?: number;
  intervalMs?: number;
  /** Hold mail outside the recipient's working hours (default true; the tests, which run at any hour, turn it off). */
  quietHours?: boolean;
}

/** Starts sending the outbox's mail through `transport`; stop() finishes the pass under way and closes it. */
export function startMailDelivery({
  prisma,
  transport,
  intervalMs,
  log,
  quietHours = true,
  ...options
}: MailDeliveryOptions): Drainer {
  const sender = createNotificationSender({
    outbox: createNotificationOutbox(prisma),
    transport,
    log,
    ...(quietHours ? { calendars: createCalendarService({ calendars: createCalendarRepository(prisma) }) } : {}),
    ...options,
  });
  const drainer = startNotificationDrainer({ sender, log, ...(intervalMs === undefined ? {} : { intervalMs }) });
  return {
    async stop() {
      await drainer.stop();
      transport.close();
    },
  };
}

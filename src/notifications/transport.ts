/** How a mail leaves: SMTP through nodemailer (Mailpit locally, the ministry's relay in production), or the log. */
import nodemailer from 'nodemailer';
import { isLoopbackHost } from '../config.js';

export interface OutgoingMail {
  /** `<id@domain>`: the same on every attempt, so receivers that drop duplicates show a resend once. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The server refused this mail for good (a 5xx reply: unknown mailbox, refused sender): no retry helps. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

export function smtpTransport(url: string): MailTransport {
  const relay = new URL(url);
  const secure = relay.protocol === 'smtps:';
  const transporter = nodemailer.createTransport({
    host: relay.hostname,
    port: relay.port === '' ? (secure ? 465 : 587) : Number(relay.port),
    secure,
    // Mail crosses the network encrypted: STARTTLS is required unless the relay is on this machine (Mailpit).
    requireTLS: !secure && !isLoopbackHost(relay.hostname),
    ...(relay.username === ''
      ? {}
      : { auth: { user: decodeURIComponent(relay.username), pass: decodeURIComponent(relay.password) } }),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      try {
        await transporter.sendMail(mail);
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        if (typeof code === 'number' && code >= 500) {
          throw new PermanentDeliveryError(error instanceof Error ? error.message : String(error));
        }
        throw error;
      }
    },
    close: () => transporter.close(),
  };
}

/** `npm start` without a mail server: each mail is written to the log instead. */
export function logTransport(log: { info(message: string): void }): MailTransport {
  return {
    async send(mail) {
      log.info(`mail to ${mail.to}: ${mail.subject}\n${mail.text}`);
    },
    close: () => {},
  };
}

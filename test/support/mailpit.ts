/**
 * Mailpit for the integration tests: free ports, messages in memory. The binary is looked up once per test process
 * (MAILPIT_PATH, PATH, ~/go/bin, else built with `go install`, about a minute and a half: .ci/run needs nothing more).
 */
import { freePort } from '../../src/local/processes/index.js';
import { findMailpit, startMailpit, type MailpitServer } from '../../src/local/mailpit/index.js';

const log = {
  info: (message: string) => console.log(`[mailpit] ${message}`),
  warn: (message: string) => console.warn(`[mailpit] ${message}`),
};

let binary: Promise<string | undefined> | undefined;

export async function startTestMailpit(ports?: { smtpPort: number; httpPort: number }): Promise<MailpitServer> {
  binary ??= findMailpit({ explicitPath: process.env.MAILPIT_PATH, log });
  const found = await binary;
  if (found === undefined)
    throw new Error('Mailpit is missing and could not be built (install Go, or set MAILPIT_PATH)');
  return startMailpit({
    binary: found,
    smtpPort: ports?.smtpPort ?? (await freePort()),
    httpPort: ports?.httpPort ?? (await freePort()),
    log,
  });
}

/** A message as Mailpit's API lists it. */
export interface MailpitSummary {
  ID: string;
  MessageID: string;
  Subject: string;
  To: Array<{ Address: string }>;
}

export interface MailpitMessage extends MailpitSummary {
  Text: string;
  HTML: string;
}

/** Messages whose text matches Mailpit's search `query` (e.g. a request id in the link), newest first. */
export async function searchMail(httpUrl: string, query: string): Promise<MailpitSummary[]> {
  const response = await fetch(`${httpUrl}/api/v1/search?query=${encodeURIComponent(query)}&limit=500`);
  if (!response.ok) throw new Error(`Mailpit search: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { messages: MailpitSummary[] }).messages;
}

export async function readMail(httpUrl: string, id: string): Promise<MailpitMessage> {
  const response = await fetch(`${httpUrl}/api/v1/message/${id}`);
  if (!response.ok) throw new Error(`Mailpit message: ${response.status} ${await response.text()}`);
  return (await response.json()) as MailpitMessage;
}

/**
 * Mailpit, the local mail server of `npm start` and the tests: it accepts SMTP and shows what arrived in a web UI
 * and over an HTTP API. It drops a message whose Message-ID it has seen (`--ignore-duplicate-ids`), as receivers
 * that deduplicate do, so a resend after a crash shows once. Found or built like the Temporal CLI.
 */
import { findGoTool, startChild, waitForHttpOk, type GoTool, type GoToolLogger } from '../processes/index.js';

export const MAILPIT_MODULE = 'github.com/axllent/mailpit';
export const MAILPIT_VERSION = '1.33.1';

const mailpit: GoTool = {
  name: 'mailpit',
  label: 'Mailpit',
  module: MAILPIT_MODULE,
  version: MAILPIT_VERSION,
  pathVariable: 'MAILPIT_PATH',
};

export function findMailpit(opts: { explicitPath?: string; log: GoToolLogger; build?: boolean }) {
  return findGoTool(mailpit, opts);
}

export interface StartMailpitOptions {
  binary: string;
  smtpPort: number;
  httpPort: number;
  /** Messages kept in this SQLite file across restarts; omitted: a temporary one, gone on stop. */
  databaseFile?: string;
  log: GoToolLogger;
}

export interface MailpitServer {
  /** `smtp://127.0.0.1:<port>` */
  smtpUrl: string;
  /** Web UI and API root, `http://127.0.0.1:<port>` (the API is under `/api/v1`). */
  httpUrl: string;
  stop(): Promise<void>;
}

export async function startMailpit(opts: StartMailpitOptions): Promise<MailpitServer> {
  const host = '127.0.0.1';
  const httpUrl = `http://${host}:${opts.httpPort}`;
  const child = await startChild({
    name: 'Mailpit',
    command: opts.binary,
    args: [
      ...['--smtp', `${host}:${opts.smtpPort}`, '--listen', `${host}:${opts.httpPort}`],
      ...['--ignore-duplicate-ids', '--smtp-auth-accept-any', '--smtp-auth-allow-insecure'],
      ...['--max', '0', '--disable-version-check', '--quiet'],
      ...(opts.databaseFile === undefined ? [] : ['--database', opts.databaseFile]),
    ],
    tailLines: 40,
  });
  try {
    await waitForHttpOk(`${httpUrl}/readyz`, { timeoutMs: 30_000, child });
  } catch (error) {
    await child.stop(5_000);
    throw error;
  }
  return { smtpUrl: `smtp://${host}:${opts.smtpPort}`, httpUrl, stop: () => child.stop(5_000) };
}

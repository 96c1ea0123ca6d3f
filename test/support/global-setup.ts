/**
 * Starts what the integration tests share, once per `npm test`: a real PostgreSQL (embedded, or the
 * server in TEST_DATABASE_URL) with migrations and seeds applied, a real Temporal dev server, Mailpit (found
 * or built like the Temporal CLI), and the workflow bundle. Only the integration project (vitest.config.ts) runs it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { provisionDatabase } from '../../src/local/database.js';
import { freePort } from '../../src/local/processes/index.js';
import { startTestMailpit } from './mailpit.js';
import { startTestTemporal } from './temporal.js';
import { writeWorkflowBundle } from './workflow-bundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The service's row-only login (what the API and the worker use). */
    databaseUrl: string;
    /** The owner of the tables (migrations, seeds). */
    ownerDatabaseUrl: string;
    temporalAddress: string;
    /** Mailpit's SMTP (`smtp://127.0.0.1:<port>`) and its web UI and API root. */
    mailpitSmtpUrl: string;
    mailpitHttpUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-test-'));
  const [database, temporal, mailpit, workflowBundlePath] = await Promise.all([
    provisionDatabase(
      { DATABASE_URL: process.env.TEST_DATABASE_URL, dataDir, EMBEDDED_PG_PORT: await freePort() },
      { onNotice: (message) => console.log(message) },
    ),
    startTestTemporal(),
    startTestMailpit(),
    writeWorkflowBundle(dataDir),
  ]);

  project.provide('databaseUrl', database.url);
  project.provide('ownerDatabaseUrl', database.ownerUrl);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('mailpitSmtpUrl', mailpit.smtpUrl);
  project.provide('mailpitHttpUrl', mailpit.httpUrl);

  return async () => {
    await mailpit.stop();
    await temporal.stop();
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

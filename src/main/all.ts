/**
 * `npm start`: the whole product on one machine. Starts (or reuses) the embedded PostgreSQL and the
 * Temporal dev server under DATA_DIR, applies migrations and seeds, then runs the worker and the API
 * in this process. Ctrl-C stops everything; starting again keeps all data.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createApp } from '../app.js';
import { loadConfig, localApiUrl, publicUrlOf } from '../config.js';
import { createPrismaClient } from '../db/client.js';
import { provisionDatabase } from '../local/database.js';
import { startServer } from '../server.js';
import { connectClient, connectWorkerConnection, resolveTemporalConnection } from '../temporal/connection.js';
import { findTemporalCli, startDevServer, type DevServer } from '../local/temporal/index.js';
import { createPayloadCodec, loadPayloadKeys } from '../temporal/payload-codec.js';
import { createWorker } from '../worker.js';
import { findMailpit, startMailpit } from '../local/mailpit/index.js';
import { logTransport, smtpTransport, startMailDelivery, type MailTransport } from '../notifications/index.js';
import { exitOnStartupFailure, printBanner, stepLogger, warnAboutTokenMode } from './console.js';

const config = loadConfig(process.env, { embedded: true });
const log = stepLogger();
const cleanups: Array<() => Promise<void>> = [];

async function stopAll(): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      log.warn(`while stopping: ${String(error)}`);
    }
  }
}

warnAboutTokenMode(config, log);

try {
  await mkdir(config.dataDir, { recursive: true });

  const embeddedTemporal = config.TEMPORAL_ADDRESS === undefined;
  // Only on the embedded dev server may the key be generated: a cluster's workers elsewhere need the same key.
  const payloadCodec = createPayloadCodec(
    await loadPayloadKeys(config, {
      generateInDataDir: embeddedTemporal,
      command: '`npm start` with TEMPORAL_ADDRESS',
    }),
  );
  const codecEndpoint = `${localApiUrl(config)}/codec`;

  log.info(
    config.DATABASE_URL === undefined ? `Starting the embedded PostgreSQL in ${config.dataDir}` : 'Using DATABASE_URL',
  );
  const database = await provisionDatabase(config, { onNotice: log.info });
  cleanups.push(() => database.stop());

  let devServer: DevServer | undefined;
  if (embeddedTemporal) {
    const cliPath = await findTemporalCli({ cliPath: config.TEMPORAL_CLI_PATH, log });
    log.info('Starting the Temporal dev server');
    devServer = await startDevServer({
      dataDir: config.dataDir,
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_DEV_UI_PORT,
      uiCodecEndpoint: codecEndpoint,
      namespace: config.TEMPORAL_NAMESPACE,
      cliPath,
      log,
    });
    cleanups.push(() => devServer!.stop());
  }
  const overrides = devServer === undefined ? {} : { address: devServer.address };
  const { namespace } = resolveTemporalConnection(config, overrides);

  const workerConnection = await connectWorkerConnection(config, overrides);
  cleanups.push(() => workerConnection.close());
  const workerPrisma = createPrismaClient(database.url, { statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS });
  cleanups.push(() => workerPrisma.$disconnect());
  log.info('Bundling workflows and starting the worker');
  const worker = await createWorker({
    connection: workerConnection,
    namespace,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    prisma: workerPrisma,
    slaPolicy: config.SLA_POLICY,
    payloadCodec,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  const workerRun = worker.run();
  cleanups.push(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
  });

  // Mail: the relay in SMTP_URL; otherwise Mailpit, found or built like the Temporal CLI; otherwise the log.
  let mailTransport: MailTransport;
  let mailUiUrl: string | undefined;
  if (config.SMTP_URL !== undefined) {
    mailTransport = smtpTransport(config.SMTP_URL);
  } else {
    const mailpitBinary = await findMailpit({ explicitPath: config.MAILPIT_PATH, log });
    if (mailpitBinary === undefined) {
      log.warn('No Mailpit and no SMTP_URL: notification mails are written to this log');
      mailTransport = logTransport(log);
    } else {
      const mailpit = await startMailpit({
        binary: mailpitBinary,
        smtpPort: config.MAILPIT_SMTP_PORT,
        httpPort: config.MAILPIT_UI_PORT,
        databaseFile: path.join(config.dataDir, 'mailpit.db'),
        log,
      });
      cleanups.push(() => mailpit.stop());
      mailTransport = smtpTransport(mailpit.smtpUrl);
      mailUiUrl = mailpit.httpUrl;
    }
  }
  const mail = startMailDelivery({
    prisma: workerPrisma,
    transport: mailTransport,
    from: config.MAIL_FROM,
    publicUrl: publicUrlOf(config),
    log,
  });
  cleanups.push(() => mail.stop());

  const temporal = await connectClient(config, payloadCodec, overrides);
  cleanups.push(() => temporal.connection.close());
  // The dev UI has no sign-in, so it cannot send a token. Where anyone on loopback can mint an admin token from
  // the development issuer anyway, loopback may decode without one.
  const openToLoopback =
    devServer !== undefined && config.auth.mode === 'dev-issuer' && config.auth.enabledBy === 'embedded';
  const devUiOrigins =
    devServer === undefined
      ? []
      : [`http://localhost:${config.TEMPORAL_DEV_UI_PORT}`, `http://127.0.0.1:${config.TEMPORAL_DEV_UI_PORT}`];
  const app = createApp({
    config,
    prisma: createPrismaClient(database.url, { statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS }),
    temporal,
    codecAccess: {
      corsOrigins: [...config.CODEC_CORS_ORIGINS, ...devUiOrigins],
      openToLoopback,
    },
  });
  const server = await startServer(app, config, { onShutdown: stopAll });

  printBanner({
    config,
    apiUrl: server.address,
    temporalUiUrl: devServer?.uiUrl,
    mailUiUrl,
    embeddedDatabase: database.embedded,
  });
  // A worker that stops by itself (fatal error) takes the whole product down rather than leaving a silent API.
  workerRun.catch(async (error: unknown) => {
    log.error(`worker stopped: ${String(error)}`);
    process.exitCode = 1;
    await server.shutdown();
  });
} catch (error) {
  await stopAll();
  exitOnStartupFailure(error);
}

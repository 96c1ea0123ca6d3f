/** `npm run worker`: one Temporal worker (scale by running more), against an existing database and cluster. */
import { ConfigError, loadConfig, publicUrlOf } from '../config.js';
import { createPrismaClient } from '../db/client.js';
import { connectWorkerConnection, resolveTemporalConnection } from '../temporal/connection.js';
import { createPayloadCodec, loadPayloadKeys } from '../temporal/payload-codec.js';
import { createWorker } from '../worker.js';
import { smtpTransport, startMailDelivery } from '../notifications/index.js';
import { exitOnStartupFailure, stepLogger, warnAboutTokenMode } from './console.js';

const log = stepLogger();
try {
  const config = loadConfig();
  warnAboutTokenMode(config, log);
  if (config.DATABASE_URL === undefined) throw new ConfigError('DATABASE_URL: required by `npm run worker`');
  // Tests and `npm start` pass the dev server's address through TEMPORAL_ADDRESS too.
  if (config.TEMPORAL_ADDRESS === undefined) throw new ConfigError('TEMPORAL_ADDRESS: required by `npm run worker`');
  const payloadCodec = createPayloadCodec(await loadPayloadKeys(config, { command: '`npm run worker`' }));
  const { namespace } = resolveTemporalConnection(config);
  const connection = await connectWorkerConnection(config);
  const prisma = createPrismaClient(config.DATABASE_URL, { statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS });
  const worker = await createWorker({
    connection,
    namespace,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    prisma,
    slaPolicy: config.SLA_POLICY,
    payloadCodec,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  log.info(`worker polling task queue '${config.TEMPORAL_TASK_QUEUE}' in namespace '${namespace}'`);
  const mail =
    config.SMTP_URL === undefined
      ? undefined
      : startMailDelivery({
          prisma,
          transport: smtpTransport(config.SMTP_URL),
          from: config.MAIL_FROM,
          publicUrl: publicUrlOf(config),
          log,
        });
  if (mail === undefined) log.warn('SMTP_URL is not set: notifications are queued in the database but not sent');
  // The SDK runtime shuts the worker down on SIGINT/SIGTERM; run() resolves once it has drained.
  await worker.run();
  await mail?.stop();
  await prisma.$disconnect();
  await connection.close();
  log.info('worker stopped');
} catch (error) {
  exitOnStartupFailure(error);
}

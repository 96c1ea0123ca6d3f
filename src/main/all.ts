/**
 * `npm start`: the whole product on one machine. Starts (or reuses) the embedded PostgreSQL and the
 * Temporal dev server under DATA_DIR, applies migrations and seeds, then runs the worker and the API
 * in this process. Ctrl-C stops everything; starting again keeps all data.
 */
import { mkdir } from 'node:fs/promises';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createPrismaClient } from '../db/client.js';
import { provisionDatabase } from '../local/database.js';
import { startServer } from '../server.js';
import { connectClient, connectWorkerConnection, resolveTemporalConnection } from '../temporal/connection.js';
import { findTemporalCli, startDevServer, type DevServer } from '../local/temporal/index.js';
import { createWorker } from '../worker.js';
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

  log.info(
    config.DATABASE_URL === undefined ? `Starting the embedded PostgreSQL in ${config.dataDir}` : 'Using DATABASE_URL',
  );
  const database = await provisionDatabase(config);
  cleanups.push(() => database.stop());

  let devServer: DevServer | undefined;
  if (config.TEMPORAL_ADDRESS === undefined) {
    const cliPath = await findTemporalCli({ cliPath: config.TEMPORAL_CLI_PATH, log });
    log.info('Starting the Temporal dev server');
    devServer = await startDevServer({
      dataDir: config.dataDir,
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_DEV_UI_PORT,
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
  const workerPrisma = createPrismaClient(database.url);
  cleanups.push(() => workerPrisma.$disconnect());
  log.info('Bundling workflows and starting the worker');
  const worker = await createWorker({
    connection: workerConnection,
    namespace,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    prisma: workerPrisma,
    slaPolicy: config.SLA_POLICY,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  const workerRun = worker.run();
  cleanups.push(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
  });

  const temporal = await connectClient(config, overrides);
  cleanups.push(() => temporal.connection.close());
  const app = createApp({ config, prisma: createPrismaClient(database.url), temporal });
  const server = await startServer(app, config, { onShutdown: stopAll });

  printBanner({ config, apiUrl: server.address, temporalUiUrl: devServer?.uiUrl, embeddedDatabase: database.embedded });
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

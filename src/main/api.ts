/** `npm run api`: the HTTP API alone, against an existing database and Temporal cluster (production shape). */
import { createApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { createPrismaClient } from '../db/client.js';
import { startServer } from '../server.js';
import { connectClient } from '../temporal/connection.js';
import { createPayloadCodec, loadPayloadKeys } from '../temporal/payload-codec.js';
import { exitOnStartupFailure, stepLogger, warnAboutTokenMode } from './console.js';

try {
  const config = loadConfig();
  warnAboutTokenMode(config, stepLogger());
  if (config.DATABASE_URL === undefined)
    throw new ConfigError('DATABASE_URL: required by `npm run api` (use `npm start` for the embedded default)');
  if (config.TEMPORAL_ADDRESS === undefined)
    throw new ConfigError('TEMPORAL_ADDRESS: required by `npm run api` (use `npm start` for the embedded default)');
  const payloadCodec = createPayloadCodec(await loadPayloadKeys(config, { command: '`npm run api`' }));
  const temporal = await connectClient(config, payloadCodec);
  const app = createApp({
    config,
    prisma: createPrismaClient(config.DATABASE_URL, { statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS }),
    temporal,
  });
  await startServer(app, config, { onShutdown: () => temporal.connection.close() });
} catch (error) {
  exitOnStartupFailure(error);
}

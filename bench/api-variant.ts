/**
 * A tuning variant of `npm run api` (src/main/api.ts) for experiments: the same app, with the Prisma pool size
 * from BENCH_PRISMA_POOL. Used only when the benchmark is run with --api-pool.
 */
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createPrismaClient } from '../src/db/client.js';
import { startServer } from '../src/server.js';
import { connectClient } from '../src/temporal/connection.js';
import { createPayloadCodec, loadPayloadKeys } from '../src/temporal/payload-codec.js';

const config = loadConfig();
if (config.DATABASE_URL === undefined || config.TEMPORAL_ADDRESS === undefined) {
  process.stderr.write('api-variant: DATABASE_URL and TEMPORAL_ADDRESS are required\n');
  process.exit(2);
}
const poolMax = process.env.BENCH_PRISMA_POOL === undefined ? undefined : Number(process.env.BENCH_PRISMA_POOL);
const payloadCodec = createPayloadCodec(await loadPayloadKeys(config, { command: 'bench/api-variant.ts' }));
const temporal = await connectClient(config, payloadCodec);
const app = createApp({
  config,
  prisma: createPrismaClient(config.DATABASE_URL, {
    poolMax,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
  }),
  temporal,
});
await startServer(app, config, { onShutdown: () => temporal.connection.close() });

/**
 * A tuning variant of `npm run worker` (src/main/worker.ts) for experiments: the same workflows, activities and
 * settings as src/worker.ts's createWorker, plus Worker options from BENCH_WORKER_OPTIONS (JSON, e.g.
 * {"maxCachedWorkflows":500}) and a Prisma pool size from BENCH_PRISMA_POOL. Used only when the benchmark is run
 * with --worker-options or --worker-pool; what it shows worth keeping belongs in src/worker.ts.
 */
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { loadConfig } from '../src/config.js';
import { createPrismaClient } from '../src/db/client.js';
import { connectWorkerConnection, resolveTemporalConnection } from '../src/temporal/connection.js';
import { createPayloadCodec, dataConverterFor, loadPayloadKeys } from '../src/temporal/payload-codec.js';
import { workflowsPath } from '../src/worker.js';

const config = loadConfig();
if (config.DATABASE_URL === undefined || config.TEMPORAL_ADDRESS === undefined) {
  process.stderr.write('worker-variant: DATABASE_URL and TEMPORAL_ADDRESS are required\n');
  process.exit(2);
}
const extra = JSON.parse(process.env.BENCH_WORKER_OPTIONS ?? '{}') as Partial<WorkerOptions>;
const poolMax = process.env.BENCH_PRISMA_POOL === undefined ? undefined : Number(process.env.BENCH_PRISMA_POOL);
const payloadCodec = createPayloadCodec(await loadPayloadKeys(config, { command: 'bench/worker-variant.ts' }));
const { namespace } = resolveTemporalConnection(config);
const connection = await connectWorkerConnection(config);
const prisma = createPrismaClient(config.DATABASE_URL, {
  poolMax,
  statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
});
const worker = await Worker.create({
  connection,
  namespace,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  workflowsPath,
  activities: createActivities({ prisma, slaPolicy: config.SLA_POLICY }),
  dataConverter: dataConverterFor(payloadCodec),
  shutdownGraceTime: '10 seconds',
  maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  ...extra,
});
process.stderr.write(
  `worker polling task queue '${config.TEMPORAL_TASK_QUEUE}' (variant ${JSON.stringify({ ...extra, poolMax })})\n`,
);
await worker.run();
await prisma.$disconnect();
await connection.close();

/**
 * The raw baseline's worker, a process of its own (like the product's `npm run worker`): bundles
 * bench/raw-workflows.ts and polls BENCH_RAW_TASK_QUEUE on TEMPORAL_ADDRESS, encrypting payloads with PAYLOAD_KEYS
 * as the product does. Prints "raw worker ready" once polling.
 */
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig } from '../src/config.js';
import { createPayloadCodec, dataConverterFor, loadPayloadKeys } from '../src/temporal/payload-codec.js';

const address = process.env.TEMPORAL_ADDRESS;
const taskQueue = process.env.BENCH_RAW_TASK_QUEUE;
if (address === undefined || taskQueue === undefined) {
  process.stderr.write('raw-worker: TEMPORAL_ADDRESS and BENCH_RAW_TASK_QUEUE are required\n');
  process.exit(2);
}

const payloadCodec = createPayloadCodec(
  await loadPayloadKeys(loadConfig(process.env, { verifiesTokens: false }), { command: 'bench/raw-worker.ts' }),
);
Runtime.install({ logger: new DefaultLogger('WARN') });
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue,
  workflowsPath: fileURLToPath(new URL('./raw-workflows.ts', import.meta.url)),
  dataConverter: dataConverterFor(payloadCodec),
});
process.stderr.write(`raw worker ready on task queue '${taskQueue}'\n`);
// The SDK runtime shuts the worker down on SIGINT/SIGTERM; run() resolves once it has drained.
await worker.run();
await connection.close();

import { fileURLToPath } from 'node:url';
import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { dataConverterFor } from './temporal/payload-codec.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface WorkerDependencies {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  prisma: PrismaClient;
  slaPolicy: string;
  /** Encrypts and decrypts every payload (src/temporal/payload-codec.ts). */
  payloadCodec: PayloadCodec;
  /** WORKER_MAX_CACHED_WORKFLOWS; the SDK's default (from the heap limit) when absent. */
  maxCachedWorkflows?: number;
  /** A prebuilt bundle (tests build one once); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
}

/** The Temporal worker: request and mission-task workflows plus the recording activities. */
export function createWorker({
  connection,
  namespace,
  taskQueue,
  prisma,
  slaPolicy,
  payloadCodec,
  maxCachedWorkflows,
  workflowBundle,
}: WorkerDependencies): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(workflowBundle === undefined ? { workflowsPath } : { workflowBundle }),
    activities: createActivities({ prisma, slaPolicy }),
    dataConverter: dataConverterFor(payloadCodec),
    shutdownGraceTime: '10 seconds',
    ...(maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows }),
  });
}

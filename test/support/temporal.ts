/**
 * Temporal dev server for integration tests: free ports, headless, state in a temp dir (or a given one, to test
 * restarts). The CLI is looked up once per test process (TEMPORAL_CLI_PATH, PATH, ~/go/bin, else built with
 * `go install`, which takes minutes: give the calling hook a long timeout, or run .ci/run which provisions it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/local/processes/index.js';
import { findTemporalCli, startDevServer, type DevServerLogger } from '../../src/local/temporal/index.js';

export interface TestTemporal {
  /** `127.0.0.1:<port>` */
  address: string;
  namespace: string;
  dataDir: string;
  /** Stops the server; removes dataDir when the helper created it. */
  stop(): Promise<void>;
}

export interface StartTestTemporalOptions {
  /** Reuse this directory (kept on stop); default: a fresh temp dir removed on stop. */
  dataDir?: string;
  namespace?: string;
  log?: DevServerLogger;
}

const quietLog: DevServerLogger = {
  info: () => {},
  warn: (msg) => console.warn(`[temporal-dev-server] ${msg}`),
};

let cliPath: Promise<string | undefined> | undefined;

export async function startTestTemporal(opts: StartTestTemporalOptions = {}): Promise<TestTemporal> {
  const log = opts.log ?? quietLog;
  cliPath ??= findTemporalCli({ cliPath: process.env.TEMPORAL_CLI_PATH, log });
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'oneteam-temporal-')));
  const namespace = opts.namespace ?? 'default';
  try {
    const server = await startDevServer({ dataDir, port: await freePort(), namespace, cliPath: await cliPath, log });
    return {
      address: server.address,
      namespace,
      dataDir,
      stop: async () => {
        await server.stop();
        if (ownDir) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

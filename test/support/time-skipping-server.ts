/**
 * Temporal's time-skipping test server (Java, `io.temporal:temporal-test-server`) for workflow tests of
 * the business-day policy: days of workflow time pass in milliseconds.
 *
 * The server comes from scripts/provision-temporal-test-server.sh (Maven Central, cached outside the
 * repository). .ci/run provisions it and exports TEMPORAL_TEST_SERVER_PATH; without that variable the
 * script runs from here (instant when cached, about half a minute the first time: give the calling hook
 * a long timeout). Its wrapper takes `--initial-time=<ISO>`, so a test can start the virtual clock on a
 * past date: the stock server starts at the real "now", and time skipping only moves forward.
 */
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TestWorkflowEnvironment, type ClientOptionsForTestEnv } from '@temporalio/testing';
import { searchAttributeKeys } from '../../src/domain/search-attributes.js';
import { canConnect, freePort, startChild, waitUntil } from '../../src/local/processes/index.js';
import { indexedValueTypes } from '../../src/local/temporal/index.js';
import { dataConverterFor } from '../../src/temporal/payload-codec.js';
import { testPayloadCodec } from './payload-keys.js';

const provisionScript = fileURLToPath(new URL('../../scripts/provision-temporal-test-server.sh', import.meta.url));

let serverPath: Promise<string> | undefined;

/** The wrapper to run: TEMPORAL_TEST_SERVER_PATH, else what the provisioning script prints (provisioning if needed). */
export function timeSkippingServerPath(): Promise<string> {
  serverPath ??= locate();
  return serverPath;
}

async function locate(): Promise<string> {
  const given = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (given !== undefined && given !== '') {
    await access(given, constants.X_OK).catch(() => {
      throw new Error(
        `TEMPORAL_TEST_SERVER_PATH=${given} is not an executable (run scripts/provision-temporal-test-server.sh)`,
      );
    });
    return given;
  }
  const { stdout, stderr } = await promisify(execFile)('bash', [provisionScript], {
    timeout: 10 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  // The script's own report: cached or provisioned, and how long it took.
  console.log(stderr.trim());
  const path = stdout.trim().split('\n').at(-1);
  if (path === undefined || path === '') throw new Error('scripts/provision-temporal-test-server.sh printed no path');
  return path;
}

export interface TimeSkippingOptions {
  /** Where the virtual clock starts (default: the real now). */
  initialTime?: Date;
  /** The server's wrapper (default: {@link timeSkippingServerPath}). */
  executable?: string;
}

/** A running time-skipping server and the SDK's test environment connected to it. */
export interface TimeSkipping {
  env: TestWorkflowEnvironment;
  /** Closes the environment's connections, then stops the server. */
  stop(): Promise<void>;
}

/**
 * How long a JVM may take to open its port. The SDK's own start (createTimeSkipping) allows a fixed 5 s,
 * which a cold JVM misses on a busy 2-core machine; a start that misses it is killed, so retrying it only
 * adds attempts that miss again under the same load.
 */
const START_TIMEOUT_MS = 120_000;

/**
 * A fresh time-skipping server (one per test: its clock is global to it) with the request workflows'
 * search attributes registered, as the dev server registers them at start. Time skipping is locked until
 * the test sleeps ({@link skipTo}) or awaits a workflow's result.
 *
 * The server is started here, as the SDK would start it (`<port> [extra args]`, time skipping locked), and
 * waited for with a deadline of our own; the SDK then connects to it as to the server it starts itself.
 */
export async function startTimeSkipping({ initialTime, executable }: TimeSkippingOptions = {}): Promise<TimeSkipping> {
  const port = await freePort();
  const server = await startChild({
    name: 'time-skipping test server',
    command: executable ?? (await timeSkippingServerPath()),
    args: [String(port), ...(initialTime === undefined ? [] : [`--initial-time=${initialTime.toISOString()}`])],
    tailLines: 40,
  });
  let env: TestWorkflowEnvironment | undefined;
  const stop = async () => {
    await env?.teardown();
    await server.stop(5_000);
  };
  try {
    const up = await waitUntil(
      async () => server.exitInfo() !== undefined || (await canConnect('127.0.0.1', port)),
      START_TIMEOUT_MS,
      100,
    );
    const exit = server.exitInfo();
    if (exit !== undefined) throw new Error(`${server.name} exited (${exit.code ?? exit.signal}):\n${server.output()}`);
    if (!up)
      throw new Error(`${server.name} did not open port ${port} within ${START_TIMEOUT_MS} ms:\n${server.output()}`);
    env = await connectTimeSkipping(`127.0.0.1:${port}`);
    // A fresh server (which cannot list search attributes): all of them are new.
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: indexedValueTypes(searchAttributeKeys),
    });
    return { env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The environment createTimeSkipping builds once its server is up (a time-skipping client, the test service
 * on both connections), on a server that is already running. The SDK (pinned in package.json) offers that
 * path only as its private `create`; `server: existing` leaves the server's process to the caller.
 */
function connectTimeSkipping(address: string): Promise<TestWorkflowEnvironment> {
  const sdk = TestWorkflowEnvironment as unknown as {
    create(options: {
      server: { type: 'existing' };
      address: string;
      supportsTimeSkipping: true;
      client: ClientOptionsForTestEnv;
    }): Promise<TestWorkflowEnvironment>;
  };
  return sdk.create({
    server: { type: 'existing' },
    address,
    supportsTimeSkipping: true,
    client: { dataConverter: dataConverterFor(testPayloadCodec) },
  });
}

/** Moves the server's clock forward to `instant`, firing every timer due on the way (no-op if already past). */
export async function skipTo(env: TestWorkflowEnvironment, instant: Date): Promise<void> {
  const ms = instant.getTime() - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

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
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { searchAttributeKeys } from '../../src/domain/search-attributes.js';
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
}

/**
 * A fresh time-skipping server (one per test: its clock is global to it) with the request workflows'
 * search attributes registered, as the dev server registers them at start. Time skipping is locked until
 * the test sleeps ({@link skipTo}) or awaits a workflow's result.
 */
export async function startTimeSkipping({ initialTime }: TimeSkippingOptions = {}): Promise<TestWorkflowEnvironment> {
  const path = await timeSkippingServerPath();
  const extraArgs = initialTime === undefined ? [] : [`--initial-time=${initialTime.toISOString()}`];
  const env = await withStartRetries(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path }, extraArgs },
      client: { dataConverter: dataConverterFor(testPayloadCodec) },
    }),
  );
  try {
    // A fresh server (which cannot list search attributes): all of them are new.
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: indexedValueTypes(searchAttributeKeys),
    });
    return env;
  } catch (error) {
    await env.teardown();
    throw error;
  }
}

/** Moves the server's clock forward to `instant`, firing every timer due on the way (no-op if already past). */
export async function skipTo(env: TestWorkflowEnvironment, instant: Date): Promise<void> {
  const ms = instant.getTime() - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

/**
 * The SDK gives the JVM a fixed 5 s to open its port; on a busy 2-core machine a cold JVM can miss it.
 * Only that failure is retried.
 */
async function withStartRetries<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      const slowStart = error instanceof Error && error.message.includes('did not start within');
      if (!slowStart || attempt >= attempts) throw error;
      console.warn(`time-skipping server was slow to start (attempt ${attempt} of ${attempts}); trying again`);
    }
  }
}

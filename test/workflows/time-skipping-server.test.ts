/**
 * The time-skipping server starts however slowly the machine lets its JVM open the port: the SDK's own
 * start gives up after a fixed 5 s, which a loaded CI machine exceeds.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTimeSkipping, timeSkippingServerPath } from '../support/time-skipping-server.js';

const SLOWER_THAN_THE_SDK_ALLOWS_MS = 6_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-slow-server-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('starts a server that opens its port later than the SDK would wait', async () => {
  const slowServer = path.join(dir, 'temporal-test-server');
  await writeFile(
    slowServer,
    `#!/usr/bin/env bash\nsleep ${SLOWER_THAN_THE_SDK_ALLOWS_MS / 1_000}\nexec '${await timeSkippingServerPath()}' "$@"\n`,
  );
  await chmod(slowServer, 0o755);

  const started = Date.now();
  const server = await startTimeSkipping({ executable: slowServer, initialTime: new Date('2030-01-01T00:00:00Z') });
  try {
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOWER_THAN_THE_SDK_ALLOWS_MS);
    // Connected as a time-skipping environment: its clock is the server's, and skipping moves it.
    expect(server.env.supportsTimeSkipping).toBe(true);
    const before = await server.env.currentTimeMs();
    expect(new Date(before).getUTCFullYear()).toBe(2030);
    await server.env.sleep(86_400_000);
    expect((await server.env.currentTimeMs()) - before).toBeGreaterThanOrEqual(86_400_000);
  } finally {
    await server.stop();
  }
});

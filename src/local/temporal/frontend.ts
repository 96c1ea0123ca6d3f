/** Whether a Temporal frontend answers at an address, and waiting until it does. */
import { Connection } from '@temporalio/client';
import { canConnect, sleep, type Child } from '../processes/index.js';
import { DevServerError } from './errors.js';

/** Resolves when the frontend at `address` answers GetSystemInfo; rejects with the reason otherwise. */
export async function checkFrontend(address: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    await connection.workflowService.getSystemInfo({});
  } finally {
    await connection.close();
  }
}

export async function answersAsTemporal(address: string): Promise<boolean> {
  return checkFrontend(address).then(
    () => true,
    () => false,
  );
}

/** Polls until the frontend of `server` answers; fails with the server's output when it exits or the time is up. */
export async function waitForFrontend(address: string, timeoutMs: number, server: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const i = address.lastIndexOf(':');
  const [host, port] = [address.slice(0, i), Number(address.slice(i + 1))];
  let lastError: unknown;
  while (Date.now() < deadline) {
    const exit = server.exitInfo();
    if (exit) {
      throw new DevServerError(
        `Temporal dev server exited during startup (exit ${exit.code ?? exit.signal}). Output:\n${server.output()}`,
      );
    }
    if (await canConnect(host, port)) {
      try {
        await checkFrontend(address);
        return;
      } catch (err) {
        lastError = err;
      }
    }
    await sleep(100);
  }
  throw new DevServerError(
    `Temporal dev server did not answer on ${address} within ${timeoutMs}ms` +
      `${lastError instanceof Error ? ` (last error: ${lastError.message})` : ''}. Output:\n${server.output()}`,
  );
}

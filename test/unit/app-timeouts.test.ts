/** The app's HTTP timeouts (issue 10, finding 5): a slow body, an idle keep-alive connection, a silent connection. */
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { testApp, testConfig } from './fake-app.js';

describe('timeouts', () => {
  /** Small timeouts; each test lets only the one it checks be the first to close the connection. */
  async function listening(env: Record<string, string>, extend?: (app: App) => void): Promise<number> {
    const config = testConfig({
      HTTP_REQUEST_TIMEOUT_MS: '300',
      HTTP_CONNECTION_TIMEOUT_MS: '10000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
      WORKFLOW_UPDATE_WAIT_MS: '100',
      ...env,
    });
    const { app } = await testApp({ config, ...(extend === undefined ? {} : { extend }) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return (app.server.address() as AddressInfo).port;
  }

  /** Writes `data`, then collects what the server sends until it closes the connection (or `giveUpMs` pass). */
  function exchange(port: number, data: string, giveUpMs = 5000): Promise<{ text: string; closedAfterMs: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket: Socket = connect(port, '127.0.0.1', () => socket.write(data));
      let text = '';
      const giveUp = setTimeout(() => {
        socket.destroy();
        resolve({ text, closedAfterMs: Number.POSITIVE_INFINITY });
      }, giveUpMs);
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        clearTimeout(giveUp);
        resolve({ text, closedAfterMs: Date.now() - started });
      });
    });
  }

  it('a request whose body never finishes arriving gets 408', async () => {
    const port = await listening({});
    const { text, closedAfterMs } = await exchange(
      port,
      'POST /v1/dev/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"us',
    );
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(3000);
  });

  it('an idle keep-alive connection is closed', async () => {
    const port = await listening({});
    const { text, closedAfterMs } = await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 200/);
    // Node gives keep-alive connections a second's grace beyond HTTP_KEEP_ALIVE_TIMEOUT_MS.
    expect(closedAfterMs).toBeLessThan(3000);
  });

  it('a connection silent for HTTP_CONNECTION_TIMEOUT_MS is closed, even while its answer is awaited', async () => {
    const port = await listening({ HTTP_CONNECTION_TIMEOUT_MS: '1500' }, (app) => {
      app.get('/test/never', () => new Promise(() => undefined));
    });
    const { closedAfterMs } = await exchange(port, 'GET /test/never HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(closedAfterMs).toBeGreaterThanOrEqual(1400);
    expect(closedAfterMs).toBeLessThan(3000);
  });
});

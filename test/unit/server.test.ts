/** startServer: listens, closes once on a signal, removes its handlers. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { startServer } from '../../src/server.js';
import { fakePrisma, fakeTemporal, testConfig } from './fake-app.js';

describe('startServer', () => {
  it('serves, then shuts down once on a signal and removes its handlers', async () => {
    const signal = 'SIGWINCH';
    const before = process.listenerCount(signal);
    const prisma = fakePrisma();
    const config = testConfig({ PORT: '0' });
    const app = createApp({
      config,
      prisma: prisma as unknown as PrismaClient,
      temporal: fakeTemporal(),
      logger: false,
    });
    let shutdowns = 0;
    const server = await startServer(app, config, {
      signals: [signal],
      onShutdown: async () => {
        shutdowns += 1;
      },
    });
    expect(server.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.listenerCount(signal)).toBe(before + 1);

    const response = await fetch(`${server.address}/healthz`);
    expect(response.status).toBe(200);

    process.emit(signal, signal);
    await server.shutdown();
    await server.shutdown();
    expect(shutdowns).toBe(1);
    expect(prisma.calls.disconnect).toBe(1);
    expect(process.listenerCount(signal)).toBe(before);
    await expect(fetch(`${server.address}/healthz`)).rejects.toThrow();
  });
});

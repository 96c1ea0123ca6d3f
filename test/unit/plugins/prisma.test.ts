/** The Prisma client's lifecycle follows the app's. */
import { describe, expect, it } from 'vitest';
import { testApp } from '../fake-app.js';

describe('prisma', () => {
  it('closing the app disconnects Prisma', async () => {
    const { app, prisma } = await testApp();
    await app.close();
    expect(prisma.calls.disconnect).toBe(1);
  });
});

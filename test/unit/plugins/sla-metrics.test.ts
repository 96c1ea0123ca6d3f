/** The SLA aggregates of /metrics (issue 10, finding 5): a scrape does not hit the database each time. */
import { describe, expect, it } from 'vitest';
import { fakePrisma, testApp } from '../fake-app.js';

describe('/metrics', () => {
  it('reads the SLA aggregates from the database once per METRICS_CACHE_MS, however often it is scraped', async () => {
    let queries = 0;
    const prisma = fakePrisma({
      $queryRaw: async () => {
        queries += 1;
        return [];
      },
    });
    const { app } = await testApp({ prisma });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    const perRead = queries;
    expect(perRead).toBeGreaterThan(0);
    for (let scrape = 0; scrape < 5; scrape += 1) await app.inject({ method: 'GET', url: '/metrics' });
    expect(queries).toBe(perRead);
  });
});

/** GET /v1/agencies and GET /v1/agencies/:code. */
import { describe, expect, it } from 'vitest';
import { ADMIN, HANOI } from '../../support/users.js';
import { bearer, testApp, tokenFor } from '../fake-app.js';

describe('agencies', () => {
  it('GET /v1/agencies?kind=mission passes the filter down and returns the listed fields', async () => {
    const { app, prisma } = await testApp();
    const token = await tokenFor(app, HANOI);
    const response = await app.inject({
      method: 'GET',
      url: '/v1/agencies?kind=mission',
      headers: bearer(token),
    });
    expect(response.statusCode).toBe(200);
    expect(prisma.calls.findMany).toEqual([expect.objectContaining({ where: { kind: 'mission' } })]);
    const { items } = response.json<{ items: Array<Record<string, unknown>> }>();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      code: 'VN-HAN',
      kind: 'mission',
      name: expect.any(String) as string,
      country: 'VN',
      timeZone: 'Asia/Ho_Chi_Minh',
      weekend: ['SAT', 'SUN'],
    });
  });

  it('GET /v1/agencies/:code → 404 problem for an unknown agency', async () => {
    const { app } = await testApp();
    const token = await tokenFor(app, ADMIN);
    const response = await app.inject({
      method: 'GET',
      url: '/v1/agencies/XX-NOPE',
      headers: bearer(token),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found', detail: "agency 'XX-NOPE' not found" });
  });
});

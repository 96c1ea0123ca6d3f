/**
 * Swagger UI (/docs) in Chromium under the pages' Content-Security-Policy: it renders and calls the API with
 * no policy violation, and the bearer token given to "Authorize" stays out of the browser's storage.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

const CHROMIUM = '/usr/bin/chromium';

let stack: Stack | undefined;
let browser: Browser | undefined;
let base = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) execFileSync('bash', ['scripts/install-chromium.sh'], { stdio: 'inherit' });
  [browser, stack] = await Promise.all([
    chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] }),
    startStack({ inProcessWorker: false }),
  ]);
  await stack.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(stack.app.server.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
});

describe('Swagger UI in Chromium', { timeout: 120_000 }, () => {
  it('works under the policy and forgets the token', async () => {
    const token = (
      await stack!.app.inject({ method: 'POST', url: '/v1/dev/token', payload: { user: 'MOFA:coordinator' } })
    ).json<{ token: string }>().token;
    const context = await browser!.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (event) => " +
        'console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`))',
    );

    const response = await page.goto(`${base}/docs`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock').first().waitFor();

    await page.locator('button.authorize').click();
    await page.locator('.modal-ux input').fill(token);
    await page.locator('.modal-ux button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();

    // "Try it out" on GET /v1/agencies: the call goes out with the token and comes back 200.
    const agencies = page.locator('.opblock-get', { hasText: '/v1/agencies' }).first();
    await agencies.locator('.opblock-summary').click();
    await agencies.locator('button.try-out__btn').click();
    const answer = page.waitForResponse((reply) => new URL(reply.url()).pathname === '/v1/agencies');
    await agencies.locator('button.execute').click();
    expect((await answer).status()).toBe(200);

    const stored = await page.evaluate<unknown>('({ local: { ...localStorage }, session: { ...sessionStorage } })');
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(problems).toEqual([]);
    await context.close();
  });
});

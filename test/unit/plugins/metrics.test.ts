/** GET /metrics: the request histogram and the default metrics, one registry per app. */
import { describe, expect, it } from 'vitest';
import { testApp } from '../fake-app.js';

describe('metrics', () => {
  it('GET /metrics exposes the request histogram with route patterns and default metrics', async () => {
    const { app } = await testApp();
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/v1/agencies/KR-43' });
    await app.inject({ method: 'GET', url: '/no/such/route' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} 1/);
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/v1\/agencies\/:code",status_code="401"\} 1/,
    );
    expect(text).toMatch(/route="unmatched",status_code="404"/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('each app has its own registry', async () => {
    const a = await testApp();
    const b = await testApp();
    expect(a.app.metrics).not.toBe(b.app.metrics);
    await a.app.inject({ method: 'GET', url: '/healthz' });
    const text = await b.app.metrics.metrics();
    expect(text).not.toMatch(/route="\/healthz"/);
  });
});

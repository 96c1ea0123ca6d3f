/**
 * The security headers of every response, in one place: the JSON API, problem documents, the web pages, their
 * static files and Swagger UI (/docs) alike.
 *
 * - `Content-Security-Policy`: this origin's scripts, styles, images and fetches only; no inline code, no
 *   framing, no `<base>`. Swagger UI runs under it unchanged (its page loads external scripts and styles only,
 *   and sets styles through the DOM, which the policy does not restrict; test/browser/docs.test.ts).
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`.
 * - `Cache-Control: no-store` unless the route chose its own (static files revalidate by ETag): answers carry
 *   correspondence that must not stay in shared or browser caches.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

async function securityHeadersPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

export default fp(securityHeadersPlugin, { name: 'oneteam-security-headers', fastify: '5.x' });

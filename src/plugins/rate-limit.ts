/**
 * Rate limits, counted in this process's memory (@fastify/rate-limit's local store): N API processes admit N
 * times the limit, and a restart forgets the counts. Fixed one-minute windows.
 *
 * - A request with a valid bearer token counts against its caller (the token's `sub`): RATE_LIMIT_PER_CALLER.
 * - Any other request counts against its client address (IPv6 by /64; behind a proxy, see TRUST_PROXY):
 *   RATE_LIMIT_PER_ADDRESS. That covers the routes that need no token (pages, health, metrics, the development
 *   issuer) and calls with a missing or invalid token, so guessing tokens is limited too.
 *
 * The limiter runs before a route's own hooks; it verifies the token itself to know the caller (the route's
 * guard then reuses that verification). Over the limit: 429 `too_many_requests` with Retry-After.
 */
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import { callerOf } from './auth.js';

const WINDOW_MS = 60_000;
const CALLER_KEY = 'caller:';
const ADDRESS_KEY = 'address:';

export interface RateLimitPluginOptions {
  /** Requests per minute and caller. */
  perCaller: number;
  /** Requests per minute and client address, for requests without a valid token. */
  perAddress: number;
}

async function keyOf(request: FastifyRequest): Promise<string> {
  const caller = await callerOf(request);
  return caller === undefined ? `${ADDRESS_KEY}${normalizeIP(request.ip)}` : `${CALLER_KEY}${caller.sub}`;
}

async function rateLimitPlugin(app: FastifyInstance, options: RateLimitPluginOptions): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    timeWindow: WINDOW_MS,
    keyGenerator: keyOf,
    max: (_request, key) => (key.startsWith(CALLER_KEY) ? options.perCaller : options.perAddress),
    onExceeded: (request, key) => request.log.warn({ key }, 'rate limit exceeded'),
    errorResponseBuilder: (_request, context) =>
      new AppError('too_many_requests', `Too many requests; try again in ${context.after}.`, {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      }),
  });
  const limit = app.rateLimit();
  app.addHook('onRoute', (routeOptions) => {
    const own = routeOptions.onRequest;
    const hooks: onRequestHookHandler[] = own === undefined ? [] : Array.isArray(own) ? own : [own];
    routeOptions.onRequest = [limit, ...hooks];
  });
}

export default fp(rateLimitPlugin, { name: 'oneteam-rate-limit', fastify: '5.x', dependencies: ['oneteam-auth'] });

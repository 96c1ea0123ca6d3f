/**
 * Bearer-token authentication and role guards.
 *
 * Declaring auth on a route (in any route plugin registered by src/app.ts):
 *
 *   import { requireRole } from '../../plugins/auth.js';
 *
 *   // any authenticated caller
 *   app.get('/v1/agencies', { onRequest: [app.authenticate], schema }, handler);
 *
 *   // only some roles: 401 without a valid token, 403 for other roles
 *   app.post('/v1/requests/:id/triage', { onRequest: [requireRole('coordinator')], schema }, handler);
 *
 *   // in the handler (and later hooks) the caller is typed:
 *   const { sub, role, agency } = request.principal;   // throws 401 if the route is not authenticated
 *
 * `requireRole(...)` authenticates by itself when the request is not authenticated yet, so
 * `[app.authenticate, requireRole('coordinator')]` and `[requireRole('coordinator')]` are
 * equivalent. Put guards in `onRequest` (they then run before body parsing and validation, so an
 * unauthenticated or forbidden caller gets 401/403 rather than 400); `preHandler` works too.
 *
 * Routes guarded this way are documented automatically in OpenAPI (src/plugins/openapi.ts reads the
 * guards with {@link routeAuthRequirement}): bearer security requirement, 401 (and 403) problem
 * responses, and the allowed roles in the description.
 *
 * Need-to-know scoping (a province sees only its own requests, ...) is a service rule, not a guard:
 * services receive `request.principal` and throw `notFound(...)` for what the caller may not see.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { forbidden, unauthenticated } from '../errors.js';
import type { Principal } from '../auth/principal.js';
import type { Role } from '../domain/vocabulary.js';
import { createAuthSetup, type DevTokenIssuer, type TokenVerifier } from '../auth/tokens.js';

/** An authentication hook usable in `onRequest`, `preValidation` or `preHandler`. */
export type AuthHook = ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) & {
  readonly [kAuthHook]: { readonly roles: readonly Role[] | null };
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Route hook: 401 unless the request carries a valid bearer token; sets `request.principal`. */
    authenticate: AuthHook;
    /** Verifies bearer tokens (production JWKS or the development issuer). */
    tokenVerifier: TokenVerifier;
    /** Signs development tokens; `null` unless config.devAuth. */
    devTokenIssuer: DevTokenIssuer | null;
  }
  interface FastifyRequest {
    /** The authenticated caller. Throws 401 when read on a route without an auth guard. */
    readonly principal: Principal;
  }
}

const kAuthHook = Symbol('oneteam.authHook');
const principals = new WeakMap<FastifyRequest, Principal>();
/** One verification per request, whoever asks first (the rate limiter or the route's guard). */
const verifications = new WeakMap<FastifyRequest, Promise<Principal>>();

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)[ ]*$/i;

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const match = BEARER.exec(header);
  if (match?.[1] === undefined) {
    throw unauthenticated('The Authorization header must be "Bearer <token>".', { invalidToken: true });
  }
  return match[1];
}

async function verifyRequest(request: FastifyRequest): Promise<Principal> {
  const token = bearerToken(request);
  if (token === undefined) throw unauthenticated();
  const principal = await request.server.tokenVerifier.verify(token);
  principals.set(request, principal);
  return principal;
}

function authenticateRequest(request: FastifyRequest): Promise<Principal> {
  let verification = verifications.get(request);
  if (verification === undefined) {
    verification = verifyRequest(request);
    verifications.set(request, verification);
  }
  return verification;
}

/** The caller of a request that carries a valid token; `undefined` for no token or one that is not valid. */
export function callerOf(request: FastifyRequest): Promise<Principal | undefined> {
  return authenticateRequest(request).catch(() => undefined);
}

function tagged(
  fn: (request: FastifyRequest, reply: FastifyReply) => Promise<void>,
  roles: readonly Role[] | null,
): AuthHook {
  Object.defineProperty(fn, kAuthHook, { value: { roles }, enumerable: false });
  return fn as AuthHook;
}

/** Route hook: 401 without a valid token, 403 unless the caller has one of `allowed` roles. */
export function requireRole(...allowed: Role[]): AuthHook {
  // A guard that admits nobody is a mistake in the role lists, found when the routes are built.
  if (allowed.length === 0) throw new Error('requireRole: no role is allowed');
  const allowedRoles = Object.freeze([...allowed]);
  return tagged(async (request) => {
    const principal = await authenticateRequest(request);
    if (!allowedRoles.includes(principal.role)) {
      throw forbidden(`This action requires the role ${allowedRoles.join(' or ')}; you are ${principal.role}.`);
    }
  }, allowedRoles);
}

/** {@link requireRole}, except for requests that `exempt` lets through (documented as requiring the roles). */
export function requireRoleUnless(exempt: (request: FastifyRequest) => boolean, ...allowed: Role[]): AuthHook {
  const guard = requireRole(...allowed);
  return tagged(async (request, reply) => {
    if (!exempt(request)) await guard(request, reply);
  }, guard[kAuthHook].roles);
}

export function isAuthHook(value: unknown): value is AuthHook {
  return typeof value === 'function' && kAuthHook in value;
}

/** Auth hooks of a route, in any guard position. */
function routeAuthHooks(routeOptions: RouteOptions): AuthHook[] {
  const positions = [
    routeOptions.onRequest,
    routeOptions.preParsing,
    routeOptions.preValidation,
    routeOptions.preHandler,
  ];
  return positions
    .flatMap((hooks: unknown): unknown[] => (Array.isArray(hooks) ? (hooks as unknown[]) : [hooks]))
    .filter(isAuthHook);
}

/**
 * What a route's guards require, for its OpenAPI description (src/plugins/openapi.ts): null without a
 * guard; otherwise the roles allowed by every guard, or null roles when any authenticated caller may call.
 */
export function routeAuthRequirement(routeOptions: RouteOptions): { roles: readonly Role[] | null } | null {
  const hooks = routeAuthHooks(routeOptions);
  if (hooks.length === 0) return null;
  const roleLists = hooks.map((hook) => hook[kAuthHook].roles).filter((list): list is readonly Role[] => list !== null);
  if (roleLists.length === 0) return { roles: null };
  return { roles: roleLists.reduce((acc, list) => acc.filter((role) => list.includes(role))) };
}

export interface AuthPluginOptions {
  config: Config;
}

async function authPlugin(app: FastifyInstance, options: AuthPluginOptions): Promise<void> {
  const setup = await createAuthSetup(options.config);
  app.decorate('tokenVerifier', setup.verifier);
  app.decorate('devTokenIssuer', setup.devIssuer);
  app.decorate(
    'authenticate',
    tagged(async (request) => {
      await authenticateRequest(request);
    }, null),
  );

  app.decorateRequest('principal', {
    getter(this: FastifyRequest): Principal {
      const principal = principals.get(this);
      if (principal === undefined) throw unauthenticated();
      return principal;
    },
  });
}

export default fp(authPlugin, { name: 'oneteam-auth', fastify: '5.x', dependencies: ['oneteam-errors'] });

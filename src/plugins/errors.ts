/**
 * The one error handler: every error — thrown by services (AppError), by schema validation
 * (fastify-type-provider-zod), by Fastify itself (bad JSON, body too large, unsupported media
 * type, ...), unknown routes, or anything unexpected — is rendered as RFC 9457
 * `application/problem+json` (see src/errors.ts for the catalogue).
 *
 * 5xx responses never carry internal messages; the error is logged instead. The problem responses of
 * route schemas are filled in by src/plugins/openapi.ts.
 */
import { isGrpcServiceError, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { driverAdapterCause } from '../db/errors.js';
import {
  AppError,
  codeForStatus,
  type ErrorCode,
  type FieldError,
  type Problem,
  PROBLEM_CONTENT_TYPE,
  problemType,
  statusOf,
  titleOf,
} from '../errors.js';

const INTERNAL_DETAIL = 'An unexpected error occurred. It has been logged.';
const UNAVAILABLE_DETAIL = 'A dependency is temporarily unavailable. Try again shortly.';
const BUSY_DETAIL = 'The workflow service is busy. Try again shortly.';
/** Seconds a client is asked to wait after a 429 or 503 from an overloaded or unreachable dependency. */
const RETRY_AFTER_SECONDS = '5';

/** gRPC status codes that mean "the dependency is not reachable right now". */
const GRPC_UNAVAILABLE = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);
/** gRPC RESOURCE_EXHAUSTED: Temporal refuses work beyond its rate limits. */
const GRPC_RESOURCE_EXHAUSTED = 8;
/** Prisma error codes for an unreachable database or an exhausted pool. */
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
/**
 * What the pg driver adapter reports when the database is down or restarting: an unreachable server, a closed
 * connection, a timeout, or PostgreSQL's own codes for a server shutting down or starting (57P01–57P03) and for
 * broken connections (class 08). The fault test saw these as 500s. Also a statement PostgreSQL cancelled because
 * it ran past DATABASE_STATEMENT_TIMEOUT_MS (query_canceled, 57014).
 */
const ADAPTER_UNAVAILABLE = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const isUnavailableSqlState = (code: unknown) => typeof code === 'string' && /^(57P0[123]|57014|08\w{3})$/.test(code);
/**
 * What the pg driver throws, without a code, when the connection under a query goes away (a server that crashes or
 * shuts down immediately ends every session at once) or none can be had in time; the adapter passes these through
 * unconverted, so the message is all there is (node-postgres' own wording; test/integration/database-outage.test.ts).
 */
const PG_CONNECTION_LOST = new Set([
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
]);

interface ErrorLike {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  name?: unknown;
  validation?: unknown;
  validationContext?: unknown;
  cause?: unknown;
}

function asErrorLike(error: unknown): ErrorLike {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The gRPC status of a Temporal client error, through the SDK's wrappers. */
function grpcStatus(error: unknown): number | undefined {
  if (isGrpcServiceError(error)) return error.code;
  if (error instanceof ServiceError || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return error.cause === undefined ? undefined : grpcStatus(error.cause);
  }
  return undefined;
}

/** Temporal or database unreachable, or too slow to answer in time: 503 rather than 500. */
export function isDependencyUnavailable(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const status = grpcStatus(error);
  if (status !== undefined) return GRPC_UNAVAILABLE.has(status);
  const e = asErrorLike(error);
  if (e.name === 'PrismaClientInitializationError') return true;
  const adapter = driverAdapterCause(e);
  if (adapter !== undefined) {
    return (
      (typeof adapter.kind === 'string' && ADAPTER_UNAVAILABLE.has(adapter.kind)) ||
      isUnavailableSqlState(adapter.originalCode)
    );
  }
  if (e.code === undefined && typeof e.message === 'string' && PG_CONNECTION_LOST.has(e.message)) return true;
  return typeof e.code === 'string' && PRISMA_UNAVAILABLE.has(e.code);
}

/** Temporal refuses work because it is at its limits: 429, and the client should slow down. */
function isDependencyBusy(error: unknown): boolean {
  return grpcStatus(error) === GRPC_RESOURCE_EXHAUSTED;
}

function joinPath(context: string | undefined, instancePath: string): string {
  const segments = instancePath.split('/').filter((segment) => segment !== '');
  const parts = context === undefined ? segments : [context, ...segments];
  return parts.length === 0 ? '(root)' : parts.join('.');
}

function validationErrors(error: ErrorLike): FieldError[] {
  const context = typeof error.validationContext === 'string' ? error.validationContext : undefined;
  if (!Array.isArray(error.validation)) return [];
  return (error.validation as Array<{ instancePath?: unknown; message?: unknown; params?: unknown }>).map((issue) => {
    let instancePath = typeof issue.instancePath === 'string' ? issue.instancePath : '';
    // ajv reports a missing property at its parent; name the property itself.
    const params = issue.params as { missingProperty?: unknown } | undefined;
    if (typeof params?.missingProperty === 'string') instancePath = `${instancePath}/${params.missingProperty}`;
    return {
      path: joinPath(context, instancePath),
      message: typeof issue.message === 'string' ? issue.message : 'is invalid',
    };
  });
}

/** Turn any thrown value into a catalogue error. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = asErrorLike(error);

  if (hasZodFastifySchemaValidationErrors(error) || (Array.isArray(e.validation) && e.validation.length > 0)) {
    const errors = validationErrors(e);
    const where = typeof e.validationContext === 'string' ? ` ${e.validationContext}` : '';
    return new AppError('validation_failed', `The request${where} is not valid.`, { errors, cause: error });
  }

  if (e.code === 'FST_ERR_RESPONSE_SERIALIZATION') {
    return new AppError('internal', undefined, { cause: error });
  }

  if (isDependencyBusy(error)) {
    return new AppError('too_many_requests', BUSY_DETAIL, {
      cause: error,
      headers: { 'retry-after': RETRY_AFTER_SECONDS },
    });
  }
  if (isDependencyUnavailable(error)) {
    return new AppError('unavailable', UNAVAILABLE_DETAIL, {
      cause: error,
      headers: { 'retry-after': RETRY_AFTER_SECONDS },
    });
  }

  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500) {
    const code: ErrorCode = codeForStatus(status) ?? 'malformed_request';
    // Fastify's own 4xx messages are written for clients; other libraries' may not be.
    const fromFastify = typeof e.code === 'string' && e.code.startsWith('FST_');
    const detail = fromFastify && typeof e.message === 'string' ? e.message : undefined;
    return new AppError(code, detail, { cause: error });
  }
  if (status === 503) {
    return new AppError('unavailable', UNAVAILABLE_DETAIL, {
      cause: error,
      headers: { 'retry-after': RETRY_AFTER_SECONDS },
    });
  }

  return new AppError('internal', undefined, { cause: error });
}

/**
 * The problem document for an error. An `internal` error's detail is always generic (it may come
 * from anywhere); other details are written for clients by our own code or by Fastify.
 */
export function renderProblem(error: AppError, instance: string): Problem {
  // Extensions first so they can never override the standard members.
  const problem: Problem = {
    ...error.extensions,
    type: problemType(error.code),
    title: titleOf(error.code),
    status: statusOf(error.code),
    detail: error.code === 'internal' ? INTERNAL_DETAIL : error.detail,
    code: error.code,
    instance,
  };
  if (error.errors !== undefined) problem.errors = error.errors;
  return problem;
}

/** Send an AppError as problem+json (for hooks and handlers that reply directly). */
export function sendProblem(reply: FastifyReply, error: AppError): FastifyReply {
  if (error.headers !== undefined) reply.headers(error.headers);
  // Every 503 says when to try again, whoever raised it (an `unavailable()` from a service need not say it itself).
  if (statusOf(error.code) === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', RETRY_AFTER_SECONDS);
  return reply
    .code(statusOf(error.code))
    .type(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .send(renderProblem(error, reply.request.url));
}

function logError(request: FastifyRequest, appError: AppError, original: unknown): void {
  const status = statusOf(appError.code);
  if (status >= 500) {
    request.log.error({ err: original, code: appError.code }, 'request failed');
  } else if (appError.code === 'unauthenticated' || appError.code === 'forbidden') {
    request.log.info({ code: appError.code, detail: appError.detail }, 'request refused');
  } else {
    request.log.info({ code: appError.code, detail: appError.detail }, 'request rejected');
  }
}

/**
 * Errors the router raises before any route runs (Fastify's `frameworkErrors` option): a path parameter longer
 * than the router allows (414) or a URL it cannot decode (400), as problem documents like every other error.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const appError = toAppError(error);
  logError(request, appError, error);
  void sendProblem(reply, appError);
}

/** The methods registered for each path pattern, and a test whether a concrete path matches a pattern. */
function routeTable() {
  const routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];
  return {
    add(url: string, methods: string[]) {
      const source = url
        .split('/')
        .map((segment) =>
          segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/');
      routes.push({ pattern: new RegExp(`^${source}$`), methods: new Set(methods) });
    },
    allowed(path: string): string[] {
      const methods = new Set<string>();
      for (const route of routes) if (route.pattern.test(path)) for (const method of route.methods) methods.add(method);
      return [...methods].sort();
    },
  };
}

async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const appError = toAppError(error);
    logError(request, appError, error);
    return sendProblem(reply, appError);
  });

  const routes = routeTable();
  // A known path asked with a method it does not have is a 405 naming the methods it has (RFC 9110), not a 404.
  // Decided before the body is read: an unknown method's body must not turn it into a 400 or a 415.
  // Registered before the not-found handler, which takes the hooks that exist when it is set.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const allowed = routes.allowed(request.url.split('?', 1)[0] ?? request.url);
    if (allowed.length === 0) return;
    reply.header('allow', allowed.join(', '));
    return sendProblem(
      reply,
      new AppError('method_not_allowed', `${request.method} is not allowed here; allowed: ${allowed.join(', ')}.`),
    );
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0] ?? request.url;
    return sendProblem(reply, new AppError('not_found', `No route ${request.method} ${path}.`));
  });

  app.addHook('onRoute', (routeOptions) => routes.add(routeOptions.url, [routeOptions.method].flat()));
}

export default fp(errorsPlugin, { name: 'oneteam-errors', fastify: '5.x' });

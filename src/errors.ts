/**
 * The one error catalogue of the HTTP API.
 *
 * Services throw {@link AppError} (through the factory helpers below); the error handler plugin
 * (src/plugins/errors.ts) renders every error as RFC 9457 `application/problem+json`:
 *
 *   { type, title, status, detail, code, instance, errors? }
 *
 * `code` is stable and machine-readable, `type` is `${PROBLEM_TYPE_BASE}<code>`, and the HTTP
 * status is looked up in {@link errorCatalogue} — never chosen by the thrower.
 *
 * Route schemas declare their error responses with {@link problemResponses}, e.g.
 *   response: { 200: requestSchema, ...problemResponses(400, 404, 409) }
 * (src/plugins/openapi.ts adds 401/403 to authenticated routes, 400 to routes that validate input,
 * 500 to every route with a schema.)
 */
import { z } from 'zod';

export const errorCatalogue = {
  validation_failed: { status: 400, title: 'Request validation failed' },
  malformed_request: { status: 400, title: 'Malformed request' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  invalid_transition: { status: 409, title: 'Transition not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  uri_too_long: { status: 414, title: 'URI too long' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused with a different request' },
  too_many_requests: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
export type ProblemStatus = (typeof errorCatalogue)[ErrorCode]['status'];

export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];

/** Base of every problem `type` URI: `https://oneteam.example/problems/<code>`. */
export const PROBLEM_TYPE_BASE = 'https://oneteam.example/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: ErrorCode): string {
  return `${PROBLEM_TYPE_BASE}${code}`;
}

export function statusOf(code: ErrorCode): ProblemStatus {
  return errorCatalogue[code].status;
}

export function titleOf(code: ErrorCode): string {
  return errorCatalogue[code].title;
}

/** Where several codes share a status, the generic one used for errors from outside the catalogue. */
const genericCodeByStatus: Partial<Record<number, ErrorCode>> = {
  400: 'malformed_request',
  409: 'conflict',
};

/** The catalogue code for a status (used to map foreign 4xx/5xx errors). */
export function codeForStatus(status: number): ErrorCode | undefined {
  return genericCodeByStatus[status] ?? errorCodes.find((code) => errorCatalogue[code].status === status);
}

export interface FieldError {
  /** Where: `body.title`, `querystring.kind`, `params.id`, `headers.idempotency-key`, or a service-defined path. */
  path: string;
  message: string;
}

export interface AppErrorOptions {
  errors?: FieldError[];
  /** Extra response headers (e.g. `WWW-Authenticate`, `Retry-After`). */
  headers?: Record<string, string>;
  /** RFC 9457 extension members added to the problem document. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, detail?: string, options: AppErrorOptions = {}) {
    const text = detail ?? titleOf(code);
    super(text, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = text;
    this.errors = options.errors;
    this.headers = options.headers;
    this.extensions = options.extensions;
  }

  get status(): ProblemStatus {
    return statusOf(this.code);
  }
}

// ---------------------------------------------------------------------------------------------
// Factory helpers
// ---------------------------------------------------------------------------------------------

export function validationFailed(errors: FieldError[], detail = 'The request is not valid.'): AppError {
  return new AppError('validation_failed', detail, { errors });
}

/** 401. `invalidToken` adds `error="invalid_token"` to the `WWW-Authenticate` challenge (RFC 6750). */
export function unauthenticated(
  detail = 'A bearer token is required.',
  options: { invalidToken?: boolean; cause?: unknown } = {},
): AppError {
  const challenge = options.invalidToken ? 'Bearer realm="oneteam", error="invalid_token"' : 'Bearer realm="oneteam"';
  return new AppError('unauthenticated', detail, {
    headers: { 'www-authenticate': challenge },
    cause: options.cause,
  });
}

export function forbidden(detail = 'Your role does not allow this action.'): AppError {
  return new AppError('forbidden', detail);
}

/** 404 for a missing or not-visible resource: `notFound('request', id)` → "request 'id' not found". */
export function notFound(resource = 'resource', id?: string): AppError {
  const detail = id === undefined ? `${resource} not found` : `${resource} '${id}' not found`;
  return new AppError('not_found', detail);
}

export function invalidTransition(detail: string, options: AppErrorOptions = {}): AppError {
  return new AppError('invalid_transition', detail, options);
}

export function conflict(detail: string): AppError {
  return new AppError('conflict', detail);
}

export function idempotencyKeyReused(
  detail = 'This Idempotency-Key was already used with a different request.',
): AppError {
  return new AppError('idempotency_key_reused', detail);
}

export function unavailable(
  detail = 'A dependency is temporarily unavailable.',
  options: AppErrorOptions = {},
): AppError {
  return new AppError('unavailable', detail, options);
}

export function internal(detail = 'An unexpected error occurred.', cause?: unknown): AppError {
  return new AppError('internal', detail, { cause });
}

// ---------------------------------------------------------------------------------------------
// Problem document schema (responses)
// ---------------------------------------------------------------------------------------------

export const fieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
});

/** RFC 9457 problem details; `.loose()` keeps extension members. */
export const problemSchema = z
  .object({
    type: z.string().describe('Stable URI identifying the problem type'),
    title: z.string(),
    status: z.int().min(100).max(599),
    detail: z.string(),
    code: z.enum(errorCodes as [ErrorCode, ...ErrorCode[]]).describe('Stable machine-readable error code'),
    instance: z.string().describe('The request path'),
    errors: z.array(fieldErrorSchema).optional().describe('Per-field validation errors'),
  })
  .loose()
  .meta({ id: 'Problem' });

export type Problem = z.output<typeof problemSchema>;

export interface ProblemResponse {
  description: string;
  content: { 'application/problem+json': { schema: typeof problemSchema } };
}

/** OpenAPI descriptions of the problem responses, listing the codes each status can carry. */
function describeStatus(status: number): string {
  const codes = errorCodes.filter((code) => errorCatalogue[code].status === status);
  if (codes.length === 0) return 'Problem';
  const first = codes[0] as ErrorCode;
  const title = codes.length === 1 ? titleOf(first) : status === 400 ? 'Invalid request' : titleOf(first);
  return `${title} (${codes.join(', ')})`;
}

/** The `application/problem+json` response entry for a status. */
export function problemResponse(status: ProblemStatus, description?: string): ProblemResponse {
  return {
    description: description ?? describeStatus(status),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
  };
}

/** Response schema entries for error statuses: `{ ...problemResponses(400, 404, 409) }`. */
export function problemResponses<S extends ProblemStatus>(...statuses: S[]): Record<S, ProblemResponse> {
  const out = {} as Record<S, ProblemResponse>;
  for (const status of statuses) out[status] = problemResponse(status);
  return out;
}

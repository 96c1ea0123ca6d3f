/** The error catalogue and the mapping of foreign errors to it. */
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import {
  AppError,
  errorCatalogue,
  errorCodes,
  forbidden,
  invalidTransition,
  notFound,
  problemResponses,
  problemType,
  statusOf,
  unauthenticated,
  validationFailed,
} from '../../src/errors.js';
import { renderProblem, toAppError } from '../../src/plugins/errors.js';

describe('error catalogue', () => {
  it('maps each code to one status', () => {
    expect(statusOf('validation_failed')).toBe(400);
    expect(statusOf('malformed_request')).toBe(400);
    expect(statusOf('unauthenticated')).toBe(401);
    expect(statusOf('forbidden')).toBe(403);
    expect(statusOf('not_found')).toBe(404);
    expect(statusOf('invalid_transition')).toBe(409);
    expect(statusOf('payload_too_large')).toBe(413);
    expect(statusOf('unsupported_media_type')).toBe(415);
    expect(statusOf('idempotency_key_reused')).toBe(422);
    expect(statusOf('internal')).toBe(500);
    expect(statusOf('unavailable')).toBe(503);
    for (const code of errorCodes) expect(errorCatalogue[code].title.length).toBeGreaterThan(0);
  });

  it('factories build AppErrors with stable codes', () => {
    expect(notFound('request', 'abc')).toMatchObject({
      code: 'not_found',
      status: 404,
      detail: "request 'abc' not found",
    });
    expect(forbidden()).toMatchObject({ code: 'forbidden', status: 403 });
    expect(invalidTransition('closed')).toMatchObject({ code: 'invalid_transition', status: 409, detail: 'closed' });
    expect(validationFailed([{ path: 'body.x', message: 'bad' }]).errors).toEqual([{ path: 'body.x', message: 'bad' }]);
    expect(unauthenticated().headers).toEqual({ 'www-authenticate': 'Bearer realm="oneteam"' });
    expect(notFound('task')).toBeInstanceOf(AppError);
  });

  it('renders RFC 9457 problems; internal details never leak', () => {
    expect(renderProblem(notFound('request', 'r1'), '/v1/requests/r1')).toEqual({
      type: problemType('not_found'),
      title: 'Not found',
      status: 404,
      detail: "request 'r1' not found",
      code: 'not_found',
      instance: '/v1/requests/r1',
    });
    const leaked = renderProblem(new AppError('internal', 'SELECT * FROM secrets failed'), '/x');
    expect(leaked.detail).not.toContain('secrets');
    const extended = renderProblem(
      new AppError('unavailable', 'db down', { extensions: { status: 200, checks: {} } }),
      '/readyz',
    );
    expect(extended.status).toBe(503);
    expect(extended.checks).toEqual({});
  });

  it('maps foreign errors', () => {
    expect(toAppError(new Error('boom')).code).toBe('internal');
    expect(
      toAppError(Object.assign(new Error('x'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })).code,
    ).toBe('payload_too_large');
    expect(toAppError(Object.assign(new Error('x'), { statusCode: 418 })).code).toBe('malformed_request');
    expect(
      toAppError(Object.assign(new Error('x'), { code: 'FST_ERR_RESPONSE_SERIALIZATION', statusCode: 500 })).code,
    ).toBe('internal');
    expect(toAppError(Object.assign(new Error('pool'), { code: 'P2024' })).code).toBe('unavailable');
    const validation = toAppError(
      Object.assign(new Error('x'), {
        statusCode: 400,
        validationContext: 'body',
        validation: [{ instancePath: '/missions/0', message: 'Invalid string' }],
      }),
    );
    expect(validation).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body.missions.0', message: 'Invalid string' }],
    });
  });

  it('Temporal at its limits is a 429, Temporal or PostgreSQL unreachable or too slow a 503, both with Retry-After', () => {
    const grpc = (code: number) => Object.assign(new Error(`${code}`), { code, details: 'x', metadata: {} });
    const statementTimeout = {
      kind: 'postgres',
      originalCode: '57014',
      message: 'canceling statement due to statement timeout',
    };
    const cases: Array<[unknown, string]> = [
      [grpc(8), 'too_many_requests'],
      [new ServiceError('Workflow Update failed', { cause: grpc(8) }), 'too_many_requests'],
      [new ServiceError('x', { cause: grpc(14) }), 'unavailable'],
      [grpc(4), 'unavailable'],
      [new WorkflowUpdateRPCTimeoutOrCancelledError('timeout', { cause: grpc(4) }), 'unavailable'],
      [Object.assign(new Error('x'), { name: 'DriverAdapterError', cause: statementTimeout }), 'unavailable'],
      [
        Object.assign(new Error('x'), { code: 'P2010', meta: { driverAdapterError: { cause: statementTimeout } } }),
        'unavailable',
      ],
    ];
    for (const [error, code] of cases) {
      const mapped = toAppError(error);
      expect(mapped.code, String(error)).toBe(code);
      expect(mapped.headers?.['retry-after'], String(error)).toBe('5');
    }
    expect(toAppError(grpc(3)).code).toBe('internal');
  });

  it('problemResponses declares problem+json entries', () => {
    const responses = problemResponses(404, 409);
    expect(Object.keys(responses)).toEqual(['404', '409']);
    expect(responses[404].content).toHaveProperty(['application/problem+json']);
  });
});

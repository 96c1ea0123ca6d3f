import type { FastifyRequest } from 'fastify';
import type { AccessPoint } from '../repositories/access-log.js';

/** The route pattern (not the URL, which would repeat ids the log holds anyway) and the caller's address. */
export function accessPointOf(request: FastifyRequest): AccessPoint {
  return { route: `${request.method} ${request.routeOptions.url ?? request.url}`, address: request.ip };
}

/** Minimal logger of the dev server's start-up; pino/fastify loggers and `console` fit. */
export interface DevServerLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

/** The dev server could not start; the message says why and what to do. */
export class DevServerError extends Error {
  override name = 'DevServerError';
}

/**
 * startServer(app, config): listen on HOST:PORT and close gracefully on SIGINT/SIGTERM.
 *
 * The first signal closes the app once (stop accepting connections, finish in-flight requests,
 * run onClose hooks — which disconnect Prisma), then runs `onShutdown` (e.g. close the Temporal
 * connection). The process is not exited on the graceful path, so other components of the same
 * process can finish their own shutdown; a second signal (more than a second after the first: a wrapper
 * such as tsx relays the terminal's Ctrl-C once more), or a shutdown slower than `shutdownTimeoutMs`,
 * exits with code 1.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';

/** A repeat of the first signal within this window is the same request to stop, not a second one. */
const DUPLICATE_SIGNAL_WINDOW_MS = 1_000;

export interface StartServerOptions {
  /** Runs after `app.close()`, e.g. to close the Temporal connection. */
  onShutdown?: () => Promise<void>;
  /** Force exit when graceful shutdown takes longer (default 15 s). */
  shutdownTimeoutMs?: number;
  /** Signals to handle (default SIGINT and SIGTERM). */
  signals?: NodeJS.Signals[];
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:3000` */
  address: string;
  /** Close once (idempotent); also what the signal handlers call. */
  shutdown(): Promise<void>;
}

export async function startServer(
  app: FastifyInstance,
  config: Pick<Config, 'HOST' | 'PORT'>,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const timeoutMs = options.shutdownTimeoutMs ?? 15_000;
  let closing: Promise<void> | undefined;

  const removeHandlers = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
  };

  const shutdown = (): Promise<void> => {
    closing ??= (async () => {
      const timer = setTimeout(() => {
        app.log.error({ timeoutMs }, 'graceful shutdown timed out; exiting');
        process.exit(1);
      }, timeoutMs);
      timer.unref();
      try {
        await app.close();
        await options.onShutdown?.();
        app.log.info('server closed');
      } finally {
        clearTimeout(timer);
        removeHandlers();
      }
    })();
    return closing;
  };

  let firstSignalAt = 0;
  function onSignal(signal: NodeJS.Signals): void {
    if (closing !== undefined) {
      // One Ctrl-C can arrive twice: from the terminal to the whole process group, and relayed a moment later by a
      // wrapper such as tsx (`npm start`). Only a signal well after the first one means "stop now".
      if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_WINDOW_MS) return;
      app.log.warn({ signal }, 'second signal during shutdown; exiting now');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    app.log.info({ signal }, 'shutting down');
    shutdown().catch((error: unknown) => {
      app.log.error({ err: error }, 'error during shutdown');
      process.exitCode = 1;
    });
  }

  for (const signal of signals) process.on(signal, onSignal);

  try {
    const address = await app.listen({ host: config.HOST, port: config.PORT });
    return { address, shutdown };
  } catch (error) {
    removeHandlers();
    throw error;
  }
}

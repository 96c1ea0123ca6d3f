/**
 * Drains the outbox in the worker process: a pass every `intervalMs`, at once again while passes come back full.
 * Any number of workers may run one; the outbox's leases keep them from sending the same row at the same time.
 */
import type { NotificationSender } from './sender.js';

export interface Drainer {
  /** Finishes the pass under way, then stops. */
  stop(): Promise<void>;
}

export function startNotificationDrainer({
  sender,
  intervalMs = 500,
  batchSize = 20,
  log,
}: {
  sender: NotificationSender;
  intervalMs?: number;
  batchSize?: number;
  log: { warn(message: string): void };
}): Drainer {
  let running = true;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (running) {
      let full = false;
      try {
        full = (await sender.deliverDue()).claimed >= batchSize;
      } catch (error) {
        // The database may be restarting; the rows stay queued for the next pass.
        log.warn(`notification pass failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (full || !running) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs).unref();
      });
    }
  })();
  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}

/** Waiting: a pause, a condition, an HTTP endpoint that comes up. */
import type { Child } from './children.js';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` until it holds (true) or `timeoutMs` passes (false). */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
  return true;
}

/**
 * Polls `url` until it answers 200 and returns the milliseconds waited. Fails early when `child` (the process that
 * should serve it) exits, and on timeout; the error carries the last answer and the child's output.
 */
export async function waitForHttpOk(
  url: string,
  options: { timeoutMs: number; child?: Child; intervalMs?: number },
): Promise<number> {
  const { child } = options;
  const started = Date.now();
  let last = 'no answer yet';
  for (;;) {
    const exit = child?.exitInfo();
    if (child !== undefined && exit !== undefined) {
      throw new Error(
        `${child.name} exited (${exit.code ?? exit.signal}) before ${url} answered 200:\n${child.output(60)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return Date.now() - started;
      last = `HTTP ${response.status} ${await response.text()}`;
    } catch (error) {
      last =
        error instanceof Error
          ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
          : String(error);
    }
    if (Date.now() - started > options.timeoutMs) {
      throw new Error(
        `${url} did not answer 200 within ${options.timeoutMs} ms (last: ${last})${child ? `:\n${child.output(60)}` : ''}`,
      );
    }
    await sleep(options.intervalMs ?? 250);
  }
}

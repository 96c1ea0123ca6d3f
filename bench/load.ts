/**
 * Load generation: a keep-alive HTTP client for the API, an open-loop scheduler (sends on a timer whatever the
 * completions do, latency measured from the scheduled instant so queueing is never hidden) and closed-loop drivers.
 * Every loop is bounded in count and time and stops early when the run is aborted.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { control } from './control.js';
import { progress } from './progress.js';
import { summarize, type LatencySummary } from './stats.js';

export interface HttpResponse {
  status: number;
  body: unknown;
}

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: HTTP ${status}`);
  }
}

/** node:http with a keep-alive agent: connections are reused, so each request costs what the API costs. */
export class ApiClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    if (url.hostname !== '127.0.0.1') throw new Error(`the benchmark only talks to 127.0.0.1, not ${url.hostname}`);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  request(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; token?: string; timeoutMs?: number } = {},
  ): Promise<HttpResponse> {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string | number> = {};
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: this.host, port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            if ((res.headers['content-type'] ?? '').includes('json') && text !== '') {
              try {
                body = JSON.parse(text);
              } catch {
                // keep the text
              }
            }
            resolve({ status: res.statusCode ?? 0, body });
          });
        },
      );
      req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The response body when the status is `expected`, else an HttpError. */
  async expect<T>(
    expected: number,
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; token?: string } = {},
  ): Promise<T> {
    const response = await this.request(method, path, options);
    if (response.status !== expected)
      throw new HttpError(response.status, response.body, `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')}`);
    return response.body as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface OpenLoopOptions {
  label: string;
  /** Offered sends per second. */
  rate: number;
  durationMs: number;
  /** One operation; resolves on success, throws on failure. `i` counts from 0. */
  send: (i: number) => Promise<void>;
  /** Sends beyond this many outstanding are not made and count as dropped (default 2000). */
  maxInFlight?: number;
  /** How long to wait for outstanding operations after the last send (default 30 s). */
  drainMs?: number;
}

export interface OpenLoopResult {
  label: string;
  offeredPerS: number;
  durationS: number;
  scheduled: number;
  ok: number;
  failed: number;
  /** Not sent: too many outstanding. */
  dropped: number;
  /** Still outstanding when the drain wait ended. */
  unfinished: number;
  /** Successful completions per second over the time they took (the window, or longer when completions trail). */
  achievedPerS: number;
  errorRate: number;
  latencyMs: LatencySummary;
  errors: Record<string, number>;
}

function errorKey(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 100);
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const interval = 1000 / options.rate;
  const total = Math.max(1, Math.round((options.rate * options.durationMs) / 1000));
  const maxInFlight = options.maxInFlight ?? 2000;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const outstanding = new Set<Promise<void>>();
  let ok = 0;
  let failed = 0;
  let dropped = 0;
  let lastOkAt = 0;
  const t0 = performance.now();

  const dispatch = (i: number, scheduledAt: number) => {
    if (outstanding.size >= maxInFlight) {
      dropped += 1;
      return;
    }
    const operation = options
      .send(i)
      .then(
        () => {
          ok += 1;
          lastOkAt = performance.now();
          latencies.push(lastOkAt - scheduledAt);
        },
        (error: unknown) => {
          failed += 1;
          const key = errorKey(error);
          errors[key] = (errors[key] ?? 0) + 1;
        },
      )
      .finally(() => outstanding.delete(operation));
    outstanding.add(operation);
  };

  const ticker = setInterval(() => {
    const recent = summarize(latencies.slice(-500));
    progress.status(
      `${options.label}: sent ${ok + failed + outstanding.size}/${total}, ok ${ok}, failed ${failed + dropped}, ` +
        `in flight ${outstanding.size}, recent p99 ${recent.p99 ?? '-'} ms`,
    );
  }, 1_000);
  try {
    let next = 0;
    while (next < total && !control.aborted) {
      const now = performance.now();
      while (next < total && t0 + next * interval <= now) {
        dispatch(next, t0 + next * interval);
        next += 1;
      }
      if (next < total)
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + next * interval - performance.now())));
    }
    dropped += total - next;
    const drainUntil = performance.now() + (options.drainMs ?? 30_000);
    while (outstanding.size > 0 && performance.now() < drainUntil && !control.aborted) {
      await Promise.race([Promise.all(outstanding), new Promise((resolve) => setTimeout(resolve, 100))]);
    }
  } finally {
    clearInterval(ticker);
  }
  const windowMs = Math.max(options.durationMs, lastOkAt - t0);
  return {
    label: options.label,
    offeredPerS: options.rate,
    durationS: options.durationMs / 1000,
    scheduled: total,
    ok,
    failed,
    dropped,
    unfinished: outstanding.size,
    achievedPerS: Math.round((ok / (windowMs / 1000)) * 10) / 10,
    errorRate: Math.round(((total - ok) / total) * 10_000) / 10_000,
    latencyMs: summarize(latencies),
    errors,
  };
}

export interface ClosedLoopOptions {
  label: string;
  drivers: number;
  durationMs: number;
  /** Upper bound on iterations over all drivers. */
  maxIterations: number;
  iteration: (driver: number) => Promise<void>;
}

export interface ClosedLoopResult {
  label: string;
  drivers: number;
  durationS: number;
  ok: number;
  failed: number;
  perS: number;
  latencyMs: LatencySummary;
  errors: Record<string, number>;
}

/** `drivers` concurrent loops, each starting its next iteration when the previous one finished. */
export async function closedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + options.durationMs;
  const ticker = setInterval(() => {
    const elapsed = (performance.now() - t0) / 1000;
    progress.status(`${options.label}: ${ok} done (${(ok / elapsed).toFixed(1)}/s), ${failed} failed`);
  }, 1_000);
  const driver = async (index: number) => {
    while (performance.now() < deadline && started < options.maxIterations && !control.aborted) {
      started += 1;
      const begin = performance.now();
      try {
        await options.iteration(index);
        ok += 1;
        latencies.push(performance.now() - begin);
      } catch (error) {
        failed += 1;
        const key = errorKey(error);
        errors[key] = (errors[key] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.drivers }, (_, index) => driver(index)));
  } finally {
    clearInterval(ticker);
  }
  const elapsedS = (performance.now() - t0) / 1000;
  return {
    label: options.label,
    drivers: options.drivers,
    durationS: Math.round(elapsedS * 10) / 10,
    ok,
    failed,
    perS: Math.round((ok / elapsedS) * 100) / 100,
    latencyMs: summarize(latencies),
    errors,
  };
}

/** Runs `fn` over `items` with at most `concurrency` at once (bounded preparation work). */
export async function inBatches<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      control.check();
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

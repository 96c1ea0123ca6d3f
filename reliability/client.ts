/**
 * An HTTP client over several API processes, as a careful client of the production shape behaves: on a connection
 * error, a 503 or a 429 it waits (Retry-After when given) and tries again on the next process, until a deadline.
 * It records what it saw, so the fault test can judge the service: every failed attempt by kind, whether 503/429
 * carried Retry-After, and each stretch of time a call spent failing (the unavailability a person would see).
 */
import { setTimeout as sleep } from 'node:timers/promises';

export type Method = 'GET' | 'POST';

export interface Response {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface Observations {
  calls: number;
  attempts: number;
  /** Failed attempts by kind: `connection`, `503`, `429`, `500`, ... */
  failures: Record<string, number>;
  /** 503 and 429 answers without a Retry-After header (each one is a defect). */
  withoutRetryAfter: number;
  /** Server errors other than 503 (each one is a defect), with what was asked. */
  serverErrors: Array<{ at: number; method: Method; path: string; status: number; body: unknown }>;
  /** [start, end] of every stretch during which a call kept failing before it succeeded (ms since the epoch). */
  outages: Array<[number, number]>;
  /** The longest a call waited for its answer, retries included (a paused dependency fails nothing, it is slow). */
  longestCallMs: number;
}

export class CallFailed extends Error {
  override name = 'CallFailed';
}

export class FailoverClient {
  readonly seen: Observations = {
    calls: 0,
    attempts: 0,
    failures: {},
    withoutRetryAfter: 0,
    serverErrors: [],
    outages: [],
    longestCallMs: 0,
  };
  private next = 0;

  constructor(
    private readonly baseUrls: string[],
    private readonly options: { deadlineMs: number; attemptTimeoutMs: number },
  ) {}

  /**
   * Sends until an answer that is neither a connection failure nor 5xx/429 arrives. `ambiguous` is true when an
   * earlier attempt may have been applied (the request was sent and no answer came, or a 5xx came back), which a
   * caller needs to read a later 409 correctly.
   */
  async call(
    method: Method,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response & { ambiguous: boolean }> {
    this.seen.calls += 1;
    // Calls take turns over the API processes, so that each one carries load when a fault hits it.
    this.next += 1;
    const started = Date.now();
    let firstFailure: number | undefined;
    let ambiguous = false;
    for (let attempt = 0; ; attempt += 1) {
      const baseUrl = this.baseUrls[this.next % this.baseUrls.length]!;
      this.seen.attempts += 1;
      let waitMs = Math.min(2_000, 100 * 2 ** attempt);
      let kind: string;
      try {
        const response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
            ...options.headers,
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(this.options.attemptTimeoutMs),
        });
        const text = await response.text();
        const body = parse(text);
        if (response.status < 500 && response.status !== 429) {
          if (firstFailure !== undefined) this.seen.outages.push([firstFailure, Date.now()]);
          this.seen.longestCallMs = Math.max(this.seen.longestCallMs, Date.now() - started);
          return { status: response.status, headers: response.headers, body, ambiguous };
        }
        kind = String(response.status);
        if (response.status === 503 || response.status === 429) {
          const retryAfter = response.headers.get('retry-after');
          if (retryAfter === null) this.seen.withoutRetryAfter += 1;
          else waitMs = Math.min(5_000, Math.max(100, Number(retryAfter) * 1000 || waitMs));
        } else {
          this.seen.serverErrors.push({ at: Date.now(), method, path, status: response.status, body });
        }
        // A 429 refused the call. A 503 on a change may not have: the contract lets it mean "not confirmed in time,
        // may still be applied" (a workflow Update the server admitted), and any other 5xx may have done part of it.
        if (response.status !== 429 && method !== 'GET') ambiguous = true;
      } catch (error) {
        kind = 'connection';
        // A refused connection never reached the server; a reset or a timeout may have.
        if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') ambiguous = true;
      }
      this.seen.failures[kind] = (this.seen.failures[kind] ?? 0) + 1;
      firstFailure ??= Date.now();
      this.next += 1;
      if (Date.now() - started > this.options.deadlineMs) {
        throw new CallFailed(`${method} ${path}: still failing (${kind}) after ${Date.now() - started} ms`);
      }
      await sleep(waitMs);
    }
  }
}

function parse(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

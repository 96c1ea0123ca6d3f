import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const milliseconds = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

/** The value that turns the development issuer on outside `npm start`: long and alarming on purpose. */
export const DEV_ISSUER_OPT_IN = 'unsafe-enabled';
/** Issuer of the development tokens, unless AUTH_ISSUER says otherwise. */
export const DEV_ISSUER_NAME = 'oneteam-dev';

/** Loopback hosts: the only ones a plain-http key set, or the development issuer of `npm start`, may use. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** An AES-256 key that encrypts workflow payloads, named so that each payload says which key encrypted it. */
export interface PayloadKey {
  readonly id: string;
  readonly key: Uint8Array;
}

const PAYLOAD_KEY_BYTES = 32;

/** `<id>:<base64 of 32 bytes>`, comma-separated; the first encrypts, all decrypt (rotation). */
const payloadKeys = optionalString.transform((value, ctx): readonly PayloadKey[] | undefined => {
  if (value === undefined) return undefined;
  const keys: PayloadKey[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    const encoded = entry.slice(separator + 1);
    const key = Buffer.from(encoded, 'base64');
    if (separator < 1 || !/^[A-Za-z0-9._-]{1,64}$/.test(id) || !/^[A-Za-z0-9+/_-]+=*$/.test(encoded)) {
      ctx.addIssue({ code: 'custom', message: 'each key must be <id>:<base64 of 32 bytes>, comma-separated' });
      return z.NEVER;
    }
    if (key.length !== PAYLOAD_KEY_BYTES) {
      ctx.addIssue({ code: 'custom', message: `key ${id} is ${key.length} bytes; AES-256 needs ${PAYLOAD_KEY_BYTES}` });
      return z.NEVER;
    }
    if (keys.some((other) => other.id === id)) {
      ctx.addIssue({ code: 'custom', message: `key id ${id} appears twice` });
      return z.NEVER;
    }
    keys.push(Object.freeze({ id, key: new Uint8Array(key) }));
  }
  return Object.freeze(keys);
});

/** Comma-separated origins (`https://temporal-ui.example.org`) allowed to call the codec endpoints from a browser. */
const origins = optionalString.transform((value, ctx): readonly string[] => {
  if (value === undefined) return [];
  const list = value.split(',').map((part) => part.trim());
  for (const origin of list) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(origin)} is not an origin (scheme://host[:port])` });
      return z.NEVER;
    }
  }
  return Object.freeze(list);
});

const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the embedded defaults keep their state (PostgreSQL cluster, Temporal SQLite file, dev signing key). */
  DATA_DIR: z.string().min(1).default('data'),
  /** Any PostgreSQL server; without it an embedded PostgreSQL runs from DATA_DIR. */
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /**
   * `npm run migrate` only: the password it gives the service's login role (oneteam_app, rows only), which the API
   * and the worker then name in their DATABASE_URL. Without it the role is left as it is.
   */
  SERVICE_DATABASE_PASSWORD: optionalString,
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  /** Longest a single SQL statement may run (PostgreSQL `statement_timeout`), for the API and the worker. */
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(15_000),
  /** Without TEMPORAL_ADDRESS a local Temporal dev server is found or built and started. */
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('oneteam'),
  TEMPORAL_CLI_PATH: optionalString,
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /** The identity provider's key set: tokens are verified against it (https, or http on a loopback address). */
  AUTH_JWKS_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/ })
      .refine(
        (url) => new URL(url).protocol === 'https:' || isLoopbackHost(new URL(url).hostname),
        'must be an https URL (plain http only on a loopback address)',
      )
      .optional(),
  ),
  /** `iss` of accepted tokens: required with AUTH_JWKS_URL; the development issuer's name otherwise. */
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: z.string().min(1).default('oneteam'),
  /** `unsafe-enabled`: this process is its own token issuer (POST /v1/dev/token) although not `npm start`. */
  AUTH_DEV_ISSUER: optionalString.pipe(
    z.literal(DEV_ISSUER_OPT_IN, { error: `the only accepted value is '${DEV_ISSUER_OPT_IN}'` }).optional(),
  ),
  /** HS256 key for the dev issuer; without it one is generated once into DATA_DIR. */
  DEV_JWT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** A request's headers and body must have arrived within this time (slow senders get 408). */
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(30_000),
  /** A connection with no traffic for this long is closed (also bounds a response that never comes). */
  HTTP_CONNECTION_TIMEOUT_MS: milliseconds(60_000),
  /** An idle keep-alive connection is closed after this long (set it above a reverse proxy's idle timeout). */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(10_000),
  /** Requests per minute and caller (a verified token's `sub`), per API process. */
  RATE_LIMIT_PER_CALLER: z.coerce.number().int().min(1).default(600),
  /** Requests per minute and client address without a valid token (pages, health, dev token), per API process. */
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(600),
  /**
   * Reverse proxies whose X-Forwarded-For is believed, so that limits count the client's address: comma-separated
   * addresses, CIDR ranges or `loopback`, `linklocal`, `uniquelocal`. Unset: the peer's address counts.
   */
  TRUST_PROXY: optionalString.pipe(
    z
      .string()
      .regex(
        /^(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?))*$/,
        'comma-separated addresses, CIDR ranges, loopback, linklocal or uniquelocal',
      )
      .transform((list) => list.split(',').map((entry) => entry.trim()))
      .optional(),
  ),
  /** How long an HTTP call waits for a workflow to apply a change; then 503 + Retry-After (the change goes on). */
  WORKFLOW_UPDATE_WAIT_MS: milliseconds(15_000),
  /** /metrics reads the SLA aggregates from the database at most once per this interval. */
  METRICS_CACHE_MS: milliseconds(15_000, 0),
  SLA_POLICY: z.enum(['default', 'demo']).default('default'),
  /**
   * Keys of the payload codec (src/temporal/payload-codec.ts): Temporal stores workflow inputs, results and
   * messages encrypted with the first. Required by `npm run api` and `npm run worker`; `npm start` on the
   * embedded Temporal generates one into DATA_DIR when it is unset.
   */
  PAYLOAD_KEYS: payloadKeys,
  /** Origins of the Temporal UI allowed to call /codec/decode and /codec/encode from the browser. */
  CODEC_CORS_ORIGINS: origins,
  /**
   * Open workflows the worker keeps in memory; the rest are replayed from history when they next wake.
   * 1000 held `npm run worker` at 754 MiB with 10,000 open requests (docs/benchmarks.md).
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).default(1000),
  /**
   * The mail relay notifications go through (`smtp://` or `smtps://`, credentials in the URL). Unset: `npm start`
   * runs Mailpit (or, without it, writes each mail to the log); `npm run worker` sends no mail.
   */
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  /** The sender of notifications. */
  MAIL_FROM: z.string().trim().min(3).default('OneTeam <oneteam@localhost>'),
  /** Where people open OneTeam: the links in notifications. Default: the API's own address. */
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** The Mailpit binary of `npm start` (otherwise found on PATH or in Go's bin directory, or built). */
  MAILPIT_PATH: optionalString,
  /** SMTP and web ports of `npm start`'s Mailpit. */
  MAILPIT_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
  MAILPIT_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8025),
});

type Env = z.infer<typeof envSchema>;

/**
 * How bearer tokens come to be: verified against an identity provider's key set, or issued by this service
 * itself (the development issuer: anyone who reaches POST /v1/dev/token gets a token for any seeded user).
 */
export type AuthSettings =
  | { mode: 'identity-provider'; jwksUrl: string; issuer: string; audience: string }
  | {
      mode: 'dev-issuer';
      issuer: string;
      audience: string;
      /** `embedded`: `npm start` on loopback; `unsafe-enabled`: turned on by AUTH_DEV_ISSUER. */
      enabledBy: 'embedded' | typeof DEV_ISSUER_OPT_IN;
    }
  /** A process that verifies no tokens (`npm run migrate`). */
  | { mode: 'none' };

export type Config = Readonly<
  Env & {
    dataDir: string;
    auth: AuthSettings;
    /** True when the service issues its own tokens (POST /v1/dev/token exists). */
    devAuth: boolean;
  }
>;

export interface LoadConfigOptions {
  /**
   * `npm start`: the embedded defaults. Without an identity provider the development issuer runs, as long as the
   * API listens on a loopback address.
   */
  embedded?: boolean;
  /** False for processes that verify no tokens (`npm run migrate`): they need no identity provider. */
  verifiesTokens?: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** What to set, for the message of a process that refuses to start without a token mode. */
export const TOKEN_MODE_HELP =
  'Set AUTH_JWKS_URL and AUTH_ISSUER (and AUTH_AUDIENCE, default oneteam) to verify the tokens of your identity ' +
  `provider, or AUTH_DEV_ISSUER=${DEV_ISSUER_OPT_IN} to let this process issue tokens for any user to anyone ` +
  'who can reach it (development only). `npm start` runs the development issuer by itself on a loopback address.';

function resolveAuth(values: Env, options: LoadConfigOptions): AuthSettings {
  if (values.AUTH_JWKS_URL !== undefined) {
    if (values.AUTH_DEV_ISSUER !== undefined) {
      throw new ConfigError('AUTH_DEV_ISSUER: not with AUTH_JWKS_URL: tokens come from one issuer only');
    }
    if (values.DEV_JWT_SECRET !== undefined) {
      throw new ConfigError('DEV_JWT_SECRET: only the development issuer uses it; unset it with AUTH_JWKS_URL');
    }
    if (values.AUTH_ISSUER === undefined) {
      throw new ConfigError("AUTH_ISSUER: required with AUTH_JWKS_URL (the `iss` of your identity provider's tokens)");
    }
    return {
      mode: 'identity-provider',
      jwksUrl: values.AUTH_JWKS_URL,
      issuer: values.AUTH_ISSUER,
      audience: values.AUTH_AUDIENCE,
    };
  }
  const devIssuer = (enabledBy: 'embedded' | typeof DEV_ISSUER_OPT_IN): AuthSettings => ({
    mode: 'dev-issuer',
    issuer: values.AUTH_ISSUER ?? DEV_ISSUER_NAME,
    audience: values.AUTH_AUDIENCE,
    enabledBy,
  });
  if (values.AUTH_DEV_ISSUER !== undefined) return devIssuer(DEV_ISSUER_OPT_IN);
  if (options.embedded === true) {
    if (!isLoopbackHost(values.HOST)) {
      throw new ConfigError(
        `HOST: ${values.HOST} is not a loopback address, and without an identity provider anyone who reaches it ` +
          `could issue themselves tokens.\n${TOKEN_MODE_HELP}`,
      );
    }
    return devIssuer('embedded');
  }
  if (options.verifiesTokens === false) return { mode: 'none' };
  throw new ConfigError(`No identity provider is configured.\n${TOKEN_MODE_HELP}`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  if (values.HTTP_CONNECTION_TIMEOUT_MS <= values.WORKFLOW_UPDATE_WAIT_MS) {
    throw new ConfigError(
      'HTTP_CONNECTION_TIMEOUT_MS: must be longer than WORKFLOW_UPDATE_WAIT_MS, or a call waiting for a workflow ' +
        'loses its connection before it can be answered',
    );
  }
  const auth = resolveAuth(values, options);
  return Object.freeze({
    ...values,
    dataDir: path.resolve(values.DATA_DIR),
    auth,
    devAuth: auth.mode === 'dev-issuer',
  });
}

/** The API's own address as seen from this machine (a wildcard HOST is reached on loopback). */
export function localApiUrl(config: Pick<Config, 'HOST' | 'PORT'>): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

/** Where people open OneTeam, for links in mail: PUBLIC_URL, else the API's own address. */
export function publicUrlOf(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  return config.PUBLIC_URL === undefined ? localApiUrl(config) : config.PUBLIC_URL.replace(/\/$/, '');
}

import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the embedded defaults keep their state (PostgreSQL cluster, Temporal SQLite file, dev signing key). */
  DATA_DIR: z.string().min(1).default('data'),
  /** Any PostgreSQL server; without it an embedded PostgreSQL runs from DATA_DIR. */
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  /** Without TEMPORAL_ADDRESS a local Temporal dev server is found or built and started. */
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('oneteam'),
  TEMPORAL_CLI_PATH: optionalString,
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /** Production token verification; without AUTH_JWKS_URL the service is its own (dev) issuer. */
  AUTH_JWKS_URL: optionalString.pipe(z.url().optional()),
  AUTH_ISSUER: z.string().min(1).default('oneteam-dev'),
  AUTH_AUDIENCE: z.string().min(1).default('oneteam'),
  /** HS256 key for the dev issuer; without it one is generated once into DATA_DIR. */
  DEV_JWT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  SLA_POLICY: z.enum(['default', 'demo']).default('default'),
  /**
   * Open workflows the worker keeps in memory; the rest are replayed from history when they next wake.
   * 1000 held `npm run worker` at 754 MiB with 10,000 open requests (docs/benchmarks.md).
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).default(1000),
});

export type Config = Readonly<
  z.infer<typeof envSchema> & {
    dataDir: string;
    /** True when the service issues its own tokens (POST /v1/dev/token exists). */
    devAuth: boolean;
  }
>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  return Object.freeze({
    ...values,
    dataDir: path.resolve(values.DATA_DIR),
    devAuth: values.AUTH_JWKS_URL === undefined,
  });
}

import type { Config } from '../config.js';
import { ConfigError, DEV_ISSUER_OPT_IN } from '../config.js';

/** Progress lines for the start-up of the entry points, before the API's own logger exists. */
export function stepLogger() {
  const started = Date.now();
  const line = (level: string, message: string) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
    process.stderr.write(`[oneteam ${seconds}s] ${level}${message}\n`);
  };
  return {
    info: (message: string) => line('', message),
    warn: (message: string) => line('warning: ', message),
    error: (message: string) => line('error: ', message),
  };
}

export function printBanner(options: {
  config: Config;
  apiUrl: string;
  temporalUiUrl: string | undefined;
  /** Mailpit's web UI, where `npm start`'s notification mails arrive. */
  mailUiUrl?: string | undefined;
  embeddedDatabase: boolean;
}): void {
  const { config, apiUrl } = options;
  const lines = [
    '',
    'OneTeam is ready.',
    `  Web pages     ${apiUrl}/   (sign in as a seeded user, e.g. MOFA:supervisor)`,
    `  API           ${apiUrl}/v1`,
    `  Swagger UI    ${apiUrl}/docs   (OpenAPI: ${apiUrl}/openapi.json)`,
    `  Temporal UI   ${options.temporalUiUrl ?? `(external cluster at ${config.TEMPORAL_ADDRESS ?? '?'})`}`,
    `  Mail          ${options.mailUiUrl ?? (config.SMTP_URL === undefined ? '(written to this log)' : 'SMTP_URL')}`,
    `  Database      ${options.embeddedDatabase ? `embedded PostgreSQL, data in ${config.dataDir}` : 'DATABASE_URL'}`,
  ];
  if (config.devAuth) {
    lines.push(
      '',
      'Get a demo token (seeded users are <agency>:<role>, e.g. KR-43:province_officer, MOFA:coordinator, VN-HAN:mission_officer):',
      `  curl -s -X POST ${apiUrl}/v1/dev/token -H 'content-type: application/json' -d '{"user":"KR-43:province_officer"}'`,
    );
  }
  lines.push('', 'Press Ctrl-C to stop; data is kept for the next start.', '');
  process.stdout.write(lines.join('\n'));
}

/** At every start of a process that runs the development issuer outside `npm start`'s embedded defaults. */
export function warnAboutTokenMode(config: Config, log: Pick<ReturnType<typeof stepLogger>, 'warn'>): void {
  if (config.auth.mode !== 'dev-issuer' || config.auth.enabledBy !== DEV_ISSUER_OPT_IN) return;
  log.warn(
    `AUTH_DEV_ISSUER=${DEV_ISSUER_OPT_IN}: this deployment issues tokens for any user, administrators included, to ` +
      'anyone who can reach POST /v1/dev/token. Never use it with real data; set AUTH_JWKS_URL and AUTH_ISSUER instead.',
  );
}

export function exitOnStartupFailure(error: unknown): never {
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`\nOneTeam could not start:\n${message}\n`);
  process.exit(1);
}

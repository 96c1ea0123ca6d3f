import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: prisma.config.ts, prisma/ and node_modules/prisma live there. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRISMA_CLI = fileURLToPath(new URL('../../node_modules/prisma/build/index.js', import.meta.url));

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrationResult {
  /** Combined stdout and stderr of `prisma migrate deploy`. */
  output: string;
  durationMs: number;
}

/**
 * Applies pending migrations from prisma/migrations with the local `prisma migrate deploy`
 * (offline: the WASM schema engine through the driver adapter configured in prisma.config.ts).
 * Safe to run on every start; concurrent runs serialise on Prisma's advisory lock.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: { timeoutMs?: number } = {},
): Promise<MigrationResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 300_000;
  const child = spawn(process.execPath, [PRISMA_CLI, 'migrate', 'deploy'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      // No update notice and no telemetry call home: the CLI must work offline.
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);

  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
    },
  ).finally(() => clearTimeout(timer));

  output = output.trim();
  if (code !== 0) {
    const how =
      signal === null
        ? `exit code ${code}`
        : `signal ${signal}${signal === 'SIGKILL' ? ` (timeout ${timeoutMs} ms)` : ''}`;
    throw new MigrationError(`prisma migrate deploy failed (${how}):\n${output}`);
  }
  return { output, durationMs: Math.round(performance.now() - started) };
}

/** `npm run api` and `npm run worker` refuse to start without a token mode, and warn at every start with the unsafe one. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

interface Outcome {
  code: number | null;
  output: string;
}

/**
 * Runs an entry point as its npm script does, with only the given variables, until it exits or prints `until`
 * (then it is stopped: past that point it would go on to connect to the database and Temporal).
 */
function run(entry: string, env: Record<string, string>, until?: RegExp): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (until?.test(output)) child.kill('SIGKILL');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const production = {
  DATABASE_URL: 'postgresql://oneteam:secret@127.0.0.1:1/oneteam',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
};

// Each case starts Node with tsx: seconds, not milliseconds, on a loaded machine.
describe('token mode of the production entry points', { timeout: 30_000 }, () => {
  it.each(['src/main/api.ts', 'src/main/worker.ts'])(
    '%s without an identity provider exits non-zero, naming the variables to set',
    async (entry) => {
      const { code, output } = await run(entry, production);
      expect(code).not.toBe(0);
      expect(output).toContain('No identity provider is configured');
      expect(output).toMatch(/AUTH_JWKS_URL and AUTH_ISSUER/);
      expect(output).toContain('AUTH_DEV_ISSUER=unsafe-enabled');
    },
  );

  it.each(['src/main/api.ts', 'src/main/worker.ts'])(
    '%s with AUTH_DEV_ISSUER=unsafe-enabled starts with a warning',
    async (entry) => {
      const { output } = await run(entry, { ...production, AUTH_DEV_ISSUER: 'unsafe-enabled' }, /warning: .*\n/);
      expect(output).toMatch(/warning: AUTH_DEV_ISSUER=unsafe-enabled: .*issues tokens for any user/);
    },
  );
});

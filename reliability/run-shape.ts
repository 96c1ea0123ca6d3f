/**
 * `npm run shape`: starts the production shape on this machine (reliability/shape.ts), drives one loop through each
 * API process, prints where everything listens and stays up until Ctrl-C. Data stays in data/production-shape.
 * `npm run shape -- --check`: the same in a temporary directory, then stops and exits (0 when the loops closed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FailoverClient } from './client.js';
import { driveLoop, issueTokens } from './loop.js';
import { repoRoot, startProductionShape, type ProductionShape } from './shape.js';

const check = process.argv.includes('--check');
const started = Date.now();
const log = (line: string) =>
  process.stderr.write(`[shape ${String(Math.round((Date.now() - started) / 1000)).padStart(4)}s] ${line}\n`);

const dataDir = check
  ? await mkdtemp(path.join(os.tmpdir(), 'oneteam-shape-'))
  : path.join(repoRoot, 'data', 'production-shape');
let shape: ProductionShape | undefined;
let stopping = false;
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  log('stopping');
  await shape?.stop();
  if (check) await rm(dataDir, { recursive: true, force: true });
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));

try {
  shape = await startProductionShape({
    dataDir,
    slaPolicy: process.env.SLA_POLICY === 'demo' ? 'demo' : 'default',
    log,
  });
  for (const apiUrl of shape.apiUrls) {
    const client = new FailoverClient([apiUrl], { deadlineMs: 60_000, attemptTimeoutMs: 30_000 });
    const loopStarted = Date.now();
    const id = await driveLoop(client, await issueTokens(client), `production shape check via ${apiUrl}`);
    log(`loop through ${apiUrl}: request ${id} closed in ${Date.now() - loopStarted} ms`);
  }
  if (check) {
    await shutdown(0);
  } else {
    process.stdout.write(
      [
        '',
        `OneTeam's production shape is running (Temporal ${shape.temporalVersion} on PostgreSQL).`,
        ...shape.apiUrls.map((url, index) => `  API ${index + 1}        ${url}/v1   (pages ${url}/)`),
        `  Temporal     ${shape.temporalAddress}`,
        `  PostgreSQL   ${shape.databaseUrl.replace(/:[^:@/]+@/, ':***@')}`,
        `  Logs         ${path.join(dataDir, 'logs')}`,
        'Ctrl-C stops everything; the data stays in data/production-shape.',
        '',
      ].join('\n'),
    );
  }
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await shutdown(1);
}

/** What a previous run may have left: a server still running on the cluster, or something else on the port. */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { canInspectProcesses, isAlive, isPortFree, readProcess, waitUntil } from '../processes/index.js';
import { EmbeddedPostgresError } from './errors.js';

/**
 * A postmaster.pid left in the cluster means the previous run did not shut the server down:
 * - its process is gone (the server was killed): PostgreSQL removes the stale file itself and
 *   recovers from its WAL on start;
 * - its process id now belongs to an unrelated process (ids are reused, e.g. after a container
 *   restart): PostgreSQL would refuse to start, so the stale file is removed here;
 * - the server still runs for this cluster and the process that started it is gone (that process
 *   was killed, e.g. with SIGKILL): the orphaned server is shut down so this process owns the next;
 * - the server still runs and its starter is alive: it belongs to another running process, which is
 *   reported rather than disturbed.
 */
export async function handleLeftoverServer(clusterDir: string, ownerFile: string): Promise<void> {
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  const lock = await fs.readFile(lockFile, 'utf8').catch(() => undefined);
  const pid = Number.parseInt(lock?.split('\n')[0] ?? '', 10);
  // Without /proc the process cannot be identified: leave the decision to PostgreSQL.
  if (!Number.isInteger(pid) || pid <= 0 || !canInspectProcesses) return;
  const server = readProcess(pid);
  if (server === undefined) return;
  if (server.state === 'Z' || !server.argv.includes(clusterDir)) {
    await fs.rm(lockFile, { force: true });
    return;
  }

  const owner = Number.parseInt(await fs.readFile(ownerFile, 'utf8').catch(() => ''), 10);
  const parent = server.ppid;
  const ownerAlive = Number.isInteger(owner) && owner > 0 && isAlive(owner);
  if (ownerAlive && parent === owner) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${clusterDir} is already running (server pid ${pid}, started by process ${owner}). ` +
        'Stop that process, or point DATABASE_URL at its server.',
    );
  }

  // Orphaned server: fast shutdown, then immediate shutdown if it lingers.
  const gone = () => !existsSync(lockFile) || !isAlive(pid);
  process.kill(pid, 'SIGINT');
  if (!(await waitUntil(gone, 30_000))) {
    process.kill(pid, 'SIGQUIT');
    if (!(await waitUntil(gone, 10_000))) {
      throw new EmbeddedPostgresError(
        `An orphaned PostgreSQL server (pid ${pid}) for ${clusterDir} did not shut down.`,
      );
    }
  }
}

export async function assertPortFree(port: number, host: string): Promise<void> {
  if (await isPortFree(port, host)) return;
  throw new EmbeddedPostgresError(
    `Port ${port} on ${host} is already in use, so the embedded PostgreSQL cannot listen there. ` +
      'Choose another port (EMBEDDED_PG_PORT) or use an existing server (DATABASE_URL).',
  );
}

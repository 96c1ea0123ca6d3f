/**
 * Started by root from a folder other users cannot enter (a clone in root's home, mode 700): PostgreSQL runs as the
 * "postgres" account, which reaches neither the programs nor the data folder there. The programs are copied and the
 * cluster kept in the shared folder (a temp one here), linked from the data folder; a restart finds it again.
 */
import { chmod, lstat, mkdir, mkdtemp, readlink, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/local/processes/index.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/local/postgres/embedded-postgres.js';
import { packagedInstallation } from '../../src/local/postgres/placement.js';

const asRoot = process.getuid?.() === 0;

describe.skipIf(!asRoot)('embedded PostgreSQL started by root in a private folder', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  let server: EmbeddedPostgres | undefined;
  afterAll(async () => {
    await server?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('copies the programs, keeps the cluster in the shared folder linked from the data folder, and finds it again', async () => {
    // A private folder (as root's home) holding the project's programs and its data folder.
    const privateDir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-private-'));
    const sharedDir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-shared-'));
    dirs.push(privateDir, sharedDir);
    await chmod(privateDir, 0o700);
    await chmod(sharedDir, 0o711);
    const packaged = packagedInstallation();
    await symlink(packaged.dir, path.join(privateDir, 'native'));
    const dataDir = path.join(privateDir, 'data');
    await mkdir(dataDir);
    const port = await freePort();
    const notices: string[] = [];
    const start = () =>
      startEmbeddedPostgres({
        dataDir,
        port,
        databaseName: 'oneteam',
        sharedDir,
        installation: { dir: path.join(privateDir, 'native'), version: packaged.version },
        onNotice: (message) => notices.push(message),
      });

    server = await start();
    await query(server.url, 'CREATE TABLE kept (note text); INSERT INTO kept VALUES ($$across restarts$$)');
    const link = path.join(dataDir, 'postgres');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    const clusterDir = await readlink(link);
    expect(clusterDir.startsWith(path.join(sharedDir, 'clusters') + path.sep)).toBe(true);
    // A real copy: a link back into the private folder would not do.
    const copy = path.join(sharedDir, `postgresql-${packaged.version}`);
    expect((await lstat(copy)).isDirectory()).toBe(true);
    expect(notices).toEqual([
      expect.stringMatching(/^Copying the PostgreSQL programs to /),
      expect.stringContaining(`the database is kept in ${clusterDir}, linked from ${link}`),
    ]);
    // The private folder stayed private.
    expect((await lstat(privateDir)).mode & 0o777).toBe(0o700);

    await server.stop();
    server = undefined;
    notices.length = 0;
    server = await start();
    expect(await query<{ note: string }>(server.url, 'SELECT note FROM kept')).toEqual([{ note: 'across restarts' }]);
    expect(await readlink(link)).toBe(clusterDir);
    expect(notices).toEqual([]);
  });
});

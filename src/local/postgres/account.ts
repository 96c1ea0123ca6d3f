/**
 * The account PostgreSQL runs as. PostgreSQL refuses to run as root, so when this process is root the server runs as
 * the "postgres" account (the one a distribution's PostgreSQL package creates), made here as a system account
 * without home or login when missing. Otherwise it runs as this process' user.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EmbeddedPostgresError } from './errors.js';

const execFileAsync = promisify(execFile);

export interface Account {
  name: string;
  uid: number;
  gid: number;
}

export const SERVER_ACCOUNT = 'postgres';

/** The account to run as, or undefined for "this process' own user". */
export async function serverAccount(): Promise<Account | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookUp(SERVER_ACCOUNT);
  if (existing !== undefined) return existing;
  try {
    // The group may exist without the user (exit 9): useradd below then just joins it.
    await execFileAsync('groupadd', ['--system', SERVER_ACCOUNT]).catch(() => undefined);
    await execFileAsync('useradd', [
      ...['--system', '--gid', SERVER_ACCOUNT, '--no-create-home', '--home-dir', '/nonexistent'],
      ...['--shell', '/usr/sbin/nologin', SERVER_ACCOUNT],
    ]);
  } catch (error) {
    throw new EmbeddedPostgresError(
      `PostgreSQL does not run as root, and the "${SERVER_ACCOUNT}" account to run it as could not be created ` +
        `(${error instanceof Error ? error.message : String(error)}). Create that account, start OneTeam as another ` +
        'user, or set DATABASE_URL to an existing PostgreSQL server.',
      { cause: error },
    );
  }
  const created = await lookUp(SERVER_ACCOUNT);
  if (created === undefined)
    throw new EmbeddedPostgresError(`The "${SERVER_ACCOUNT}" account was created but not found`);
  return created;
}

async function lookUp(name: string): Promise<Account | undefined> {
  try {
    const [uid, gid] = await Promise.all(
      ['-u', '-g'].map(async (flag) => Number((await execFileAsync('id', [flag, name])).stdout.trim())),
    );
    return Number.isInteger(uid) && Number.isInteger(gid) ? { name, uid: uid!, gid: gid! } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `account` can search every folder on the way to `target` and `target` itself (`test -x` run as that
 * account, so the kernel decides, access control lists included).
 */
export async function canReach(target: string, account: Account): Promise<boolean> {
  try {
    await execFileAsync('test', ['-x', target], { uid: account.uid, gid: account.gid });
    return true;
  } catch {
    return false;
  }
}

/**
 * The HS256 key of the development issuer (the embedded default, no AUTH_JWKS_URL).
 *
 * `DEV_JWT_SECRET` wins when set; otherwise a random 48-byte key is generated once into
 * `<dataDir>/dev-jwt.key` (mode 0600, base64url text) and reused, so tokens survive restarts and
 * every process sharing the data folder (API, worker) agrees on it. Never a hard-coded secret.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';

export const DEV_KEY_FILE = 'dev-jwt.key';
const KEY_BYTES = 48;
const MIN_KEY_BYTES = 32;

export function devKeyPath(dataDir: string): string {
  return path.join(dataDir, DEV_KEY_FILE);
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}

async function readKeyFile(file: string): Promise<Uint8Array> {
  const text = (await readFile(file, 'utf8')).trim();
  const key = Buffer.from(text, 'base64url');
  if (key.length < MIN_KEY_BYTES) {
    throw new Error(`${file} does not hold a usable key (expected base64url of at least ${MIN_KEY_BYTES} bytes)`);
  }
  // Keep the key private even if someone loosened the permissions.
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) await chmod(file, 0o600);
  return new Uint8Array(key);
}

/**
 * Create the key file if it does not exist, atomically: the key is written to a private temporary
 * file and hard-linked into place, so concurrent starters never see a half-written key and
 * exactly one of them wins.
 */
async function createKeyFile(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${randomBytes(KEY_BYTES).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, file);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

export async function loadDevSigningKey(config: Pick<Config, 'DEV_JWT_SECRET' | 'dataDir'>): Promise<Uint8Array> {
  if (config.DEV_JWT_SECRET !== undefined) return new TextEncoder().encode(config.DEV_JWT_SECRET);
  const file = devKeyPath(config.dataDir);
  try {
    return await readKeyFile(file);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  await createKeyFile(file);
  return readKeyFile(file);
}

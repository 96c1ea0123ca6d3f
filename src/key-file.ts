/**
 * Random keys generated once into DATA_DIR (the dev issuer's signing key, the payload key),
 * so they survive restarts and every process sharing the folder (API, worker) agrees on them. Never a hard-coded
 * secret: each data folder gets its own.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}

async function readKeyFile(file: string, minBytes: number): Promise<Uint8Array> {
  const text = (await readFile(file, 'utf8')).trim();
  const key = Buffer.from(text, 'base64url');
  if (key.length < minBytes) {
    throw new Error(`${file} does not hold a usable key (expected base64url of at least ${minBytes} bytes)`);
  }
  // Keep the key private even if someone loosened the permissions.
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) await chmod(file, 0o600);
  return new Uint8Array(key);
}

/**
 * Create the key file if it does not exist, atomically: the key is written to a private temporary file and
 * hard-linked into place, so concurrent starters never see a half-written key and exactly one of them wins.
 */
async function createKeyFile(file: string, bytes: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${randomBytes(bytes).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, file);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** The key in `file` (base64url text, mode 0600), generated with `bytes` random bytes if the file does not exist. */
export async function loadOrCreateKeyFile(file: string, { bytes, minBytes }: { bytes: number; minBytes: number }) {
  try {
    return await readKeyFile(file, minBytes);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  await createKeyFile(file, bytes);
  return readKeyFile(file, minBytes);
}

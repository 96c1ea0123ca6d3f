/**
 * The HS256 key of the development issuer (the embedded default, no AUTH_JWKS_URL).
 *
 * `DEV_JWT_SECRET` wins when set; otherwise a random 48-byte key is generated once into
 * `<dataDir>/dev-jwt.key` (see src/key-file.ts) and reused, so tokens survive restarts and
 * every process sharing the data folder (API, worker) agrees on it. Never a hard-coded secret.
 */
import path from 'node:path';
import type { Config } from '../config.js';
import { loadOrCreateKeyFile } from '../key-file.js';

export const DEV_KEY_FILE = 'dev-jwt.key';

export function devKeyPath(dataDir: string): string {
  return path.join(dataDir, DEV_KEY_FILE);
}

export async function loadDevSigningKey(config: Pick<Config, 'DEV_JWT_SECRET' | 'dataDir'>): Promise<Uint8Array> {
  if (config.DEV_JWT_SECRET !== undefined) return new TextEncoder().encode(config.DEV_JWT_SECRET);
  return loadOrCreateKeyFile(devKeyPath(config.dataDir), { bytes: 48, minBytes: 32 });
}

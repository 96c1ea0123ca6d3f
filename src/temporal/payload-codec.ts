/**
 * Encryption of everything the product hands to Temporal: workflow inputs and results, Update and Signal
 * arguments, Query answers, activity inputs and results (local ones included). Temporal's history, its
 * UI and its database then hold only ciphertext; search attributes are not payloads and stay readable
 * (src/domain/search-attributes.ts: status, agency codes, SLA state, a due date — never request text).
 *
 * Format: the whole original payload (its metadata and data, serialized as the Payload protobuf) is sealed
 * with AES-256-GCM under a random 96-bit nonce; the new payload carries `encoding: binary/encrypted` and
 * `encryption-key-id`, and its data is nonce ‖ ciphertext ‖ tag. The key id is authenticated too, so a
 * payload cannot be passed off as another key's. Keys come from PAYLOAD_KEYS (src/config.ts): the first
 * encrypts, every one decrypts, so a key is rotated by putting a new one first and keeping the old ones
 * as long as histories encrypted with them are open or retained.
 *
 * A payload without that encoding passes through decode unchanged: histories written before encryption
 * replay, and running workflows keep working across the switch (their old events stay in the clear until
 * their history is deleted by the namespace's retention).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { ConfigError, type Config, type PayloadKey } from '../config.js';
import { loadOrCreateKeyFile } from '../key-file.js';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Refused decryption: a key that is not configured, or a payload that was altered. */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

/** Key id of an encrypted payload, or undefined for a payload this codec did not encrypt. */
export function encryptedWith(payload: Payload): string | undefined {
  const metadata = payload.metadata ?? {};
  const encoding = metadata.encoding;
  if (encoding === undefined || encoding === null || decoder.decode(encoding) !== ENCRYPTED_ENCODING) return undefined;
  const keyId = metadata[KEY_ID_METADATA];
  if (keyId === undefined || keyId === null) throw new PayloadDecryptionError('encrypted payload without a key id');
  return decoder.decode(keyId);
}

export function createPayloadCodec(keys: readonly PayloadKey[]): PayloadCodec {
  const [current] = keys;
  if (current === undefined) throw new Error('the payload codec needs at least one key');
  const byId = new Map(keys.map((entry) => [entry.id, entry.key]));

  function encrypt(payload: Payload): Payload {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(CIPHER, current!.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(encoder.encode(current!.id));
    const plaintext = proto.temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { encoding: encoder.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: encoder.encode(current!.id) },
      data: new Uint8Array(sealed),
    };
  }

  function decrypt(payload: Payload): Payload {
    const keyId = encryptedWith(payload);
    if (keyId === undefined) return payload;
    const key = byId.get(keyId);
    if (key === undefined) {
      throw new PayloadDecryptionError(`payload encrypted with key ${keyId}, which PAYLOAD_KEYS does not hold`);
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < NONCE_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is truncated');
    const decipher = createDecipheriv(CIPHER, key, data.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(encoder.encode(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([
        decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new PayloadDecryptionError(`payload encrypted with key ${keyId} does not authenticate (altered?)`);
    }
    return proto.temporal.api.common.v1.Payload.decode(plaintext);
  }

  return {
    encode: async (payloads) => payloads.map(encrypt),
    decode: async (payloads) => payloads.map(decrypt),
  };
}

/** The data converter of every client and worker of the product. */
export function dataConverterFor(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec] };
}

export const PAYLOAD_KEY_FILE = 'payload.key';

/**
 * The payload keys: PAYLOAD_KEYS, or — only for `npm start` on the embedded Temporal dev server
 * (`generateInDataDir`) — a key generated once into DATA_DIR, named after its fingerprint. Anything else
 * without PAYLOAD_KEYS stops with a message naming it.
 */
export async function loadPayloadKeys(
  config: Pick<Config, 'PAYLOAD_KEYS' | 'dataDir'>,
  { generateInDataDir = false, command }: { generateInDataDir?: boolean; command: string },
): Promise<readonly PayloadKey[]> {
  if (config.PAYLOAD_KEYS !== undefined) return config.PAYLOAD_KEYS;
  if (!generateInDataDir) {
    throw new ConfigError(
      `PAYLOAD_KEYS: required by ${command} — the AES-256 keys that encrypt workflow payloads in Temporal, ` +
        '`<id>:<base64 of 32 bytes>` (e.g. `2026-12:$(openssl rand -base64 32)`); every API and worker needs the same keys',
    );
  }
  const key = await loadOrCreateKeyFile(path.join(config.dataDir, PAYLOAD_KEY_FILE), { bytes: 32, minBytes: 32 });
  if (key.length !== 32) throw new ConfigError(`${PAYLOAD_KEY_FILE} in ${config.dataDir} must hold 32 bytes`);
  const id = `local-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  return [{ id, key }];
}

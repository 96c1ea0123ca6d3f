import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type PayloadKey } from '../../../src/config.js';
import {
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadDecryptionError,
  createPayloadCodec,
  loadPayloadKeys,
} from '../../../src/temporal/payload-codec.js';

const noTokens = { verifiesTokens: false };
const key = (id: string): PayloadKey => ({ id, key: new Uint8Array(randomBytes(32)) });
const text = (payload: Payload) => Buffer.from(payload.data ?? []).toString('latin1');
const metadata = (payload: Payload, name: string) => Buffer.from(payload.metadata?.[name] ?? []).toString();
const secret = { title: 'Attract Vietnamese students', note: '비밀 메모' };
const plain = () => defaultPayloadConverter.toPayload(secret);

describe('payload codec (AES-256-GCM)', () => {
  it('stores only ciphertext, named by key id, and decrypts it back', async () => {
    const codec = createPayloadCodec([key('2026-12')]);
    const [encrypted] = await codec.encode([plain()]);
    expect(metadata(encrypted!, 'encoding')).toBe(ENCRYPTED_ENCODING);
    expect(metadata(encrypted!, KEY_ID_METADATA)).toBe('2026-12');
    expect(text(encrypted!)).not.toContain('Attract');
    expect(text(encrypted!)).not.toContain('json/plain');
    const [decrypted] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decrypted!)).toEqual(secret);
    // A fresh nonce each time: the same value never encrypts to the same bytes.
    const [again] = await codec.encode([plain()]);
    expect(text(again!)).not.toBe(text(encrypted!));
  });

  it('rotates keys: the new first key encrypts, the old one still decrypts; a dropped key is named', async () => {
    const old = key('2026-01');
    const current = key('2026-12');
    const [before] = await createPayloadCodec([old]).encode([plain()]);
    const rotated = createPayloadCodec([current, old]);
    const [decrypted] = await rotated.decode([before!]);
    expect(defaultPayloadConverter.fromPayload(decrypted!)).toEqual(secret);
    const [after] = await rotated.encode([plain()]);
    expect(metadata(after!, KEY_ID_METADATA)).toBe('2026-12');
    await expect(createPayloadCodec([current]).decode([before!])).rejects.toThrow(/key 2026-01/);
  });

  it('passes payloads it did not encrypt through decode (histories from before encryption)', async () => {
    const codec = createPayloadCodec([key('k')]);
    const unencrypted = plain();
    expect(await codec.decode([unencrypted])).toEqual([unencrypted]);
  });

  it('refuses altered ciphertext and a payload relabelled with another key id', async () => {
    const a = key('a');
    const b = { id: 'b', key: a.key };
    const codec = createPayloadCodec([a, b]);
    const [encrypted] = await codec.encode([plain()]);
    const flipped = new Uint8Array(encrypted!.data!);
    flipped[20] = flipped[20]! ^ 1;
    await expect(codec.decode([{ ...encrypted!, data: flipped }])).rejects.toThrow(PayloadDecryptionError);
    const relabelled = { ...encrypted!, metadata: { ...encrypted!.metadata, [KEY_ID_METADATA]: Buffer.from('b') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/does not authenticate/);
  });
});

describe('PAYLOAD_KEYS', () => {
  const k1 = randomBytes(32).toString('base64');
  const k2 = randomBytes(32).toString('base64url');

  it('reads <id>:<base64> pairs, the first being the one that encrypts', () => {
    const keys = loadConfig({ PAYLOAD_KEYS: `new:${k1}, old:${k2}` }, noTokens).PAYLOAD_KEYS;
    expect(keys?.map((entry) => entry.id)).toEqual(['new', 'old']);
    expect(Buffer.from(keys![0]!.key).toString('base64')).toBe(k1);
    expect(loadConfig({}, noTokens).PAYLOAD_KEYS).toBeUndefined();
    expect(loadConfig({ PAYLOAD_KEYS: ' ' }, noTokens).PAYLOAD_KEYS).toBeUndefined();
  });

  it('refuses malformed keys, naming the variable', () => {
    for (const value of [k1, `a:${randomBytes(16).toString('base64')}`, `a:${k1},a:${k2}`, `a b:${k1}`, 'a:!!']) {
      expect(() => loadConfig({ PAYLOAD_KEYS: value }, noTokens), value).toThrow(ConfigError);
      expect(() => loadConfig({ PAYLOAD_KEYS: value }, noTokens), value).toThrow(/PAYLOAD_KEYS/);
    }
  });

  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('is required outside the embedded dev server, with a message naming it', async () => {
    const config = loadConfig({ DATA_DIR: os.tmpdir() }, noTokens);
    await expect(loadPayloadKeys(config, { command: '`npm run worker`' })).rejects.toThrow(ConfigError);
    await expect(loadPayloadKeys(config, { command: '`npm run worker`' })).rejects.toThrow(
      /^PAYLOAD_KEYS: required by `npm run worker`/,
    );
  });

  it('is generated once into DATA_DIR for the embedded dev server (private, stable, named by fingerprint)', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'oneteam-payload-key-'));
    dirs.push(dataDir);
    const config = loadConfig({ DATA_DIR: dataDir }, noTokens);
    const [first] = await loadPayloadKeys(config, { generateInDataDir: true, command: 'test' });
    const [second] = await loadPayloadKeys(config, { generateInDataDir: true, command: 'test' });
    expect(first!.key).toHaveLength(32);
    expect(second).toEqual(first);
    expect(first!.id).toMatch(/^local-[0-9a-f]{12}$/);
    expect((await stat(path.join(dataDir, 'payload.key'))).mode & 0o777).toBe(0o600);
    // Configured keys win.
    const configured = loadConfig({ DATA_DIR: dataDir, PAYLOAD_KEYS: `x:${k1}` }, noTokens);
    expect((await loadPayloadKeys(configured, { generateInDataDir: true, command: 'test' }))[0]!.id).toBe('x');
  });
});

/**
 * Workflow payloads are encrypted before Temporal stores them (src/temporal/payload-codec.ts): a client
 * without the key reads a request's history and finds none of its texts, while the product, which holds
 * the key, runs the whole loop. The codec endpoints decode for administrators only. The production entry
 * points refuse to start without PAYLOAD_KEYS.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createPrismaClient } from '../../src/db/client.js';
import { ENCRYPTED_ENCODING } from '../../src/temporal/payload-codec.js';
import { eventually, startStack, type Stack } from '../support/stack.js';

const PROVINCE = 'KR-43:province_officer';
const COORDINATOR = 'MOFA:coordinator';
const ADMIN = 'MOFA:admin';
const HANOI = 'VN-HAN:mission_officer';
const UI_ORIGIN = 'http://localhost:8233';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}
interface RequestBody {
  id: string;
  status: string;
  tasks: Array<{ id: string; missionCode: string }>;
}

const fromBase64 = (value: string | undefined) => Buffer.from(value ?? '', 'base64').toString('utf8');

/** Every payload of a history in protobuf JSON, with the names of the fields that lead to it. */
function payloadsOf(value: unknown, path: string[] = []): Array<{ path: string[]; payload: JsonPayload }> {
  if (Array.isArray(value)) return value.flatMap((item) => payloadsOf(item, path));
  if (typeof value !== 'object' || value === null) return [];
  const object = value as Record<string, unknown>;
  if (typeof object.metadata === 'object' && object.metadata !== null && 'encoding' in object.metadata)
    return [{ path, payload: object }];
  return Object.entries(object).flatMap(([key, child]) => payloadsOf(child, [...path, key]));
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { CODEC_CORS_ORIGINS: UI_ORIGIN } });
});
afterAll(async () => {
  await stack?.stop();
});

const marker = randomUUID();
const secrets = {
  title: `Encrypted title ${marker}`,
  description: `Encrypted description ${marker}`,
  question: `Encrypted question ${marker}`,
  answer: `Encrypted answer ${marker}`,
  note: `Encrypted note ${marker}`,
  summary: `Encrypted summary ${marker}`,
};

async function ok<T = RequestBody>(user: string, url: string, body?: unknown): Promise<T> {
  const response = await stack.as(user).post(url, body);
  expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300);
  return response.json<T>();
}

/** The histories of this stack's workflows as a client without the key reads them. */
async function historiesWithoutKey(): Promise<Record<string, unknown>> {
  const keyless = new Client({ connection: stack.temporal.connection, namespace: stack.config.TEMPORAL_NAMESPACE });
  const histories: Record<string, unknown> = {};
  for await (const execution of keyless.workflow.list({
    query: `TaskQueue = '${stack.config.TEMPORAL_TASK_QUEUE}'`,
  })) {
    const history = await keyless.workflow.getHandle(execution.workflowId).fetchHistory();
    histories[execution.workflowId] = JSON.parse(historyToJSON(history));
  }
  return histories;
}

describe('workflow payloads in Temporal', () => {
  let encrypted: JsonPayload[] = [];

  it('carry no request text a client without the key can read, and the loop runs to closed', async () => {
    const submitted = await ok(PROVINCE, '/v1/requests', {
      title: secrets.title,
      description: secrets.description,
      category: 'talent',
      targetCountries: ['VN'],
    });
    const id = submitted.id;
    await ok(COORDINATOR, `/v1/requests/${id}/triage`, { action: 'clarify', question: secrets.question });
    await ok(PROVINCE, `/v1/requests/${id}/clarification`, { answer: secrets.answer });
    const assigned = await ok(COORDINATOR, `/v1/requests/${id}/triage`, {
      action: 'assign',
      missions: ['VN-HAN'],
      note: secrets.note,
    });
    const task = assigned.tasks[0]!;
    await ok(HANOI, `/v1/tasks/${task.id}/accept`);
    await ok(HANOI, `/v1/tasks/${task.id}/respond`, { summary: secrets.summary });
    await eventually(async () => {
      const detail = await stack.as(PROVINCE).get(`/v1/requests/${id}`);
      return detail.json<RequestBody>().status === 'review' ? true : undefined;
    });
    const closed = await ok(PROVINCE, `/v1/requests/${id}/review`, { decision: 'accept' });
    expect(closed.status).toBe('closed');

    const histories = await historiesWithoutKey();
    expect(Object.keys(histories).sort()).toEqual([`request-${id}`, `task-${task.id}`]);
    const text = JSON.stringify(histories);
    const payloads = Object.values(histories).flatMap((history) => payloadsOf(history));
    const readable = [text, ...payloads.map(({ payload }) => fromBase64(payload.data))].join('\n');
    for (const [name, secret] of Object.entries(secrets)) expect(readable, name).not.toContain(secret);
    expect(readable).not.toContain(marker);

    // Everything is ciphertext but the search attributes (status, agency codes, SLA state, a due date, the patch
    // name in TemporalChangeVersion) and what the SDK's core writes into markers: a patch name, and a local
    // activity's type, attempt and times.
    encrypted = payloads
      .filter(({ payload }) => fromBase64(payload.metadata?.encoding) === ENCRYPTED_ENCODING)
      .map(({ payload }) => payload);
    expect(encrypted.length).toBeGreaterThan(10);
    const clear = payloads.filter(({ payload }) => fromBase64(payload.metadata?.encoding) !== ENCRYPTED_ENCODING);
    expect(clear.length).toBeGreaterThan(0);
    for (const { path } of clear)
      expect(path.join('.')).toMatch(
        /(searchAttributes\.indexedFields\.(OneTeam\w+|TemporalChangeVersion)|markerRecordedEventAttributes\.details\.(patch-data|data)\.payloads)$/,
      );
  });

  it('decode through /codec/decode for an administrator only', async () => {
    expect(encrypted.length).toBeGreaterThan(0);
    const body = { payloads: encrypted };
    const decoded = await ok<{ payloads: JsonPayload[] }>(ADMIN, '/codec/decode', body);
    expect(decoded.payloads).toHaveLength(encrypted.length);
    const plaintext = decoded.payloads.map((payload) => fromBase64(payload.data)).join('\n');
    for (const secret of Object.values(secrets)) expect(plaintext).toContain(secret);
    expect(decoded.payloads.some((payload) => fromBase64(payload.metadata?.encoding) === 'json/plain')).toBe(true);

    expect((await stack.as(COORDINATOR).post('/codec/decode', body)).statusCode).toBe(403);
    expect((await stack.as(null).post('/codec/decode', body)).statusCode).toBe(401);
    const altered = { payloads: [{ ...encrypted[0], data: randomBytes(64).toString('base64') }] };
    expect((await stack.as(ADMIN).post('/codec/decode', altered)).statusCode).toBe(400);
  });

  it('encode through /codec/encode (what the UI sends when an operator signals a workflow)', async () => {
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('"hello"').toString('base64'),
    };
    const encoded = await ok<{ payloads: JsonPayload[] }>(ADMIN, '/codec/encode', { payloads: [plain] });
    expect(fromBase64(encoded.payloads[0]!.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    const decoded = await ok<{ payloads: JsonPayload[] }>(ADMIN, '/codec/decode', encoded);
    expect(decoded.payloads).toEqual([plain]);
  });

  it('answer the Temporal UI’s origin only (CORS)', async () => {
    const preflight = (origin: string) =>
      stack.app.inject({
        method: 'OPTIONS',
        url: '/codec/decode',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace',
        },
      });
    const allowed = await preflight(UI_ORIGIN);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('x-namespace');
    const other = await preflight('https://evil.example');
    expect(other.statusCode).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('are open to tokenless loopback calls only when npm start runs the embedded Temporal', async () => {
    const embedded = createApp({
      config: stack.config,
      prisma: createPrismaClient(inject('databaseUrl')),
      temporal: stack.temporal,
      logger: false,
      codecAccess: { corsOrigins: [], openToLoopback: true },
    });
    try {
      const call = (remoteAddress: string) =>
        embedded.inject({ method: 'POST', url: '/codec/decode', remoteAddress, payload: { payloads: encrypted } });
      expect((await call('127.0.0.1')).statusCode).toBe(200);
      expect((await call('10.1.2.3')).statusCode).toBe(401);
    } finally {
      await embedded.close();
    }
  });
});

describe('npm run api and npm run worker without PAYLOAD_KEYS', () => {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  it.each(['src/main/api.ts', 'src/main/worker.ts'])('%s stops with a message naming PAYLOAD_KEYS', async (entry) => {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      AUTH_JWKS_URL: 'https://idp.example.org/jwks',
      AUTH_ISSUER: 'https://idp.example.org',
    };
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', entry], {
      cwd: repoRoot,
      env,
      timeout: 60_000,
    });
    const failure = await run.then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/PAYLOAD_KEYS: required by `npm run (api|worker)`/);
  });
});

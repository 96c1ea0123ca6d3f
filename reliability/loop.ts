/**
 * The loop as people drive it through the HTTP API: submit → triage (assign to missions) → each mission accepts and
 * responds → the request reaches review → the province accepts → closed. Retries go through FailoverClient; a 409
 * after an attempt that may have been applied counts as done when the state shows it was.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestStatus, TaskStatus } from '../src/domain/vocabulary.js';
import { COORDINATOR, HANOI, LOS_ANGELES, PROVINCE } from '../test/support/users.js';
import type { FailoverClient, Response } from './client.js';

/** The tests' seeded users, by the part they play in a loop. */
const USERS = { province: PROVINCE, coordinator: COORDINATOR, hanoi: HANOI, losAngeles: LOS_ANGELES } as const;
export type Tokens = Record<keyof typeof USERS, string>;

const MISSIONS = [
  { code: 'VN-HAN', user: 'hanoi' },
  { code: 'US-LAX', user: 'losAngeles' },
] as const;

interface RequestBody {
  id: string;
  status: RequestStatus;
  tasks: Array<{ id: string; missionCode: string; status: TaskStatus }>;
}

export class LoopFailed extends Error {
  override name = 'LoopFailed';
}

export async function issueTokens(client: FailoverClient): Promise<Tokens> {
  const entries = await Promise.all(
    Object.entries(USERS).map(async ([key, user]) => {
      const response = await client.call('POST', '/v1/dev/token', { body: { user } });
      if (response.status !== 200) throw new LoopFailed(`token for ${user}: HTTP ${response.status}`);
      return [key, (response.body as { token: string }).token] as const;
    }),
  );
  return Object.fromEntries(entries) as Tokens;
}

/** POST /v1/requests with an Idempotency-Key, so a retry can never make a second request. */
export async function submit(client: FailoverClient, tokens: Tokens, title: string): Promise<string> {
  const response = await client.call('POST', '/v1/requests', {
    token: tokens.province,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      title,
      description: 'Partner universities for regional colleges short of students.',
      category: 'talent',
      priority: 'routine',
      targetCountries: ['VN', 'US'],
    },
  });
  if (response.status !== 201) throw unexpected('submit', response);
  return (response.body as RequestBody).id;
}

/** The whole loop on a new request with two missions; resolves to the request's id once it is closed. */
export async function driveLoop(client: FailoverClient, tokens: Tokens, title: string): Promise<string> {
  const id = await submit(client, tokens, title);
  const read = async () => {
    const response = await client.call('GET', `/v1/requests/${id}`, { token: tokens.coordinator });
    if (response.status !== 200) throw unexpected('read', response);
    return response.body as RequestBody;
  };

  const assigned = await transition(
    client,
    `/v1/requests/${id}/triage`,
    tokens.coordinator,
    { action: 'assign', missions: MISSIONS.map((mission) => mission.code) },
    async () => (await read()).status !== 'triage',
  );
  const tasks = ((assigned.status === 200 ? assigned.body : await read()) as RequestBody).tasks;
  await Promise.all(
    MISSIONS.map(async (mission) => {
      const task = tasks.find((candidate) => candidate.missionCode === mission.code);
      if (task === undefined) throw new LoopFailed(`request ${id}: no task for ${mission.code}`);
      const token = tokens[mission.user];
      const taskStatus = async () => {
        const response = await client.call('GET', `/v1/tasks/${task.id}`, { token });
        if (response.status !== 200) throw unexpected('read task', response);
        return (response.body as { status: TaskStatus }).status;
      };
      const accepted: readonly TaskStatus[] = ['in_progress', 'info_requested', 'responded'];
      await transition(client, `/v1/tasks/${task.id}/accept`, token, undefined, async () =>
        accepted.includes(await taskStatus()),
      );
      await transition(
        client,
        `/v1/tasks/${task.id}/respond`,
        token,
        { summary: 'Three universities are interested' },
        async () => (await taskStatus()) === 'responded',
      );
    }),
  );
  // The last response settles the task workflows; the request workflow then moves to review by itself.
  const deadline = Date.now() + 300_000;
  while ((await read()).status !== 'review') {
    if (Date.now() > deadline) throw new LoopFailed(`request ${id} did not reach review`);
    await sleep(200);
  }
  await transition(
    client,
    `/v1/requests/${id}/review`,
    tokens.province,
    { decision: 'accept' },
    async () => (await read()).status === 'closed',
  );
  return id;
}

async function transition(
  client: FailoverClient,
  path: string,
  token: string,
  body: unknown,
  reached: () => Promise<boolean>,
): Promise<Response> {
  const response = await client.call('POST', path, { token, body });
  if (response.status === 200) return response;
  // An earlier attempt was applied and its answer lost: the state has moved on.
  if (response.status === 409 && response.ambiguous && (await reached())) return response;
  throw unexpected(path.replace(/[0-9a-f-]{36}/g, ':id'), response);
}

function unexpected(what: string, response: Response): LoopFailed {
  return new LoopFailed(`${what}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
}

/** What every phase needs: the stack, an API client, the seeded users' tokens, and a submission through the API. */
import type { DevToken, RequestDetail } from '../../test/support/responses.js';
import { COORDINATOR, HANOI, LOS_ANGELES, PROVINCE } from '../../test/support/users.js';
import type { ApiClient } from '../load.js';
import type { Stack } from '../stack.js';

const USERS = { province: PROVINCE, coordinator: COORDINATOR, hanoi: HANOI, losAngeles: LOS_ANGELES };
export type Tokens = Record<keyof typeof USERS, string>;

export async function issueTokens(api: ApiClient): Promise<Tokens> {
  const entries = await Promise.all(
    Object.entries(USERS).map(async ([key, user]) => {
      const { token } = await api.expect<DevToken>(200, 'POST', '/v1/dev/token', { body: { user } });
      return [key, token] as const;
    }),
  );
  return Object.fromEntries(entries) as Tokens;
}

export interface Context {
  stack: Stack;
  api: ApiClient;
  tokens: Tokens;
}

const newRequest = (title: string, targetCountries = ['VN']) => ({
  title,
  description: 'A benchmark request: partner universities for regional colleges short of students.',
  category: 'talent',
  priority: 'routine',
  targetCountries,
});

/** One POST /v1/requests; resolves to the new request's id. */
export async function submitThroughApi(ctx: Context, title: string): Promise<string> {
  const created = await ctx.api.expect<RequestDetail>(201, 'POST', '/v1/requests', {
    token: ctx.tokens.province,
    body: newRequest(title),
  });
  return created.id;
}

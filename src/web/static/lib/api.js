// Calls to the JSON API as the signed-in user; problem+json answers come back as data, never thrown.
import { signOut, storedToken } from './session.js';

/**
 * Resolves to `{ ok, status, data }` where `data` is the JSON body (a problem document when not ok).
 * A 401 ends the session.
 */
export async function api(path, { method = 'GET', body, token, idempotencyKey } = {}) {
  const bearer = token ?? storedToken();
  const headers = { accept: 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    return {
      ok: false,
      status: 0,
      data: { title: 'Network error', detail: 'The service could not be reached. Try again.' },
    };
  }
  let data = null;
  const text = await response.text();
  if (text !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      data = { title: response.statusText, detail: text.slice(0, 200) };
    }
  }
  if (response.status === 401 && token === undefined) {
    signOut(location.pathname + location.search);
  }
  return { ok: response.ok, status: response.status, data };
}

/** Every page of a paged list (`items`, `nextCursor`), up to `max` items. */
export async function apiAll(path, max = 300) {
  const items = [];
  let cursor = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url = cursor === null ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`;
    const result = await api(url);
    if (!result.ok) return result;
    items.push(...result.data.items);
    cursor = result.data.nextCursor ?? null;
  } while (cursor !== null && items.length < max);
  return { ok: true, status: 200, data: { items } };
}

export function problemText(problem) {
  if (problem === null || typeof problem !== 'object') return 'Something went wrong.';
  return problem.detail || problem.title || 'Something went wrong.';
}

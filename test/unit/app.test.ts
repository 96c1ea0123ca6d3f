/**
 * What fuzzing the API from its own OpenAPI document found (npm run fuzz, docs/reliability.md): each case is a
 * request the document and the service disagreed on, or one that reached PostgreSQL unchecked.
 */
import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPE_BASE } from '../../src/errors.js';
import { bearer, testApp, tokenFor } from './fake-app.js';

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; in: string; schema: Record<string, unknown> }>;
        requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
        responses: Record<
          string,
          { links?: Record<string, { operationRef: string; parameters: Record<string, string> }> }
        >;
      }
    >
  >;
}

async function openApi(): Promise<OpenApi> {
  const { app } = await testApp();
  return (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApi>();
}

describe('the API and its OpenAPI document agree', () => {
  it('a method a known path does not have is 405 with Allow, before its body is read', async () => {
    const { app } = await testApp();
    for (const method of ['DELETE', 'PUT', 'PATCH', 'OPTIONS', 'TRACE'] as const) {
      const response = await app.inject({
        method,
        url: '/v1/requests',
        headers: { 'content-type': 'text/plain' },
        payload: 'x',
      });
      expect(response.statusCode, method).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD, POST');
      expect(response.json()).toMatchObject({ type: `${PROBLEM_TYPE_BASE}method_not_allowed`, status: 405 });
    }
    const withParameter = await app.inject({
      method: 'DELETE',
      url: '/v1/requests/0b68d142-eb29-5412-943b-5049bc2b7fa7',
    });
    expect(withParameter.statusCode).toBe(405);
    expect(withParameter.headers.allow).toBe('GET, HEAD');
    expect((await app.inject({ method: 'DELETE', url: '/v1/nothing-here' })).statusCode).toBe(404);
  });

  it('a path parameter longer than the router takes is a documented 414 problem', async () => {
    const { app } = await testApp();
    const response = await app.inject({
      method: 'GET',
      url: `/v1/agencies/${'A'.repeat(600)}`,
      headers: bearer(await tokenFor(app, 'MOFA:coordinator')),
    });
    expect(response.statusCode).toBe(414);
    expect(response.json()).toMatchObject({ type: `${PROBLEM_TYPE_BASE}uri_too_long`, status: 414 });
    const document = await openApi();
    expect(Object.keys(document.paths['/v1/agencies/{code}']!.get!.responses)).toContain('414');
  });

  it('states the text rule as a pattern, so the document refuses what the validators refuse', async () => {
    const document = await openApi();
    const body = document.paths['/v1/requests/{id}/withdraw']!.post!.requestBody!.content['application/json']!
      .schema as { properties: { reason: { pattern: string } } };
    const pattern = new RegExp(body.properties.reason.pattern);
    expect(pattern.test('Withdrawn: the partner left')).toBe(true);
    expect(pattern.test('   ')).toBe(false);
    expect(pattern.test('a\u0000b')).toBe(false);
    expect(pattern.test('a\u001bb')).toBe(false);
  });

  it('says that missions and countries are unique and what a cursor and a business duration look like', async () => {
    const document = await openApi();
    const triage = JSON.stringify(document.paths['/v1/requests/{id}/triage']!.post!.requestBody);
    expect(triage).toContain('"uniqueItems":true');
    // Which missions exist, too: a code in the right format that names none was a schema-valid request refused.
    expect(triage).toContain('"enum":["US-WAS"');
    const submit = document.paths['/v1/requests']!.post!.requestBody!.content['application/json']!.schema as {
      properties: { targetCountries: { uniqueItems?: boolean } };
    };
    expect(submit.properties.targetCountries.uniqueItems).toBe(true);
    const cursor = document.paths['/v1/requests']!.get!.parameters!.find((p) => p.name === 'cursor')!;
    expect(new RegExp(cursor.schema.pattern as string).test('1764547200000.0b68d142-eb29-5412-943b-5049bc2b7fa7')).toBe(
      true,
    );
    expect(new RegExp(cursor.schema.pattern as string).test('')).toBe(false);
    const target = document.paths['/v1/calendars/{calendar}/due']!.get!.parameters!.find((p) => p.name === 'target')!;
    expect(new RegExp(target.schema.pattern as string).test('P2D')).toBe(true);
    expect(new RegExp(target.schema.pattern as string).test('00')).toBe(false);
  });

  it('documents 413 and 415 where a body is taken, and the years a holiday may fall in', async () => {
    const document = await openApi();
    expect(Object.keys(document.paths['/v1/requests']!.post!.responses)).toEqual(
      expect.arrayContaining(['413', '415']),
    );
    expect(Object.keys(document.paths['/v1/requests']!.get!.responses)).not.toContain('413');
    const body = document.paths['/v1/calendars/holidays']!.post!.requestBody!.content['application/json']!.schema as {
      properties: { date: { allOf: Array<{ pattern: string }> } };
    };
    const patterns = body.properties.date.allOf.map(({ pattern }) => new RegExp(pattern));
    const allowed = (date: string) => patterns.every((pattern) => pattern.test(date));
    expect(allowed('2026-03-01')).toBe(true);
    expect(allowed('2000-02-29')).toBe(false);
    expect(allowed('2051-01-01')).toBe(false);
  });

  it('links each operation to the ones that use the ids it returns', async () => {
    const document = await openApi();
    const links = document.paths['/v1/requests']!.post!.responses['201']!.links!;
    expect(links.GetRequest).toEqual({
      operationRef: '#/paths/~1v1~1requests~1{id}/get',
      parameters: { id: '$response.body#/id' },
    });
    expect(Object.keys(links)).toEqual(
      expect.arrayContaining(['Request_triage', 'Request_withdraw', 'Request_review']),
    );
    for (const path of Object.values(document.paths)) {
      for (const operation of Object.values(path)) {
        for (const response of Object.values(operation.responses)) {
          for (const link of Object.values(response.links ?? {})) {
            const [, target, method] = /^#\/paths\/(.+)\/(\w+)$/.exec(link.operationRef)!;
            expect(document.paths[target!.replaceAll('~1', '/')]?.[method!], link.operationRef).toBeDefined();
          }
        }
      }
    }
  });
});

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** A string schema of the document: a value is accepted when it matches every pattern. */
interface AcceptedString {
  where: string;
  closedList: boolean;
  patterns: RegExp[];
  accepts: (value: string) => boolean;
}

/** Every string the API accepts in its parameters and request bodies, named by where it is. */
async function acceptedStrings(): Promise<AcceptedString[]> {
  const { app } = await testApp();
  const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<
    OpenApi & { components: { schemas: Record<string, JsonSchema> } }
  >();
  const found: AcceptedString[] = [];
  const walk = (where: string, schema: JsonSchema | undefined): void => {
    if (schema === undefined) return;
    if (schema.$ref !== undefined) return walk(where, document.components.schemas[schema.$ref.split('/').pop()!]);
    if ([schema.type].flat().includes('string')) {
      // Several checks of one string are published as allOf its patterns.
      const patterns = [schema, ...(schema.allOf ?? [])].flatMap(({ pattern }) =>
        pattern === undefined ? [] : [new RegExp(pattern)],
      );
      const closedList = schema.enum !== undefined || schema.const !== undefined;
      found.push({ where, closedList, patterns, accepts: (value) => patterns.every((p) => p.test(value)) });
      return;
    }
    for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
      walk(where, variant);
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) walk(`${where}.${name}`, property);
    walk(`${where}[]`, schema.items);
  };
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const parameter of operation.parameters ?? []) {
        walk(`${method} ${path} ${parameter.in} ${parameter.name}`, parameter.schema);
      }
      for (const content of Object.values(operation.requestBody?.content ?? {})) {
        walk(`${method} ${path} body`, content.schema);
      }
    }
  }
  return found;
}

describe('every string the API accepts goes through one text rule (src/domain/text.ts)', () => {
  it('is a closed list or has patterns that refuse control, bidirectional and zero-width characters', async () => {
    const strings = await acceptedStrings();
    expect(strings.length).toBeGreaterThan(40);
    for (const { where, closedList, patterns, accepts } of strings) {
      if (closedList) continue;
      expect(patterns.length, where).toBeGreaterThan(0);
      for (const character of ['\u0000', '\u001b', '\u202e', '\u2067', '\u200b', '\u200d', '\u2060', '\ufeff']) {
        const label = `${where} takes U+${character.codePointAt(0)!.toString(16).padStart(4, '0')}`;
        expect(accepts(`KR${character}43`), label).toBe(false);
      }
    }
  });

  it('dates and instants before the year 2000 are refused by their patterns (PostgreSQL has no year 0)', async () => {
    // The new deadline of an extension must lie in the future: the clock's validator refuses anything else.
    const checkedByTheClock = 'post /v1/requests/{id}/extend body.until';
    const dated = (await acceptedStrings()).filter(
      ({ where, closedList, accepts }) =>
        !closedList &&
        where !== checkedByTheClock &&
        !accepts('notadate') &&
        (accepts('2026-01-01') || accepts('2026-01-01T00:00:00Z')),
    );
    expect(dated.map(({ where }) => where)).toEqual(
      expect.arrayContaining([
        'get /v1/reports/sla query from',
        'get /v1/reports/sla query to',
        'post /v1/requests body.desiredBy',
        'post /v1/calendars/holidays body.date',
      ]),
    );
    for (const { where, accepts } of dated) {
      for (const year0 of ['0000-01-01', '0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z']) {
        expect(accepts(year0), `${where} takes ${year0}`).toBe(false);
      }
    }
  });
});

describe('no string reaches PostgreSQL with a NUL byte', () => {
  it.each([
    ['the category filter', { method: 'GET' as const, url: '/v1/requests?category=a%00b' }],
    ['an agency code', { method: 'GET' as const, url: '/v1/agencies/KR%0043' }],
    ['an escalation id', { method: 'POST' as const, url: '/v1/escalations/x%00y/acknowledge', payload: {} }],
    [
      'an acknowledgement note',
      { method: 'POST' as const, url: '/v1/escalations/x/acknowledge', payload: { note: 'a\u0000b' } },
    ],
    [
      'the dev-token user',
      { method: 'POST' as const, url: '/v1/dev/token', payload: { user: 'MOFA:coordinator\u0000' } },
    ],
    ['a cursor', { method: 'GET' as const, url: '/v1/escalations?cursor=1.a%00b' }],
  ])('%s → 400', async (_what, request) => {
    const { app } = await testApp();
    const response = await app.inject({ ...request, headers: bearer(await tokenFor(app, 'MOFA:supervisor')) });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
  });
});

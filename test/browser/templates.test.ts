/**
 * The page templates without a browser: escaping, labels for every form control, the production
 * sign-in (a pasted issuer token, no development handle form), form markup built by the server only, and
 * the domain's lists embedded for the page scripts rather than re-typed in them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { html, raw } from '../../src/web/html.js';
import { pageVocabulary, vocabularies } from '../../src/web/vocabulary.js';
import { boardPage } from '../../src/web/pages/board.js';
import { newRequestPage } from '../../src/web/pages/new-request.js';
import { notFoundPage } from '../../src/web/pages/not-found.js';
import { requestPage } from '../../src/web/pages/request.js';
import { requestsPage } from '../../src/web/pages/requests.js';
import { signInPage } from '../../src/web/pages/signin.js';
import { tasksPage } from '../../src/web/pages/tasks.js';
import { triagePage } from '../../src/web/pages/triage.js';

const dev = { devAuth: true };
const categories = [{ code: 'talent', name: 'International students & <workers>' }];
const pages: Record<string, string> = {
  'sign-in (dev)': signInPage(dev),
  'sign-in (production)': signInPage({ devAuth: false }),
  requests: requestsPage(dev),
  'new request': newRequestPage(dev, categories),
  request: requestPage(dev, '"><script>alert(1)</script>'),
  tasks: tasksPage(dev),
  triage: triagePage(dev),
  board: boardPage(dev),
  'not found': notFoundPage(dev),
};

describe('page templates', () => {
  it('escapes interpolated text and keeps trusted markup', () => {
    expect(html`<p title="${'"x" & <y>'}">${'<b>'}${raw('<i>ok</i>')}</p>`.value).toBe(
      '<p title="&quot;x&quot; &amp; &lt;y&gt;">&lt;b&gt;<i>ok</i></p>',
    );
    expect(pages.request).not.toContain('<script>alert(1)</script>');
    expect(pages['new request']).toContain('International students &amp; &lt;workers&gt;');
  });

  it.each(Object.entries(pages))('%s: every form control has a label, no inline script or style', (_name, page) => {
    const ids = [...page.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((match) => match[1]);
    for (const id of ids) expect(page, id).toContain(`<label for="${id}">`);
    expect(page).not.toMatch(/<script(?![^>]*\b(?:src=|type="application\/json"))[^>]*>/);
    expect(page).not.toMatch(/\sstyle="/);
    expect(page).not.toMatch(/\son[a-z]+="/);
    expect(page).toMatch(/<main id="main"/);
    expect(page.match(/<h1\b/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
  });

  it('production sign-in asks for the issuer token only', () => {
    expect(pages['sign-in (production)']).toContain('id="token-signin"');
    expect(pages['sign-in (production)']).not.toContain('id="dev-signin"');
    expect(pages['sign-in (dev)']).toContain('id="dev-signin"');
  });

  it('the page scripts build no form controls: they copy the templates the server rendered', () => {
    const dir = path.resolve('src/web/static');
    const scripts = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(10);
    for (const name of scripts) {
      const source = readFileSync(path.join(dir, name), 'utf8');
      expect(source, name).not.toMatch(
        /\b(?:h|createElement)\(\s*['"](?:form|input|select|textarea|label|fieldset)['"]/,
      );
    }
  });

  it('every page embeds the vocabulary for its scripts as inert JSON', () => {
    for (const [name, page] of Object.entries(pages)) {
      const json = /<script type="application\/json" id="page-data">([^<]*)<\/script>/.exec(page)?.[1];
      expect(json, name).toBeDefined();
      const data = JSON.parse(json!) as typeof pageVocabulary & { roleHomes: Record<string, string> };
      expect(data.labels, name).toEqual(pageVocabulary.labels);
      expect(data.roleHomes).toEqual({
        province_officer: '/app/requests',
        ambassador_ir: '/app/requests',
        mission_officer: '/app/tasks',
        coordinator: '/app/triage',
        supervisor: '/app/board',
      });
    }
    // The rules come from src/domain/transitions.ts.
    expect(pageVocabulary.taskActions).toEqual({
      accept: ['pending'],
      decline: ['pending', 'in_progress'],
      requestInfo: ['in_progress'],
      answerInfo: ['info_requested'],
      respond: ['in_progress'],
    });
    expect(pageVocabulary.requestActions).toEqual({
      triage: ['triage'],
      answerClarification: ['clarification'],
      review: ['review'],
      withdraw: ['triage', 'clarification', 'assigned', 'review'],
    });
  });

  it('the page scripts re-type no list of the domain: no literal names two values of one vocabulary', () => {
    const dir = path.resolve('src/web/static');
    const lists = [
      ...Object.values(vocabularies).map(({ values }) => values.map(String)),
      Object.keys(pageVocabulary.missionKinds),
    ].filter((values) => values.length > 1);
    for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'))) {
      const source = readFileSync(path.join(dir, name), 'utf8');
      // Innermost array and object literals: their quoted strings and their keys.
      for (const [literal] of source.matchAll(/\[[^[\]]*\]|\{[^{}]*\}/g)) {
        const named = new Set(
          [...literal.matchAll(/'([a-z_]+)'|"([a-z_]+)"|\b([a-z_]+)\s*:/g)].map((m) => m[1] ?? m[2] ?? m[3]),
        );
        for (const values of lists) {
          const found = values.filter((value) => named.has(value));
          expect(found.length, `${name}: ${literal.slice(0, 80)}`).toBeLessThan(2);
        }
      }
    }
  });
});

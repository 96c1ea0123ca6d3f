/**
 * The page templates without a browser: escaping, labels for every form control, and the production
 * sign-in (a pasted issuer token, no development handle form).
 */
import { describe, expect, it } from 'vitest';
import { html, raw } from '../../src/web/html.js';
import {
  boardPage,
  newRequestPage,
  notFoundPage,
  requestPage,
  requestsPage,
  signInPage,
  tasksPage,
  triagePage,
} from '../../src/web/pages.js';

const categories = [{ code: 'talent', name: 'International students & <workers>' }];
const pages: Record<string, string> = {
  'sign-in (dev)': signInPage(true),
  'sign-in (production)': signInPage(false),
  requests: requestsPage(true),
  'new request': newRequestPage(true, categories),
  request: requestPage(true, '"><script>alert(1)</script>'),
  tasks: tasksPage(true),
  triage: triagePage(true),
  board: boardPage(true),
  'not found': notFoundPage(true),
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
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
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
});

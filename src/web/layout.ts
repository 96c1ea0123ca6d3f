/**
 * The frame every page shares: head, navigation, who is signed in, footer. Each page is plain semantic
 * HTML (headings, labelled form fields, tables with captions); its module script under /app/static/
 * fills in the data from the JSON API with the signed-in user's bearer token, so the API's auth and
 * need-to-know rules apply unchanged.
 */
import { provinceDesk } from '../domain/agencies.js';
import { roles, type Role } from '../domain/vocabulary.js';
import { html, raw, type RawHtml } from './html.js';
import { pageVocabulary } from './vocabulary.js';

export type PageName =
  'signin' | 'home' | 'not-found' | 'requests' | 'new-request' | 'request' | 'tasks' | 'triage' | 'board';

export const STATIC_PREFIX = '/app/static';

/** What every page renderer is given by the route that serves it. */
export interface PageContext {
  /** The service issues its own tokens: the sign-in page offers user handles. */
  devAuth: boolean;
}

interface LayoutOptions extends PageContext {
  page: PageName;
  title: string;
  /** Module script under /app/static/, without the extension. */
  script: string;
  body: RawHtml;
  /** Data attributes for the page script, e.g. the request id. */
  data?: Record<string, string>;
}

/** The pages of each role; a role's first link is its home, where /app and the sign-in send it. */
const navLinks: Array<{ href: string; label: string; roles: Role[]; page: PageName }> = [
  { href: '/app/requests', label: 'My requests', roles: [...provinceDesk], page: 'requests' },
  { href: '/app/requests/new', label: 'New request', roles: [...provinceDesk], page: 'new-request' },
  { href: '/app/tasks', label: 'Task inbox', roles: ['mission_officer'], page: 'tasks' },
  { href: '/app/triage', label: 'Triage queue', roles: ['coordinator'], page: 'triage' },
  { href: '/app/board', label: 'Escalation board', roles: ['supervisor', 'coordinator'], page: 'board' },
];

const roleHomes = Object.fromEntries(
  roles.flatMap((role) => {
    const home = navLinks.find((link) => link.roles.includes(role));
    return home === undefined ? [] : [[role, home.href]];
  }),
) as Partial<Record<Role, string>>;

/**
 * The data every page script may read (static/lib/vocabulary.js), as JSON in a non-executable script
 * element: the CSP's script-src does not apply to it, and `<` is escaped so no text can close it.
 */
const pageDataJson = JSON.stringify({ ...pageVocabulary, roleHomes }).replace(/</g, '\\u003c');

export function layout({ page, title, script, body, devAuth, data = {} }: LayoutOptions): string {
  const dataAttributes = Object.entries(data).map(([key, value]) => html` data-${key}="${value}"`);
  return `<!doctype html>\n${
    html`<html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · OneTeam</title>
        <link rel="stylesheet" href="${STATIC_PREFIX}/style.css" />
        <script type="application/json" id="page-data">
          ${raw(pageDataJson)}
        </script>
        <script type="module" src="${STATIC_PREFIX}/${script}.js"></script>
      </head>
      <body data-page="${page}" data-dev-auth="${String(devAuth)}" ${dataAttributes}>
        <a class="skip-link" href="#main">Skip to main content</a>
        <header class="top">
          <p class="brand">
            <a href="/app">OneTeam <span lang="ko">원팀</span></a>
          </p>
          <nav aria-label="Main" id="nav" hidden>
            <ul>
              ${navLinks.map(
                (link) =>
                  html`<li data-roles="${link.roles.join(' ')}" hidden>
                    <a href="${link.href}" ${page === link.page ? html` aria-current="page"` : ''}>${link.label}</a>
                  </li>`,
              )}
            </ul>
          </nav>
          <div class="who" id="who" hidden>
            <span id="who-name"></span>
            <button type="button" id="sign-out">Sign out</button>
          </div>
        </header>
        <main id="main" tabindex="-1">${body}</main>
        <footer class="bottom">
          <p>OneTeam · MOFA – GAROK subnational diplomacy · <a href="/docs">API documentation</a></p>
        </footer>
      </body>
    </html>`.value
  }\n`;
}

/** /app: the page script sends the signed-in user to the page of their role. */
import { html } from '../html.js';
import { layout, type PageContext } from '../layout.js';

export function homePage({ devAuth }: PageContext): string {
  const body = html`<h1>OneTeam</h1>
    <p id="page-status" role="status" aria-live="polite">Opening your page…</p>
    <p id="no-pages" hidden>
      There is no page for your role yet. The <a href="/docs">API documentation</a> lists what you can do.
    </p>`;
  return layout({ page: 'home', title: 'Home', script: 'home', body, devAuth });
}

/** Any other address under /app. */
import { html } from '../html.js';
import { layout, type PageContext } from '../layout.js';

export function notFoundPage({ devAuth }: PageContext): string {
  const body = html`<h1>Page not found</h1>
    <p>There is no page at this address. <a href="/app">Go to your page</a>.</p>`;
  return layout({ page: 'not-found', title: 'Page not found', script: 'layout', body, devAuth });
}

/** Province: my requests, with status and SLA filters. */
import { html } from '../html.js';
import { field } from '../fields.js';
import { layout, type PageContext } from '../layout.js';
import { dataTable } from '../tables.js';
import { choicesOf } from '../vocabulary.js';

export function requestsPage({ devAuth }: PageContext): string {
  const body = html`<h1>My requests</h1>
    <p><a class="button" href="/app/requests/new">New request</a></p>
    <form id="filters" class="filters" aria-label="Filter requests">
      ${field({ id: 'filter-status', name: 'status', label: 'Status', control: 'select', markOptional: false, options: [{ value: '', label: 'Any status' }, ...choicesOf('requestStatus')] })}
      ${field({ id: 'filter-sla', name: 'slaState', label: 'SLA', control: 'select', markOptional: false, options: [{ value: '', label: 'Any SLA state' }, ...choicesOf('slaState')] })}
      <button type="submit">Apply</button>
    </form>
    <p id="page-status" role="status" aria-live="polite"></p>
    ${dataTable({ id: 'requests-table', caption: 'Requests of your agency, newest first', columns: ['Title', 'Category', 'Status', 'SLA', 'Missions', 'Submitted'] })}
    <p id="requests-empty" hidden>No requests match.</p>
    <p><button type="button" id="requests-more" hidden>Load more</button></p>`;
  return layout({ page: 'requests', title: 'My requests', script: 'requests', body, devAuth });
}

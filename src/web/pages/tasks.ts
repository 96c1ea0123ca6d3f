/** Mission: the task inbox. */
import { html } from '../html.js';
import { layout, type PageContext } from '../layout.js';
import { dataTable } from '../tables.js';

export function tasksPage({ devAuth }: PageContext): string {
  const body = html`<h1>Task inbox</h1>
    <p>
      Open tasks of your mission, the nearest deadline first. Times in your mission's time zone, Korea's beside. It
      refreshes by itself; <button type="button" id="refresh" class="secondary">Refresh now</button>
    </p>
    <p id="page-status" role="status" aria-live="polite"></p>
    ${dataTable({ id: 'tasks-table', caption: 'Open tasks', columns: ['Due', 'Request', 'From', 'Task', 'SLA', 'Action'] })}
    <p id="tasks-empty" hidden>No open tasks.</p>
    <section aria-labelledby="done-heading">
      <h2 id="done-heading">Recently closed tasks</h2>
      ${dataTable({ id: 'done-table', caption: 'Responded, declined or cancelled', columns: ['Request', 'From', 'Task', 'Updated'] })}
      <p id="done-empty" hidden>None yet.</p>
    </section>`;
  return layout({ page: 'tasks', title: 'Task inbox', script: 'tasks', body, devAuth });
}

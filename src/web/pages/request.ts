/** Request detail: facts, SLA clocks, missions, timeline, and the caller's actions on the request. */
import { html } from '../html.js';
import { errorSummary, field } from '../fields.js';
import { layout, type PageContext } from '../layout.js';
import { dataTable } from '../tables.js';

export function requestPage({ devAuth }: PageContext, id: string): string {
  const body = html`<div id="not-found" hidden>
      <h1>Request not found</h1>
      <p>There is no such request, or it is not visible to your agency.</p>
      <p><a href="/app">Back to your page</a></p>
    </div>
    <p id="page-status" role="status" aria-live="polite">Loading…</p>
    <article id="request" aria-labelledby="request-title" hidden>
      <h1 id="request-title" tabindex="-1">Request</h1>
      <p class="badges" id="request-badges"></p>
      <dl class="facts" id="request-facts"></dl>
      <section aria-labelledby="description-heading">
        <h2 id="description-heading">Description</h2>
        <p class="prose" id="request-description"></p>
      </section>
      <section id="actions" aria-labelledby="actions-heading" hidden>
        <h2 id="actions-heading">Your action</h2>
        ${errorSummary('action-errors')}
        <div id="answer-forms"></div>
        <template id="answer-form">
          <form id="answer" class="card" novalidate>
            <h3></h3>
            <p class="question prose"></p>
            ${field({ id: 'answer-text', name: 'answer', label: 'Your answer', control: 'textarea', required: true, rows: 4 })}
            <button type="submit">Send answer</button>
          </form>
        </template>
        <form id="review-form" class="card" novalidate hidden>
          <h3>Review the responses</h3>
          <p>Accept to close the request as completed, or reopen it to send it back to the missions that responded.</p>
          ${field({ id: 'review-comment', name: 'comment', label: 'Comment', control: 'textarea', rows: 3, maxlength: 2000 })}
          <div class="buttons">
            <button type="submit" name="decision" value="accept">Accept and close</button>
            <button type="submit" name="decision" value="reopen" class="secondary">Reopen</button>
          </div>
        </form>
        <div id="task-actions" hidden>
          <form id="accept-form" class="card" novalidate hidden>
            <h3>Accept the task</h3>
            <p>Accepting starts the response clock of your mission.</p>
            <button type="submit">Accept task</button>
          </form>
          <form id="respond-form" class="card" novalidate hidden>
            <h3>Respond</h3>
            ${field({ id: 'respond-summary', name: 'summary', label: 'Response summary', control: 'textarea', required: true, rows: 3, maxlength: 5000 })}
            ${field({ id: 'respond-details', name: 'details', label: 'Details', control: 'textarea', rows: 5 })}
            <button type="submit">Send response</button>
          </form>
          <form id="info-form" class="card" novalidate hidden>
            <h3>Ask the province for information</h3>
            <p>Your clock pauses until the province answers.</p>
            ${field({ id: 'info-question', name: 'question', label: 'Question', control: 'textarea', required: true, rows: 3, maxlength: 2000 })}
            <button type="submit">Ask</button>
          </form>
          <form id="decline-form" class="card" novalidate hidden>
            <h3>Decline the task</h3>
            <p>MOFA reassigns the request.</p>
            ${field({ id: 'decline-reason', name: 'reason', label: 'Reason for declining', control: 'textarea', required: true, rows: 3, maxlength: 2000 })}
            <button type="submit" class="danger">Decline task</button>
          </form>
        </div>
        <details id="withdraw" hidden>
          <summary>Withdraw this request</summary>
          <form id="withdraw-form" class="card" novalidate>
            ${field({ id: 'withdraw-reason', name: 'reason', label: 'Reason for withdrawing', control: 'textarea', required: true, rows: 3, maxlength: 2000 })}
            <button type="submit" class="danger">Withdraw request</button>
          </form>
        </details>
      </section>
      <section aria-labelledby="sla-heading">
        <h2 id="sla-heading">SLA clocks</h2>
        ${dataTable({ id: 'sla-table', caption: "Running and paused deadlines; times in your agency's time zone, the holder's beside", columns: ['Stage', 'Held by', 'Due', 'State', 'Paused for'] })}
        <p id="sla-empty" hidden>No clock is running.</p>
      </section>
      <section aria-labelledby="tasks-heading">
        <h2 id="tasks-heading">Missions</h2>
        ${dataTable({ id: 'tasks-table', caption: 'One task per mission assignment', columns: ['Mission', 'Status', 'Note, question or response', 'Updated'] })}
        <p id="tasks-empty" hidden>Not assigned to any mission yet.</p>
      </section>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol class="timeline" id="timeline"></ol>
      </section>
    </article>`;
  return layout({ page: 'request', title: 'Request', script: 'request', body, devAuth, data: { 'request-id': id } });
}

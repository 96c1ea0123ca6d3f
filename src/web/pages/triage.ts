/** Coordinator: the triage queue and the triage panel. */
import { html } from '../html.js';
import { errorSummary, field } from '../fields.js';
import { layout, type PageContext } from '../layout.js';
import { dataTable } from '../tables.js';
import { choicesOf } from '../vocabulary.js';

export function triagePage({ devAuth }: PageContext): string {
  const body = html`<h1>Triage queue</h1>
    <p>Requests waiting for MOFA, the nearest triage deadline first.</p>
    <p id="page-status" role="status" aria-live="polite"></p>
    ${dataTable({ id: 'triage-table', caption: 'Requests in triage', columns: ['Triage due', 'Request', 'Province', 'Category', 'Target countries', 'SLA', 'Action'] })}
    <p id="triage-empty" hidden>The queue is empty.</p>
    <section id="triage-panel" aria-labelledby="panel-heading" hidden>
      <h2 id="panel-heading" tabindex="-1">Triage</h2>
      <p class="prose" id="panel-description"></p>
      ${errorSummary('triage-errors')}
      <form id="assign-form" class="card" novalidate>
        <h3>Assign to missions</h3>
        ${field({
          id: 'mission-search',
          name: 'search',
          label: 'Find missions',
          markOptional: false,
          hint: 'Type a country or city in English or Korean, or a code (VN, VN-HAN). Missions in the target countries are listed first.',
          control: 'input',
          type: 'search',
          extra: html` autocomplete="off" aria-controls="mission-list"`,
        })}
        <fieldset class="mission-list" data-field="missions">
          <legend>Missions <span id="mission-count"></span></legend>
          <p class="field-error" id="missions-error" data-error-for="missions" hidden></p>
          <div id="mission-list" class="checklist"></div>
          <template id="mission-option">
            <div class="check">
              <input type="checkbox" id="mission" name="missions" />
              <label for="mission"></label>
            </div>
          </template>
        </fieldset>
        ${field({ id: 'assign-priority', name: 'priority', label: 'Priority', control: 'select', options: [{ value: '', label: 'Keep the requested priority' }, ...choicesOf('priority')] })}
        ${field({ id: 'assign-note', name: 'note', label: 'Note to the missions', control: 'textarea', rows: 3, maxlength: 2000 })}
        <button type="submit">Assign</button>
      </form>
      <form id="clarify-form" class="card" novalidate>
        <h3>Ask the province for clarification</h3>
        ${field({ id: 'clarify-question', name: 'question', label: 'Question', control: 'textarea', required: true, rows: 3, maxlength: 2000 })}
        <button type="submit" class="secondary">Ask for clarification</button>
      </form>
      <form id="reject-form" class="card" novalidate>
        <h3>Reject</h3>
        ${field({ id: 'reject-reason', name: 'reason', label: 'Reason for rejecting', control: 'textarea', required: true, rows: 3, maxlength: 2000 })}
        <button type="submit" class="danger">Reject request</button>
      </form>
    </section>`;
  return layout({ page: 'triage', title: 'Triage queue', script: 'triage', body, devAuth });
}

/** Supervisor: the escalation board, breached and at-risk lists, SLA compliance by agency. */
import type { SlaState } from '../../domain/vocabulary.js';
import { html } from '../html.js';
import { field } from '../fields.js';
import { layout, type PageContext } from '../layout.js';
import { dataTable } from '../tables.js';
import { choicesOf } from '../vocabulary.js';

/** The requests the board lists by their SLA state, worst first; its script fills each section. */
const watchedStates: Array<{ state: SlaState; heading: string; empty: string }> = [
  { state: 'breached', heading: 'Breached', empty: 'Nothing has breached.' },
  { state: 'at_risk', heading: 'At risk', empty: 'Nothing is at risk.' },
];

export function boardPage({ devAuth }: PageContext): string {
  const body = html`<h1>Escalation board</h1>
    <p id="page-status" role="status" aria-live="polite"></p>
    <p class="refresh-note" id="refresh-note">Refreshes by itself every few seconds.</p>
    <section aria-labelledby="escalations-heading">
      <h2 id="escalations-heading" tabindex="-1">Escalations</h2>
      <form id="escalation-filters" class="filters" aria-label="Filter escalations">
        ${field({
          id: 'esc-state',
          name: 'state',
          label: 'State',
          control: 'select',
          markOptional: false,
          options: [...choicesOf('escalationState'), { value: '', label: 'Any state' }],
        })}
        ${field({
          id: 'esc-level',
          name: 'level',
          label: 'Level',
          control: 'select',
          markOptional: false,
          options: [
            { value: '', label: 'Any level' },
            ...choicesOf('escalationLevel').map(({ value, label }) => ({ value, label: `${value} · ${label}` })),
          ],
        })}
        ${field({ id: 'esc-agency', name: 'agency', label: 'Agency', control: 'select', markOptional: false, options: [{ value: '', label: 'Any agency' }] })}
        <button type="submit">Apply</button>
      </form>
      <div class="summaries">
        ${dataTable({ id: 'by-level', caption: 'By level', columns: ['Level', 'Count'], variant: 'compact' })}
        ${dataTable({ id: 'by-agency', caption: 'By agency', columns: ['Agency', 'Count'], variant: 'compact' })}
      </div>
      ${dataTable({ id: 'escalations-table', caption: 'Escalations, newest first', columns: ['Level', 'Request', 'Stage', 'Held by', 'Fell due', 'State', 'Action'] })}
      <p id="escalations-empty" hidden>No escalations match.</p>
    </section>
    <div class="columns">
      ${watchedStates.map(({ state, heading, empty }) => {
        const id = state.replace(/_/g, '-');
        return html`<section aria-labelledby="${id}-heading" data-sla-state="${state}">
          <h2 id="${id}-heading">${heading}</h2>
          <ul class="request-list" id="${id}-list"></ul>
          <p id="${id}-empty" class="list-empty" hidden>${empty}</p>
        </section>`;
      })}
    </div>
    <section aria-labelledby="chart-heading">
      <h2 id="chart-heading">SLA compliance by agency, last 30 days</h2>
      <p id="chart-unavailable" hidden>The compliance report is for supervisors.</p>
      ${dataTable({ id: 'sla-chart', caption: 'On-time rate of the clocks each agency completed, and the time each agency held the work', columns: ['Agency', 'On-time rate', 'Time consumed', 'Breaches'], variant: 'chart' })}
      <p id="chart-empty" hidden>No clocks in the period.</p>
    </section>`;
  return layout({ page: 'board', title: 'Escalation board', script: 'board', body, devAuth });
}

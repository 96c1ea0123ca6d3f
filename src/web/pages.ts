/**
 * Server-rendered page skeletons. Each page is plain semantic HTML (headings, labelled form fields,
 * tables with captions); its module script under /app/static/ fills in the data from the JSON API
 * with the signed-in user's bearer token, so the API's auth and need-to-know rules apply unchanged.
 */
import { html, type RawHtml } from './html.js';

export type PageName =
  'signin' | 'home' | 'not-found' | 'requests' | 'new-request' | 'request' | 'tasks' | 'triage' | 'board';

export const STATIC_PREFIX = '/app/static';

interface LayoutOptions {
  page: PageName;
  title: string;
  /** Module script under /app/static/, without the extension. */
  script: string;
  body: RawHtml;
  devAuth: boolean;
  /** Data attributes for the page script, e.g. the request id. */
  data?: Record<string, string>;
}

const navLinks: Array<{ href: string; label: string; roles: string; page: PageName }> = [
  { href: '/app/requests', label: 'My requests', roles: 'province_officer', page: 'requests' },
  { href: '/app/requests/new', label: 'New request', roles: 'province_officer', page: 'new-request' },
  { href: '/app/tasks', label: 'Task inbox', roles: 'mission_officer', page: 'tasks' },
  { href: '/app/triage', label: 'Triage queue', roles: 'coordinator', page: 'triage' },
  { href: '/app/board', label: 'Escalation board', roles: 'supervisor coordinator', page: 'board' },
];

export function layout({ page, title, script, body, devAuth, data = {} }: LayoutOptions): string {
  const dataAttributes = Object.entries(data).map(([key, value]) => html` data-${key}="${value}"`);
  return `<!doctype html>\n${
    html`<html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · OneTeam</title>
        <link rel="stylesheet" href="${STATIC_PREFIX}/style.css" />
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
                  html`<li data-roles="${link.roles}" hidden>
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

interface FieldOptions {
  id: string;
  /** The API field name: errors[].path `body.<name>` is shown next to this field. */
  name: string;
  label: string;
  hint?: string;
  control: 'input' | 'textarea' | 'select';
  type?: string;
  required?: boolean;
  /** Say "(optional)" after the label of a field that is not required (default: yes; not for filters). */
  markOptional?: boolean;
  maxlength?: number;
  rows?: number;
  options?: Array<{ value: string; label: string }>;
  extra?: RawHtml;
}

/** A labelled form field with a hint and an error slot the page scripts fill from problem+json `errors[]`. */
export function field(options: FieldOptions): RawHtml {
  const {
    id,
    name,
    label,
    hint,
    control,
    type = 'text',
    required = false,
    maxlength,
    rows = 4,
    options: choices = [],
  } = options;
  const markOptional = options.markOptional ?? !required;
  const describedBy = [hint === undefined ? '' : `${id}-hint`, `${id}-error`].filter((part) => part !== '').join(' ');
  const common = html`id="${id}" name="${name}"
  aria-describedby="${describedBy}"${required ? html` required aria-required="true"` : ''}${
    maxlength === undefined ? '' : html` maxlength="${maxlength}"`
  }`;
  let input: RawHtml;
  if (control === 'textarea') input = html`<textarea ${common} rows="${rows}"></textarea>`;
  else if (control === 'select') {
    input = html`<select ${common}>
      ${choices.map((choice) => html`<option value="${choice.value}">${choice.label}</option>`)}
    </select>`;
  } else input = html`<input ${common} type="${type}" ${options.extra ?? ''} />`;
  return html`<div class="field" data-field="${name}">
    <label for="${id}">${label}${markOptional ? html` <span class="optional">(optional)</span>` : ''}</label>
    ${hint === undefined ? '' : html`<p class="hint" id="${id}-hint">${hint}</p>`}
    <p class="field-error" id="${id}-error" data-error-for="${name}" hidden></p>
    ${input}
  </div>`;
}

/** A form's error summary: filled by the page script, focused on a failed submission. */
function errorSummary(id: string): RawHtml {
  return html`<div class="error-summary" id="${id}" role="alert" tabindex="-1" hidden>
    <h2>The form could not be sent</h2>
    <ul></ul>
  </div>`;
}

export interface Category {
  code: string;
  name: string;
}

const exampleHandles: Array<[string, string]> = [
  ['KR-43:province_officer', 'Province officer, Chungcheongbuk-do (충청북도)'],
  ['KR-11:province_officer', 'Province officer, Seoul (서울특별시)'],
  ['MOFA:coordinator', 'MOFA coordinator (외교부)'],
  ['MOFA:supervisor', 'MOFA supervisor (외교부)'],
  ['VN-HAN:mission_officer', 'Mission officer, Embassy in Hanoi'],
  ['US-LAX:mission_officer', 'Mission officer, Consulate General in Los Angeles'],
];

export function signInPage(devAuth: boolean): string {
  const tokenForm = html`<form id="token-signin" class="card" novalidate>
    <h2>${devAuth ? 'Or sign in with a token' : 'Sign in with your token'}</h2>
    ${field({
      id: 'token',
      name: 'token',
      label: 'Access token',
      hint: "Paste the token issued by your organisation's sign-in service (a JWT). It is kept in this browser tab only.",
      control: 'textarea',
      required: true,
      rows: 4,
    })}
    <button type="submit">Sign in with token</button>
  </form>`;
  const devForm = html`<form id="dev-signin" class="card" novalidate>
    <h2>Development sign-in</h2>
    <p>This installation is its own token issuer. Enter a seeded user handle: the agency code and the role.</p>
    ${field({
      id: 'handle',
      name: 'user',
      label: 'User handle',
      hint: 'For example KR-43:province_officer, MOFA:coordinator, VN-HAN:mission_officer or MOFA:supervisor.',
      control: 'input',
      required: true,
      maxlength: 200,
      extra: html` list="handles" autocomplete="username" spellcheck="false" autocapitalize="off"`,
    })}
    <datalist id="handles">
      ${exampleHandles.map(([value, label]) => html`<option value="${value}">${label}</option>`)}
    </datalist>
    <button type="submit">Sign in</button>
  </form>`;
  const body = html`<h1>Sign in to OneTeam</h1>
    <p class="lede">
      Requests from Korea's provinces to MOFA and the overseas missions, every stage on an SLA clock.
      <span lang="ko">지방자치단체 – 외교부 – 재외공관 협업 요청</span>
    </p>
    <p id="page-status" role="status" aria-live="polite"></p>
    ${devAuth ? devForm : ''} ${tokenForm}`;
  return layout({ page: 'signin', title: 'Sign in', script: 'signin', body, devAuth });
}

export function homePage(devAuth: boolean): string {
  const body = html`<h1>OneTeam</h1>
    <p id="page-status" role="status" aria-live="polite">Opening your page…</p>
    <p id="no-pages" hidden>
      There is no page for your role yet. The <a href="/docs">API documentation</a> lists what you can do.
    </p>`;
  return layout({ page: 'home', title: 'Home', script: 'home', body, devAuth });
}

const statusOptions = [
  { value: '', label: 'Any status' },
  ...['triage', 'clarification', 'assigned', 'review', 'closed'].map((value) => ({ value, label: value })),
];
const slaOptions = [
  { value: '', label: 'Any SLA state' },
  ...[
    ['on_track', 'on track'],
    ['at_risk', 'at risk'],
    ['breached', 'breached'],
    ['paused', 'paused'],
  ].map(([value, label]) => ({ value: value!, label: label! })),
];

export function requestsPage(devAuth: boolean): string {
  const body = html`<h1>My requests</h1>
    <p><a class="button" href="/app/requests/new">New request</a></p>
    <form id="filters" class="filters" aria-label="Filter requests">
      ${field({ id: 'filter-status', name: 'status', label: 'Status', control: 'select', markOptional: false, options: statusOptions })}
      ${field({ id: 'filter-sla', name: 'slaState', label: 'SLA', control: 'select', markOptional: false, options: slaOptions })}
      <button type="submit">Apply</button>
    </form>
    <p id="page-status" role="status" aria-live="polite"></p>
    <table id="requests-table" class="data">
      <caption>
        Requests of your agency, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Category</th>
          <th scope="col">Status</th>
          <th scope="col">SLA</th>
          <th scope="col">Missions</th>
          <th scope="col">Submitted</th>
        </tr>
      </thead>
      <tbody></tbody>
    </table>
    <p id="requests-empty" hidden>No requests match.</p>
    <p><button type="button" id="requests-more" hidden>Load more</button></p>`;
  return layout({ page: 'requests', title: 'My requests', script: 'requests', body, devAuth });
}

const priorityOptions = [
  { value: 'routine', label: 'Routine' },
  { value: 'priority', label: 'Priority' },
  { value: 'urgent', label: 'Urgent' },
];

export function newRequestPage(devAuth: boolean, categories: Category[]): string {
  const body = html`<h1>New request</h1>
    <p>MOFA triages your request and routes it to the overseas missions of the countries you name.</p>
    ${errorSummary('new-request-errors')}
    <form id="new-request" class="card" novalidate>
      ${field({ id: 'title', name: 'title', label: 'Title', control: 'input', required: true, maxlength: 200 })}
      ${field({
        id: 'description',
        name: 'description',
        label: 'Description',
        hint: 'What you need, from whom, and by when. Up to 10,000 characters.',
        control: 'textarea',
        required: true,
        rows: 6,
      })}
      ${field({
        id: 'category',
        name: 'category',
        label: 'Category',
        control: 'select',
        required: true,
        options: [
          { value: '', label: 'Choose a category' },
          ...categories.map((category) => ({ value: category.code, label: category.name })),
        ],
      })}
      ${field({ id: 'priority', name: 'priority', label: 'Priority', control: 'select', markOptional: false, options: priorityOptions })}
      ${field({
        id: 'targetCountries',
        name: 'targetCountries',
        label: 'Target countries',
        hint: 'Two-letter country codes separated by commas or spaces, e.g. VN, US.',
        control: 'input',
        required: true,
        extra: html` autocapitalize="characters" spellcheck="false"`,
      })}
      <p class="hint" id="country-names" aria-live="polite"></p>
      ${field({ id: 'desiredBy', name: 'desiredBy', label: 'Desired by', control: 'input', type: 'date' })}
      <button type="submit">Submit request</button>
    </form>
    <p id="page-status" role="status" aria-live="polite"></p>`;
  return layout({ page: 'new-request', title: 'New request', script: 'new-request', body, devAuth });
}

export function requestPage(devAuth: boolean, id: string): string {
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
        <table class="data" id="sla-table">
          <caption>
            Running and paused deadlines; times in your agency's time zone, the holder's beside
          </caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Held by</th>
              <th scope="col">Due</th>
              <th scope="col">State</th>
              <th scope="col">Paused for</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
        <p id="sla-empty" hidden>No clock is running.</p>
      </section>
      <section aria-labelledby="tasks-heading">
        <h2 id="tasks-heading">Missions</h2>
        <table class="data" id="tasks-table">
          <caption>
            One task per mission assignment
          </caption>
          <thead>
            <tr>
              <th scope="col">Mission</th>
              <th scope="col">Status</th>
              <th scope="col">Note, question or response</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
        <p id="tasks-empty" hidden>Not assigned to any mission yet.</p>
      </section>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol class="timeline" id="timeline"></ol>
      </section>
    </article>`;
  return layout({ page: 'request', title: 'Request', script: 'request', body, devAuth, data: { 'request-id': id } });
}

export function notFoundPage(devAuth: boolean): string {
  const body = html`<h1>Page not found</h1>
    <p>There is no page at this address. <a href="/app">Go to your page</a>.</p>`;
  return layout({ page: 'not-found', title: 'Page not found', script: 'layout', body, devAuth });
}

export function tasksPage(devAuth: boolean): string {
  const body = html`<h1>Task inbox</h1>
    <p>
      Open tasks of your mission, the nearest deadline first. Times in your mission's time zone, Korea's beside. It
      refreshes by itself; <button type="button" id="refresh" class="secondary">Refresh now</button>
    </p>
    <p id="page-status" role="status" aria-live="polite"></p>
    <table class="data" id="tasks-table">
      <caption>
        Open tasks
      </caption>
      <thead>
        <tr>
          <th scope="col">Due</th>
          <th scope="col">Request</th>
          <th scope="col">From</th>
          <th scope="col">Task</th>
          <th scope="col">SLA</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody></tbody>
    </table>
    <p id="tasks-empty" hidden>No open tasks.</p>
    <section aria-labelledby="done-heading">
      <h2 id="done-heading">Recently closed tasks</h2>
      <table class="data" id="done-table">
        <caption>
          Responded, declined or cancelled
        </caption>
        <thead>
          <tr>
            <th scope="col">Request</th>
            <th scope="col">From</th>
            <th scope="col">Task</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody></tbody>
      </table>
      <p id="done-empty" hidden>None yet.</p>
    </section>`;
  return layout({ page: 'tasks', title: 'Task inbox', script: 'tasks', body, devAuth });
}

export function triagePage(devAuth: boolean): string {
  const body = html`<h1>Triage queue</h1>
    <p>Requests waiting for MOFA, the nearest triage deadline first.</p>
    <p id="page-status" role="status" aria-live="polite"></p>
    <table class="data" id="triage-table">
      <caption>
        Requests in triage
      </caption>
      <thead>
        <tr>
          <th scope="col">Triage due</th>
          <th scope="col">Request</th>
          <th scope="col">Province</th>
          <th scope="col">Category</th>
          <th scope="col">Target countries</th>
          <th scope="col">SLA</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody></tbody>
    </table>
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
        </fieldset>
        ${field({ id: 'assign-priority', name: 'priority', label: 'Priority', control: 'select', options: [{ value: '', label: 'Keep the requested priority' }, ...priorityOptions] })}
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

export function boardPage(devAuth: boolean): string {
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
          options: [
            { value: 'open', label: 'Open' },
            { value: 'acknowledged', label: 'Acknowledged' },
            { value: 'resolved', label: 'Resolved' },
            { value: '', label: 'Any state' },
          ],
        })}
        ${field({
          id: 'esc-level',
          name: 'level',
          label: 'Level',
          control: 'select',
          markOptional: false,
          options: [
            { value: '', label: 'Any level' },
            { value: '1', label: '1 · at risk (75 %)' },
            { value: '2', label: '2 · breached (100 %)' },
            { value: '3', label: '3 · 150 %' },
          ],
        })}
        ${field({ id: 'esc-agency', name: 'agency', label: 'Agency', control: 'select', markOptional: false, options: [{ value: '', label: 'Any agency' }] })}
        <button type="submit">Apply</button>
      </form>
      <div class="summaries">
        <table class="data compact" id="by-level">
          <caption>
            By level
          </caption>
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
        <table class="data compact" id="by-agency">
          <caption>
            By agency
          </caption>
          <thead>
            <tr>
              <th scope="col">Agency</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
      <table class="data" id="escalations-table">
        <caption>
          Escalations, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Request</th>
            <th scope="col">Stage</th>
            <th scope="col">Held by</th>
            <th scope="col">Fell due</th>
            <th scope="col">State</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody></tbody>
      </table>
      <p id="escalations-empty" hidden>No escalations match.</p>
    </section>
    <div class="columns">
      <section aria-labelledby="breached-heading">
        <h2 id="breached-heading">Breached</h2>
        <ul class="request-list" id="breached-list"></ul>
        <p id="breached-empty" hidden>Nothing has breached.</p>
      </section>
      <section aria-labelledby="at-risk-heading">
        <h2 id="at-risk-heading">At risk</h2>
        <ul class="request-list" id="at-risk-list"></ul>
        <p id="at-risk-empty" hidden>Nothing is at risk.</p>
      </section>
    </div>
    <section aria-labelledby="chart-heading">
      <h2 id="chart-heading">SLA compliance by agency, last 30 days</h2>
      <p id="chart-unavailable" hidden>The compliance report is for supervisors.</p>
      <table class="data chart" id="sla-chart">
        <caption>
          On-time rate of the clocks each agency completed, and the time each agency held the work
        </caption>
        <thead>
          <tr>
            <th scope="col">Agency</th>
            <th scope="col">On-time rate</th>
            <th scope="col">Time consumed</th>
            <th scope="col">Breaches</th>
          </tr>
        </thead>
        <tbody></tbody>
      </table>
      <p id="chart-empty" hidden>No clocks in the period.</p>
    </section>`;
  return layout({ page: 'board', title: 'Escalation board', script: 'board', body, devAuth });
}

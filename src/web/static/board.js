// Supervisor: the escalation board (GET /v1/escalations, by state, level and agency) with acknowledge,
// breached and at-risk requests (GET /v1/requests?slaState=…), refreshed every few seconds, and the
// per-agency SLA chart (GET /v1/reports/sla?groupBy=agency) as a table with inline SVG bars.
import { agencyLabel, zoneOf } from './lib/agencies.js';
import { api, apiAll, problemText } from './lib/api.js';
import { badge, statusBadge } from './lib/badges.js';
import { $, fillTable, h, keepingFocus, onReady, setStatus } from './lib/dom.js';
import { every, startPage } from './lib/page.js';
import { dualTime, duration, relative } from './lib/time.js';
import { agencyKinds, word } from './lib/vocabulary.js';

const POLL_MS = 4_000;
const CHART_EVERY = 5; // polls; also whenever the escalations change
const SVG = 'http://www.w3.org/2000/svg';

function bar(fraction, kind) {
  const width = 160;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', '14');
  svg.setAttribute('viewBox', `0 0 ${width} 14`);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `bar bar-${kind}`);
  const track = document.createElementNS(SVG, 'rect');
  track.setAttribute('class', 'track');
  track.setAttribute('width', String(width));
  track.setAttribute('height', '14');
  track.setAttribute('rx', '3');
  const fill = document.createElementNS(SVG, 'rect');
  fill.setAttribute('class', 'fill');
  fill.setAttribute('width', String(Math.max(0, Math.min(1, fraction)) * width));
  fill.setAttribute('height', '14');
  fill.setAttribute('rx', '3');
  svg.append(track, fill);
  return svg;
}

onReady(async () => {
  const context = await startPage();
  if (context === null) return;
  const { session, agencies, viewer } = context;
  const canAcknowledge = session.role === 'supervisor';
  const agencySelect = $('#esc-agency');
  for (const agency of [...agencies.values()].sort(
    (a, b) => agencyKinds.indexOf(a.kind) - agencyKinds.indexOf(b.kind) || a.name.localeCompare(b.name),
  )) {
    agencySelect.append(h('option', { value: agency.code }, `${agency.name} (${agency.code})`));
  }
  let polls = 0;
  let breachedSeen = null;
  const watched = [...document.querySelectorAll('section[data-sla-state]')];
  let escalationsSeen = '';

  async function acknowledge(escalation, button) {
    button.disabled = true;
    const result = await api(`/v1/escalations/${encodeURIComponent(escalation.id)}/acknowledge`, { method: 'POST' });
    const title = escalation.request?.title ?? escalation.requestId;
    setStatus(result.ok ? `Acknowledged level ${escalation.level} on “${title}”.` : problemText(result.data));
    await refreshEscalations();
    $('#escalations-heading').focus();
  }

  function escalationRow(escalation) {
    const title = escalation.request?.title ?? escalation.requestId;
    let action = '—';
    if (escalation.state === 'open' && canAcknowledge) {
      action = h(
        'button',
        {
          type: 'button',
          'aria-label': `Acknowledge level ${escalation.level} on ${title}`,
          'data-focus-key': `ack-${escalation.id}`,
        },
        'Acknowledge',
      );
      action.addEventListener('click', () => void acknowledge(escalation, action));
    }
    return h(
      'tr',
      { 'data-escalation-id': escalation.id, 'data-request-id': escalation.requestId },
      h(
        'td',
        {},
        h(
          'span',
          { className: `badge badge-level-${escalation.level}` },
          `${escalation.level} · ${word('escalationLevel', escalation.level)}`,
        ),
      ),
      h(
        'th',
        { scope: 'row' },
        h('a', { href: `/app/requests/${escalation.requestId}`, 'data-focus-key': `esc-link-${escalation.id}` }, title),
        escalation.request
          ? h(
              'div',
              { className: 'muted' },
              agencyLabel(agencies, escalation.request.provinceCode, { short: true }),
              ` · ${word('requestStatus', escalation.request.status)}`,
            )
          : null,
      ),
      h('td', {}, word('stage', escalation.stage)),
      h('td', {}, agencyLabel(agencies, escalation.agency, { short: true })),
      h(
        'td',
        {},
        dualTime(escalation.dueAt, viewer, zoneOf(agencies, escalation.agency)),
        h('span', { className: 'relative' }, ` (${relative(escalation.dueAt)})`),
      ),
      h(
        'td',
        {},
        badge('escalationState', escalation.state),
        escalation.acknowledgedBy
          ? h(
              'div',
              { className: 'muted' },
              `by ${escalation.acknowledgedBy}`,
              escalation.note ? `: ${escalation.note}` : '',
            )
          : null,
      ),
      h('td', {}, action),
    );
  }

  function countRows(counts, label) {
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => h('tr', {}, h('th', { scope: 'row' }, label(key)), h('td', {}, String(count))));
  }

  async function loadEscalations() {
    const filters = new URLSearchParams({ limit: '100' });
    for (const [name, selector] of [
      ['state', '#esc-state'],
      ['level', '#esc-level'],
      ['agency', '#esc-agency'],
    ]) {
      const value = $(selector).value;
      if (value) filters.set(name, value);
    }
    const result = await apiAll(`/v1/escalations?${filters}`, 300);
    if (!result.ok) {
      setStatus(problemText(result.data));
      return;
    }
    const items = result.data.items;
    escalationsSeen = items.map((item) => `${item.id}:${item.state}`).join(',');
    fillTable($('#escalations-table'), items.map(escalationRow), $('#escalations-empty'));
    const byLevel = new Map();
    const byAgency = new Map();
    for (const item of items) {
      byLevel.set(item.level, (byLevel.get(item.level) ?? 0) + 1);
      byAgency.set(item.agency, (byAgency.get(item.agency) ?? 0) + 1);
    }
    $('#by-level tbody').replaceChildren(
      ...countRows(byLevel, (level) => `${level} · ${word('escalationLevel', level)}`),
    );
    $('#by-agency tbody').replaceChildren(
      ...countRows(byAgency, (code) => agencyLabel(agencies, code, { short: true })),
    );
  }

  const refreshEscalations = () => keepingFocus(loadEscalations);

  function requestItem(request) {
    return h(
      'li',
      { 'data-request-id': request.id },
      h(
        'a',
        { href: `/app/requests/${request.id}`, 'data-focus-key': `list-${request.slaState}-${request.id}` },
        request.title,
      ),
      ' ',
      statusBadge(request),
      h(
        'div',
        { className: 'muted' },
        agencyLabel(agencies, request.provinceCode, { short: true }),
        request.missions?.length > 0 ? ` → ${request.missions.join(', ')}` : '',
        ` · updated ${relative(request.updatedAt)}`,
      ),
    );
  }

  /** Fills one of the sections the server rendered per watched SLA state; resolves to its requests. */
  async function loadList(section) {
    const result = await api(`/v1/requests?slaState=${encodeURIComponent(section.dataset.slaState)}&limit=50`);
    if (!result.ok) return null;
    const items = result.data.items;
    $('.request-list', section).replaceChildren(...items.map(requestItem));
    $('.list-empty', section).hidden = items.length > 0;
    return items;
  }

  async function loadChart() {
    const result = await api('/v1/reports/sla?groupBy=agency');
    if (result.status === 403) {
      $('#sla-chart').hidden = true;
      $('#chart-unavailable').hidden = false;
      return;
    }
    if (!result.ok) return;
    const groups = result.data.groups.filter((group) => group.clocks > 0 || group.runningMs + group.pausedMs > 0);
    const consumed = (group) => group.runningMs + group.pausedMs;
    const most = Math.max(1, ...groups.map(consumed));
    groups.sort((a, b) => consumed(b) - consumed(a));
    const rows = groups.map((group) => {
      const rate = group.onTimeRate;
      return h(
        'tr',
        { 'data-agency': group.key },
        h('th', { scope: 'row' }, agencyLabel(agencies, group.key, { short: true })),
        h(
          'td',
          {},
          rate === null
            ? '—'
            : [
                bar(rate, rate >= 0.9 ? 'good' : rate >= 0.6 ? 'fair' : 'poor'),
                ` ${Math.round(rate * 100)} % `,
                h('span', { className: 'muted' }, `(${group.onTime} of ${group.completed})`),
              ],
        ),
        h(
          'td',
          {},
          bar(consumed(group) / most, 'time'),
          ` ${duration(consumed(group))} `,
          h(
            'span',
            { className: 'muted' },
            `(running ${duration(group.runningMs)}, paused ${duration(group.pausedMs)})`,
          ),
        ),
        h('td', { 'data-breaches': group.breaches }, String(group.breaches)),
      );
    });
    fillTable($('#sla-chart'), rows, $('#chart-empty'));
  }

  async function poll() {
    const before = escalationsSeen;
    const due = polls % CHART_EVERY === 0;
    polls += 1;
    await keepingFocus(async () => {
      const [, , ...listed] = await Promise.all([
        loadEscalations(),
        due ? loadChart() : null,
        ...watched.map(loadList),
      ]);
      if (!due && escalationsSeen !== before) await loadChart();
      const breached = listed[watched.findIndex((section) => section.dataset.slaState === 'breached')];
      if (breached) {
        const fresh = breachedSeen === null ? [] : breached.filter((request) => !breachedSeen.has(request.id));
        if (fresh.length > 0) setStatus(`Newly breached: ${fresh.map((request) => request.title).join(', ')}.`);
        breachedSeen = new Set(breached.map((request) => request.id));
      }
    });
    $('#refresh-note').textContent =
      `Refreshes by itself every ${POLL_MS / 1000} seconds; last updated ${new Date().toLocaleTimeString('en-GB', { timeZone: viewer.timeZone, hourCycle: 'h23' })}.`;
  }

  $('#escalation-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    void refreshEscalations();
  });

  every(POLL_MS, poll);
});

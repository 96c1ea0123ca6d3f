// Province: my requests, newest first, with status and SLA badges.
import { agencyLabel } from './lib/agencies.js';
import { api, problemText } from './lib/api.js';
import { slaBadge, statusBadge } from './lib/badges.js';
import { $, fillTable, h, onReady, setStatus } from './lib/dom.js';
import { startPage } from './lib/page.js';
import { dualTime } from './lib/time.js';
import { humanize } from './lib/vocabulary.js';

onReady(async () => {
  const context = await startPage();
  if (context === null) return;
  const { agencies, viewer } = context;
  const table = $('#requests-table');
  const more = $('#requests-more');
  let cursor = null;
  let rows = [];

  function row(request) {
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, h('a', { href: `/app/requests/${request.id}` }, request.title)),
      h('td', {}, humanize(request.category)),
      h('td', {}, statusBadge(request)),
      h('td', {}, slaBadge(request) ?? '—'),
      h(
        'td',
        {},
        (request.missions ?? []).length === 0
          ? '—'
          : request.missions.map((code, index) => [
              index > 0 ? ', ' : '',
              agencyLabel(agencies, code, { short: true }),
            ]),
      ),
      h('td', {}, dualTime(request.createdAt, viewer)),
    );
  }

  async function load(reset) {
    const filters = new URLSearchParams({ limit: '25' });
    const status = $('#filter-status').value;
    const slaState = $('#filter-sla').value;
    if (status) filters.set('status', status);
    if (slaState) filters.set('slaState', slaState);
    if (!reset && cursor !== null) filters.set('cursor', cursor);
    setStatus('Loading…');
    const result = await api(`/v1/requests?${filters}`);
    if (!result.ok) {
      setStatus(problemText(result.data));
      return;
    }
    if (reset) rows = [];
    rows.push(...result.data.items.map(row));
    cursor = result.data.nextCursor;
    fillTable(table, rows, $('#requests-empty'));
    more.hidden = cursor === null;
    setStatus(`${rows.length} request${rows.length === 1 ? '' : 's'} shown.`);
  }

  $('#filters').addEventListener('submit', (event) => {
    event.preventDefault();
    void load(true);
  });
  more.addEventListener('click', () => void load(false));
  await load(true);
});

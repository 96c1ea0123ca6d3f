// Mission: the task inbox, nearest deadline first. GET /v1/tasks carries everything it shows: each task's
// request brief and its running clocks (`deadlines`), so no row reads its request.
import { agencyLabel, zoneOf } from './lib/agencies.js';
import { api, apiAll, problemText } from './lib/api.js';
import { badge } from './lib/badges.js';
import { $, fillTable, h, keepingFocus, onReady, setStatus } from './lib/dom.js';
import { every, startPage } from './lib/page.js';
import { dualTime, relative } from './lib/time.js';
import { isTaskActive, taskAllows, word } from './lib/vocabulary.js';

onReady(async () => {
  const context = await startPage();
  if (context === null) return;
  const { agencies, viewer } = context;

  /** The clock that sets the task's deadline: a running one, else a paused one. */
  function clockOf(task) {
    return task.deadlines.find((clock) => clock.state !== 'paused') ?? task.deadlines[0] ?? null;
  }

  async function accept(task, button) {
    button.disabled = true;
    const result = await api(`/v1/tasks/${task.id}/accept`, { method: 'POST' });
    setStatus(result.ok ? `Accepted: ${task.request.title}.` : problemText(result.data));
    await refresh();
    // The Accept button is gone once accepted: keep the focus on the same row.
    $(`[data-focus-key="open-${task.id}"]`)?.focus();
  }

  function openRow({ task, clock }) {
    const province = zoneOf(agencies, task.request.provinceCode);
    const link = h(
      'a',
      { href: `/app/requests/${task.requestId}`, 'data-focus-key': `link-${task.id}` },
      task.request.title,
    );
    const actions = [
      h(
        'a',
        {
          className: 'button secondary',
          href: `/app/requests/${task.requestId}`,
          'aria-label': `Open ${task.request.title}`,
          'data-focus-key': `open-${task.id}`,
        },
        'Open',
      ),
    ];
    if (taskAllows('accept', task.status)) {
      const button = h(
        'button',
        { type: 'button', 'aria-label': `Accept ${task.request.title}`, 'data-focus-key': `accept-${task.id}` },
        'Accept',
      );
      button.addEventListener('click', () => void accept(task, button));
      actions.push(' ', button);
    }
    return h(
      'tr',
      { 'data-task-id': task.id },
      h(
        'td',
        {},
        clock === null
          ? '—'
          : [
              dualTime(clock.dueAt, viewer, province),
              clock.state === 'paused'
                ? ' (paused)'
                : h('span', { className: 'relative' }, ` (${relative(clock.dueAt)})`),
            ],
        clock === null ? null : h('div', { className: 'stage' }, `${word('stage', clock.stage)} deadline`),
      ),
      h(
        'th',
        { scope: 'row' },
        link,
        h('div', { className: 'muted' }, `${task.request.category} · ${word('priority', task.request.priority)}`),
      ),
      h('td', {}, agencyLabel(agencies, task.request.provinceCode)),
      h('td', {}, badge('taskStatus', task.status)),
      h('td', {}, clock === null ? '—' : badge('slaState', clock.state)),
      h('td', { className: 'actions' }, actions),
    );
  }

  function doneRow(task) {
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, h('a', { href: `/app/requests/${task.requestId}` }, task.request.title)),
      h('td', {}, agencyLabel(agencies, task.request.provinceCode)),
      h('td', {}, badge('taskStatus', task.status)),
      h('td', {}, dualTime(task.updatedAt, viewer, zoneOf(agencies, task.request.provinceCode))),
    );
  }

  const refresh = () => keepingFocus(load);

  async function load() {
    const result = await apiAll('/v1/tasks?limit=100', 200);
    if (!result.ok) {
      setStatus(problemText(result.data));
      return;
    }
    const tasks = result.data.items;
    const open = tasks.filter((task) => isTaskActive(task.status));
    const entries = open.map((task) => ({ task, clock: clockOf(task) }));
    // Nearest running deadline first; paused and clockless tasks after them.
    const rank = ({ clock }) =>
      clock === null ? Infinity : new Date(clock.dueAt).getTime() + (clock.state === 'paused' ? 1e15 : 0);
    entries.sort((a, b) => rank(a) - rank(b));
    fillTable($('#tasks-table'), entries.map(openRow), $('#tasks-empty'));
    fillTable(
      $('#done-table'),
      tasks
        .filter((task) => !isTaskActive(task.status))
        .slice(0, 20)
        .map(doneRow),
      $('#done-empty'),
    );
    $('#tasks-table').hidden = false;
  }

  $('#refresh').addEventListener('click', () => void refresh().then(() => setStatus('Inbox refreshed.')));
  every(15_000, refresh);
});

// Coordinator: the triage queue (GET /v1/requests?status=triage), nearest triage deadline first, and
// the triage panel: assign to one or more missions (searchable by country or city, in English or
// Korean), ask the province for clarification, or reject.
import { agencyLabel, countryName, koreanName, zoneOf } from './lib/agencies.js';
import { api, apiAll, problemText } from './lib/api.js';
import { slaBadge } from './lib/badges.js';
import { $, fillTable, focusHeading, fromTemplate, h, keepingFocus, onReady, setStatus } from './lib/dom.js';
import { busy, clearErrors, formValues, showErrors } from './lib/forms.js';
import { every, startPage } from './lib/page.js';
import { dualTime, relative } from './lib/time.js';
import { humanize, word } from './lib/vocabulary.js';

onReady(async () => {
  const context = await startPage();
  if (context === null) return;
  const { agencies, viewer } = context;
  const panel = $('#triage-panel');
  const summary = $('#triage-errors');
  const missionList = $('#mission-list');
  const search = $('#mission-search');
  const missions = [...agencies.values()].filter((agency) => agency.kind === 'mission');
  let queue = [];
  let selected = null;

  const searchText = new Map(
    missions.map((mission) => [
      mission.code,
      [
        mission.code,
        mission.country,
        countryName(mission.country),
        countryName(mission.country, 'ko'),
        mission.city ?? '',
        mission.name,
        koreanName(mission) ?? '',
      ]
        .join(' ')
        .toLowerCase(),
    ]),
  );

  function missionOption(mission, target) {
    const option = fromTemplate('mission-option', mission.code);
    option.dataset.code = mission.code;
    $('input', option).value = mission.code;
    $('label', option).append(
      agencyLabel(agencies, mission.code),
      h(
        'span',
        { className: 'muted' },
        ` · ${countryName(mission.country)} `,
        h('span', { lang: 'ko' }, countryName(mission.country, 'ko')),
        ` · ${mission.code}`,
      ),
      target ? h('span', { className: 'badge badge-target' }, 'target country') : '',
    );
    return option;
  }

  function filterMissions() {
    const words = search.value
      .trim()
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== '');
    let shown = 0;
    for (const option of missionList.children) {
      const checked = option.querySelector('input').checked;
      const text = searchText.get(option.dataset.code) ?? '';
      const visible = checked || words.every((word) => text.includes(word));
      option.hidden = !visible;
      if (visible) shown += 1;
    }
    const chosen = missionList.querySelectorAll('input:checked').length;
    $('#mission-count').textContent = `(${shown} shown, ${chosen} selected)`;
  }

  function openPanel(request) {
    selected = request;
    const targets = new Set(request.targetCountries);
    const ordered = [...missions].sort(
      (a, b) =>
        Number(targets.has(b.country)) - Number(targets.has(a.country)) ||
        a.country.localeCompare(b.country) ||
        a.code.localeCompare(b.code),
    );
    missionList.replaceChildren(...ordered.map((mission) => missionOption(mission, targets.has(mission.country))));
    for (const form of panel.querySelectorAll('form')) {
      form.reset();
      clearErrors(form, summary);
    }
    $('#panel-heading').textContent = `Triage: ${request.title}`;
    $('#panel-description').textContent = request.description;
    search.value = '';
    filterMissions();
    panel.hidden = false;
    $('#panel-heading').focus();
  }

  function row({ request, clock }) {
    const button = h(
      'button',
      {
        type: 'button',
        'aria-controls': 'triage-panel',
        'aria-label': `Triage ${request.title}`,
        'data-focus-key': `triage-${request.id}`,
      },
      'Triage',
    );
    button.addEventListener('click', () => openPanel(request));
    return h(
      'tr',
      { 'data-request-id': request.id },
      h(
        'td',
        {},
        clock === null
          ? '—'
          : [
              dualTime(clock.dueAt, viewer, zoneOf(agencies, request.provinceCode)),
              h('span', { className: 'relative' }, ` (${relative(clock.dueAt)})`),
            ],
      ),
      h(
        'th',
        { scope: 'row' },
        h('a', { href: `/app/requests/${request.id}`, 'data-focus-key': `link-${request.id}` }, request.title),
        h('div', { className: 'muted' }, word('priority', request.priority)),
      ),
      h('td', {}, agencyLabel(agencies, request.provinceCode)),
      h('td', {}, humanize(request.category)),
      h(
        'td',
        {},
        request.targetCountries.map((code, index) => [
          index > 0 ? ', ' : '',
          h('abbr', { title: `${countryName(code)} · ${countryName(code, 'ko')}` }, code),
        ]),
      ),
      h('td', {}, slaBadge(request)),
      h('td', {}, button),
    );
  }

  async function load() {
    const result = await apiAll('/v1/requests?status=triage&limit=100', 200);
    if (!result.ok) {
      setStatus(problemText(result.data));
      return;
    }
    const entries = result.data.items.map((request) => ({
      request,
      clock: (request.deadlines ?? []).find((item) => item.stage === 'triage') ?? null,
    }));
    const due = ({ clock }) => (clock === null ? Infinity : new Date(clock.dueAt).getTime());
    entries.sort((a, b) => due(a) - due(b));
    queue = entries;
    fillTable($('#triage-table'), entries.map(row), $('#triage-empty'));
  }

  const refresh = () => keepingFocus(load);

  async function triage(form, body, done) {
    clearErrors(form, summary);
    const result = await api(`/v1/requests/${selected.id}/triage`, { method: 'POST', body });
    if (!result.ok) {
      showErrors(form, result.data, summary);
      return;
    }
    panel.hidden = true;
    setStatus(done);
    focusHeading();
    await refresh();
  }

  search.addEventListener('input', filterMissions);
  missionList.addEventListener('change', filterMissions);

  $('#assign-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = formValues(form);
    const chosen = [...missionList.querySelectorAll('input:checked')].map((input) => input.value);
    const body = {
      action: 'assign',
      missions: chosen,
      ...(values.priority ? { priority: values.priority } : {}),
      ...(values.note ? { note: values.note } : {}),
    };
    void busy(form, () => triage(form, body, `Assigned “${selected.title}” to ${chosen.join(', ')}.`));
  });
  $('#clarify-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const { question = '' } = formValues(form);
    void busy(form, () =>
      triage(form, { action: 'clarify', question }, `Asked the province about “${selected.title}”.`),
    );
  });
  $('#reject-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const { reason = '' } = formValues(form);
    void busy(form, () => triage(form, { action: 'reject', reason }, `Rejected “${selected.title}”.`));
  });

  await load();
  const wanted = new URLSearchParams(location.search).get('request');
  const entry = queue.find(({ request }) => request.id === wanted);
  if (entry !== undefined) openPanel(entry.request);
  every(15_000, refresh, { now: false });
});

// Request detail: facts, SLA clocks, mission tasks, the timeline, and the signed-in user's actions
// (province: answer, review, withdraw; mission: accept, decline, ask for information, respond).
// The API answers 404 for a request the user may not see: the page then says "not found".
import { agencyLabel, agencyOf, countryName, zoneOf } from './lib/agencies.js';
import { api, problemText } from './lib/api.js';
import { badge, slaBadge, statusBadge } from './lib/badges.js';
import { $, fillTable, fromTemplate, h, onReady, pageData, setStatus } from './lib/dom.js';
import { busy, clearErrors, formValues, showErrors } from './lib/forms.js';
import { startPage } from './lib/page.js';
import { dualTime, duration, relative } from './lib/time.js';
import { humanize, isProvinceDesk, isTaskActive, requestAllows, taskAllows, word } from './lib/vocabulary.js';

onReady(async () => {
  const context = await startPage();
  if (context === null) return;
  const { session, agencies, viewer } = context;
  const id = pageData('requestId');
  const summary = $('#action-errors');
  let current = null;

  function notFound() {
    $('#request').hidden = true;
    const box = $('#not-found');
    box.hidden = false;
    document.title = 'Request not found · OneTeam';
    setStatus('');
  }

  async function load() {
    const result = await api(`/v1/requests/${encodeURIComponent(id)}`);
    if (result.status === 404 || result.status === 400) {
      notFound();
      return false;
    }
    if (!result.ok) {
      setStatus(problemText(result.data));
      return false;
    }
    render(result.data);
    setStatus('');
    return true;
  }

  function fact(term, ...value) {
    return [h('dt', {}, term), h('dd', {}, ...value)];
  }

  // Lists a caller may not be shown (need-to-know) render as empty rather than break the page.
  function render(data) {
    const request = {
      ...data,
      targetCountries: data.targetCountries ?? [],
      sla: data.sla ?? [],
      tasks: data.tasks ?? [],
      timeline: data.timeline ?? [],
    };
    current = request;
    document.title = `${request.title} · OneTeam`;
    $('#request-title').textContent = request.title;
    $('#request-badges').replaceChildren(
      statusBadge(request),
      ' ',
      slaBadge(request) ?? '',
      ' ',
      badge('priority', request.priority, 'Priority'),
    );
    const province = zoneOf(agencies, request.provinceCode);
    $('#request-facts').replaceChildren(
      ...fact('Province', agencyLabel(agencies, request.provinceCode)),
      ...fact('Category', humanize(request.category)),
      ...fact(
        'Target countries',
        request.targetCountries.map((code, index) => [
          index > 0 ? ', ' : '',
          `${countryName(code)} `,
          h('span', { lang: 'ko' }, countryName(code, 'ko')),
          ` (${code})`,
        ]),
      ),
      ...fact(
        'Submitted',
        dualTime(request.createdAt, viewer, province),
        request.createdBy ? ` by ${request.createdBy}` : '',
      ),
      ...(request.desiredBy ? fact('Desired by', new Date(request.desiredBy).toISOString().slice(0, 10)) : []),
      ...(request.closedAt ? fact('Closed', dualTime(request.closedAt, viewer, province)) : []),
    );
    $('#request-description').textContent = request.description;
    renderClocks(request);
    renderTasks(request);
    renderTimeline(request);
    renderActions(request);
    $('#request').hidden = false;
  }

  function missionOfTask(request, taskId) {
    return request.tasks.find((task) => task.id === taskId)?.missionCode;
  }

  function renderClocks(request) {
    const now = Date.now();
    const rows = request.sla.map((clock) => {
      const mission = clock.taskId === null ? null : missionOfTask(request, clock.taskId);
      const extended = clock.originalDueAt !== clock.dueAt;
      return h(
        'tr',
        {},
        h(
          'th',
          { scope: 'row' },
          word('stage', clock.stage),
          mission ? [' · ', agencyLabel(agencies, mission, { short: true })] : null,
        ),
        h('td', {}, agencyLabel(agencies, clock.holder, { short: true })),
        h(
          'td',
          {},
          dualTime(clock.dueAt, viewer, zoneOf(agencies, clock.holder)),
          clock.state === 'paused' ? null : h('span', { className: 'relative' }, ` (${relative(clock.dueAt, now)})`),
          extended
            ? h(
                'div',
                { className: 'extended' },
                'Extended from ',
                dualTime(clock.originalDueAt, viewer),
                clock.extensionReason ? `: ${clock.extensionReason}` : '',
              )
            : null,
        ),
        h('td', {}, badge('slaState', clock.state), clock.level > 0 ? ` level ${clock.level}` : ''),
        h('td', {}, clock.pausedMs > 0 ? duration(clock.pausedMs) : '—'),
      );
    });
    fillTable($('#sla-table'), rows, $('#sla-empty'));
  }

  function renderTasks(request) {
    const rows = request.tasks.map((task) => {
      const notes = [];
      if (task.note) notes.push(['MOFA note', task.note]);
      if (task.infoQuestion) notes.push(['Question to the province', task.infoQuestion]);
      if (task.infoAnswer) notes.push(["Province's answer", task.infoAnswer]);
      if (task.declineReason) notes.push(['Declined', task.declineReason]);
      if (task.responseSummary) notes.push(['Response', task.responseSummary]);
      if (task.responseDetails) notes.push(['Details', task.responseDetails]);
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, agencyLabel(agencies, task.missionCode)),
        h('td', {}, badge('taskStatus', task.status)),
        h(
          'td',
          {},
          notes.length === 0
            ? '—'
            : h(
                'dl',
                { className: 'notes' },
                notes.map(([term, text]) => [h('dt', {}, term), h('dd', { className: 'prose' }, text)]),
              ),
        ),
        h('td', {}, dualTime(task.updatedAt, viewer, zoneOf(agencies, task.missionCode))),
      );
    });
    fillTable($('#tasks-table'), rows, $('#tasks-empty'));
  }

  function eventDetails(data) {
    const entries = Object.entries(data).filter(
      ([key, value]) =>
        key !== 'taskId' && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0),
    );
    if (entries.length === 0) return null;
    return h(
      'dl',
      { className: 'event-data' },
      entries.map(([key, value]) => [
        h('dt', {}, humanize(key)),
        h('dd', {}, Array.isArray(value) ? value.join(', ') : String(value)),
      ]),
    );
  }

  function renderTimeline(request) {
    const items = request.timeline.map((event) => {
      const agency = agencyOf(event.actor);
      return h(
        'li',
        {},
        h(
          'p',
          { className: 'event-head' },
          event.type ? [h('strong', {}, word('eventType', event.type)), ' · '] : null,
          dualTime(event.at, viewer, zoneOf(agencies, agency)),
          event.actor ? [' · ', event.actor] : null,
        ),
        eventDetails(event.data ?? {}),
      );
    });
    $('#timeline').replaceChildren(...items);
  }

  // ── Actions ──────────────────────────────────────────────────────────────────────────────

  /** Posts an action; on success reloads the request and announces `done`. */
  async function act(form, url, body, done) {
    clearErrors(form, summary);
    const result = await api(url, { method: 'POST', body });
    if (!result.ok) {
      showErrors(form, result.data, summary);
      return;
    }
    await load();
    setStatus(done);
    $('#request-title').focus();
  }

  function answerForm({ key, heading, question, taskId }) {
    const form = fromTemplate('answer-form', key);
    $('h3', form).textContent = heading;
    $('.question', form).textContent = question;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const { answer = '' } = formValues(form);
      void busy(form, () =>
        act(
          form,
          `/v1/requests/${current.id}/clarification`,
          { answer, ...(taskId ? { taskId } : {}) },
          'Answer sent.',
        ),
      );
    });
    return form;
  }

  function renderActions(request) {
    let any = false;
    const forms = [];
    const province = isProvinceDesk(session.role) && request.provinceCode === session.agency;
    if (province && requestAllows('answerClarification', request.status)) {
      forms.push(
        answerForm({
          key: 'mofa',
          heading: 'MOFA asks for clarification',
          question: request.clarificationQuestion ?? '',
        }),
      );
    }
    if (province) {
      for (const task of request.tasks.filter((item) => taskAllows('answerInfo', item.status))) {
        const mission = agencies.get(task.missionCode)?.name ?? task.missionCode;
        forms.push(
          answerForm({
            key: task.id,
            heading: `${mission} asks for information`,
            question: task.infoQuestion ?? '',
            taskId: task.id,
          }),
        );
      }
    }
    if (session.role === 'coordinator' && requestAllows('triage', request.status)) {
      forms.push(
        h('p', {}, h('a', { className: 'button', href: `/app/triage?request=${request.id}` }, 'Triage this request')),
      );
    }
    $('#answer-forms').replaceChildren(...forms);
    any ||= forms.length > 0;

    const reviewing = province && requestAllows('review', request.status);
    $('#review-form').hidden = !reviewing;
    any ||= reviewing;

    const canWithdraw = province && requestAllows('withdraw', request.status);
    $('#withdraw').hidden = !canWithdraw;
    any ||= canWithdraw;

    const task =
      session.role === 'mission_officer'
        ? request.tasks.filter((item) => item.missionCode === session.agency && isTaskActive(item.status)).at(-1)
        : undefined;
    $('#task-actions').hidden = task === undefined;
    if (task !== undefined) {
      any = true;
      $('#task-actions').dataset.taskId = task.id;
      $('#accept-form').hidden = !taskAllows('accept', task.status);
      $('#respond-form').hidden = !taskAllows('respond', task.status);
      $('#info-form').hidden = !taskAllows('requestInfo', task.status);
      $('#decline-form').hidden = !taskAllows('decline', task.status);
      if (task.status === 'info_requested') setStatus('Waiting for the province to answer your question.');
    }
    $('#actions').hidden = !any;
  }

  $('#review-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const decision = event.submitter?.value === 'reopen' ? 'reopen' : 'accept';
    const { comment } = formValues(form);
    void busy(form, () =>
      act(
        form,
        `/v1/requests/${current.id}/review`,
        { decision, ...(comment ? { comment } : {}) },
        decision === 'accept' ? 'Accepted: the request is closed.' : 'Reopened.',
      ),
    );
  });

  $('#withdraw-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const { reason = '' } = formValues(form);
    void busy(form, () => act(form, `/v1/requests/${current.id}/withdraw`, { reason }, 'Withdrawn.'));
  });

  const taskUrl = (action) => `/v1/tasks/${$('#task-actions').dataset.taskId}/${action}`;
  const taskForms = [
    ['#accept-form', 'accept', () => undefined, 'Task accepted.'],
    [
      '#respond-form',
      'respond',
      (values) => ({ summary: values.summary ?? '', ...(values.details ? { details: values.details } : {}) }),
      'Response sent.',
    ],
    ['#info-form', 'request-info', (values) => ({ question: values.question ?? '' }), 'Question sent to the province.'],
    ['#decline-form', 'decline', (values) => ({ reason: values.reason ?? '' }), 'Task declined.'],
  ];
  for (const [selector, action, bodyOf, done] of taskForms) {
    const form = $(selector);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(form, async () => {
        await act(form, taskUrl(action), bodyOf(formValues(form)), done);
        if (form.querySelector('[aria-invalid]') === null) form.reset();
      });
    });
  }

  await load();
});

// Shared by every page: the session (bearer token in sessionStorage), calls to the JSON API,
// agency labels in English and Korean, dates in two time zones, and form error display.

const TOKEN_KEY = 'oneteam.token';

export const roleHome = {
  province_officer: '/app/requests',
  mission_officer: '/app/tasks',
  coordinator: '/app/triage',
  supervisor: '/app/board',
};

export const roleLabels = {
  province_officer: 'Province officer',
  mission_officer: 'Mission officer',
  coordinator: 'Coordinator',
  supervisor: 'Supervisor',
  admin: 'Administrator',
};

// ── Session ─────────────────────────────────────────────────────────────────────────────────

/** The claims of a JWT (not verified here: the API verifies every call). */
export function decodeClaims(token) {
  const part = token.split('.')[1];
  if (part === undefined) return null;
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const bytes = Uint8Array.from(json, (char) => char.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? claims : null;
  } catch {
    return null;
  }
}

export function storeToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function signOut(next) {
  sessionStorage.removeItem(TOKEN_KEY);
  const query = next === undefined ? '' : `?${new URLSearchParams({ next })}`;
  location.assign(`/${query}`);
}

/** The signed-in user, or a redirect to the sign-in page (which comes back here afterwards). */
export function requireSession() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const claims = token === null ? null : decodeClaims(token);
  const expired = claims !== null && typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now();
  if (
    token === null ||
    claims === null ||
    expired ||
    typeof claims.role !== 'string' ||
    typeof claims.agency !== 'string'
  ) {
    signOut(location.pathname + location.search);
    return null;
  }
  return { token, sub: String(claims.sub ?? ''), role: claims.role, agency: claims.agency };
}

// ── API ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Calls the JSON API as the signed-in user. Resolves to `{ ok, status, data }` where `data` is the
 * JSON body (a problem document when not ok). A 401 ends the session.
 */
export async function api(path, { method = 'GET', body, token, idempotencyKey } = {}) {
  const bearer = token ?? sessionStorage.getItem(TOKEN_KEY);
  const headers = { accept: 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    return {
      ok: false,
      status: 0,
      data: { title: 'Network error', detail: 'The service could not be reached. Try again.' },
    };
  }
  let data = null;
  const text = await response.text();
  if (text !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      data = { title: response.statusText, detail: text.slice(0, 200) };
    }
  }
  if (response.status === 401 && token === undefined) {
    signOut(location.pathname + location.search);
  }
  return { ok: response.ok, status: response.status, data };
}

/** Every page of a paged list (`items`, `nextCursor`), up to `max` items. */
export async function apiAll(path, max = 300) {
  const items = [];
  let cursor = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url = cursor === null ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`;
    const result = await api(url);
    if (!result.ok) return result;
    items.push(...result.data.items);
    cursor = result.data.nextCursor;
  } while (cursor !== null && items.length < max);
  return { ok: true, status: 200, data: { items } };
}

export function problemText(problem) {
  if (problem === null || typeof problem !== 'object') return 'Something went wrong.';
  return problem.detail || problem.title || 'Something went wrong.';
}

// ── DOM ─────────────────────────────────────────────────────────────────────────────────────

/** `h('a', { href }, 'text', child)`: text children are text nodes, never markup. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') element.className = value;
    else if (name === 'hidden') element.hidden = Boolean(value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Moves the focus to the page's main heading (after an action replaced the part the user was in). */
export function focusHeading() {
  const heading = $('main h1:not([hidden])');
  if (heading === null) return;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
}

export function setStatus(text) {
  const status = $('#page-status');
  if (status !== null) status.textContent = text;
}

export function humanize(value) {
  return String(value ?? '').replace(/_/g, ' ');
}

const badgeTexts = {
  on_track: 'on track',
  at_risk: 'at risk',
  auto_closed: 'auto-closed',
  in_progress: 'in progress',
  info_requested: 'information requested',
};

/** A status badge: the text says it (colour only repeats it). */
export function badge(value, prefix) {
  const text = badgeTexts[value] ?? humanize(value);
  return h(
    'span',
    { className: `badge badge-${value}` },
    prefix ? h('span', { className: 'visually-hidden' }, `${prefix}: `) : null,
    text,
  );
}

export function statusBadge(request) {
  const status =
    request.status === 'closed' && request.outcome
      ? `closed · ${badgeTexts[request.outcome] ?? humanize(request.outcome)}`
      : humanize(request.status);
  return h(
    'span',
    { className: `badge badge-status badge-${request.status}` },
    h('span', { className: 'visually-hidden' }, 'Status: '),
    status,
  );
}

/** The SLA badge of an open request (a closed one has none). */
export function slaBadge(request) {
  return request.status === 'closed' ? null : badge(request.slaState, 'SLA');
}

export function fillTable(table, rows, emptyElement) {
  const body = table.tBodies[0];
  body.replaceChildren(...rows);
  table.hidden = rows.length === 0;
  if (emptyElement) emptyElement.hidden = rows.length !== 0;
}

// ── Agencies, in English and Korean ──────────────────────────────────────────────────────────

let koreanRegions = null;
let englishRegions = null;
export function countryName(code, language = 'en') {
  try {
    if (language === 'ko') {
      koreanRegions ??= new Intl.DisplayNames(['ko'], { type: 'region' });
      return koreanRegions.of(code) ?? code;
    }
    englishRegions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return englishRegions.of(code) ?? code;
  } catch {
    return code;
  }
}

const missionKindsKo = { embassy: '대사관', consulate_general: '총영사관', consulate: '영사관', mission: '대표부' };

/** The Korean name: the recorded one, else for a mission "주<country> 대한민국 <kind>". */
export function koreanName(agency) {
  if (agency.nameKo) return agency.nameKo;
  if (agency.kind === 'mission') {
    // The seed data has no Korean mission names: "주베트남 대한민국 대사관", "주미국 대한민국 총영사관 (Los Angeles)".
    const kind = missionKindsKo[agency.missionKind] ?? '공관';
    const name = `주${countryName(agency.country, 'ko')} 대한민국 ${kind}`;
    return agency.missionKind === 'embassy' || !agency.city ? name : `${name} (${agency.city})`;
  }
  return null;
}

export async function loadAgencies() {
  const result = await api('/v1/agencies');
  const agencies = new Map();
  if (result.ok) for (const agency of result.data.items) agencies.set(agency.code, agency);
  return agencies;
}

/** `<span>English name <span lang="ko">한국어</span> (CODE)</span>` */
export function agencyLabel(agencies, code, { short = false } = {}) {
  const agency = agencies.get(code);
  if (agency === undefined) return h('span', { className: 'agency' }, code);
  const ko = koreanName(agency);
  const english =
    short && agency.kind === 'mission' && agency.city
      ? `${agency.city} (${agency.missionKind === 'embassy' ? 'Embassy' : 'Consulate General'})`
      : agency.name;
  return h(
    'span',
    { className: 'agency', title: code },
    h('span', { className: 'agency-en' }, english),
    ko ? [' ', h('span', { className: 'agency-ko', lang: 'ko' }, ko)] : null,
  );
}

/** The agency code in a user handle or an actor ("VN-HAN:mission_officer" → "VN-HAN"). */
export function agencyOf(actor) {
  return String(actor ?? '').split(':')[0];
}

// ── Dates in the viewer's time zone, the other party's beside ────────────────────────────────

const formatters = new Map();
function formatter(timeZone, withDate) {
  const key = `${timeZone}|${withDate}`;
  let format = formatters.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, format);
  }
  return format;
}

function dayKey(date, timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

export function placeOfZone(timeZone) {
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
}

/**
 * A date in the viewer's time zone, and beside it the other party's local time when their zone
 * differs: `Fri 8 May 14:03:27 Seoul · 12:03:27 Hanoi`.
 */
export function dualTime(iso, viewer, other) {
  if (!iso) return h('span', {}, '—');
  const date = new Date(iso);
  const main = h(
    'time',
    { datetime: date.toISOString() },
    `${formatter(viewer.timeZone, true).format(date)} `,
    h('span', { className: 'zone' }, viewer.place ?? placeOfZone(viewer.timeZone)),
  );
  if (!other || other.timeZone === viewer.timeZone) return main;
  const sameDay = dayKey(date, other.timeZone) === dayKey(date, viewer.timeZone);
  return h(
    'span',
    { className: 'dual' },
    main,
    h(
      'span',
      { className: 'other-time' },
      ` · ${formatter(other.timeZone, !sameDay).format(date)} `,
      h('span', { className: 'zone' }, other.place ?? placeOfZone(other.timeZone)),
    ),
  );
}

/** The zone and place name of an agency, for {@link dualTime}. */
export function zoneOf(agencies, code) {
  const agency = agencies.get(code);
  if (agency === undefined) return null;
  return { timeZone: agency.timeZone, place: agency.city ?? placeOfZone(agency.timeZone) };
}

export function relative(iso, now = Date.now()) {
  const ms = new Date(iso).getTime() - now;
  const abs = Math.abs(ms);
  const units = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ];
  const [size, unit] = units.find(([size]) => abs >= size) ?? [1_000, 's'];
  const amount = Math.round(abs / size);
  return ms >= 0 ? `in ${amount} ${unit}` : `${amount} ${unit} ago`;
}

export function duration(ms) {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round((minutes / 60) * 10) / 10;
  if (hours < 48) return `${hours} h`;
  return `${Math.round((hours / 24) * 10) / 10} d`;
}

// ── Forms and the API's problem+json errors ─────────────────────────────────────────────────

export function clearErrors(form, summary) {
  for (const slot of form.querySelectorAll('[data-error-for]')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  if (summary) {
    summary.hidden = true;
    $('ul', summary).replaceChildren();
  }
}

/**
 * Shows a problem document on a form: each `errors[]` entry next to its field (path `body.<field>…`),
 * the rest and the detail in the summary, which takes the focus.
 */
export function showErrors(form, problem, summary) {
  clearErrors(form, summary);
  const entries = Array.isArray(problem?.errors) ? problem.errors : [];
  const listed = [];
  for (const entry of entries) {
    const parts = String(entry.path ?? '').split('.');
    const name = parts[0] === 'body' ? parts[1] : undefined;
    const slot = name === undefined ? null : form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    const label =
      name === undefined
        ? null
        : form.querySelector(`[data-field="${CSS.escape(name)}"] label, [data-field="${CSS.escape(name)}"] legend`);
    const message = parts.length > 2 ? `${parts.slice(2).join('.')}: ${entry.message}` : entry.message;
    if (slot !== null) {
      slot.textContent = slot.textContent === '' ? message : `${slot.textContent}; ${message}`;
      slot.hidden = false;
      const control =
        form.querySelector(`[name="${CSS.escape(name)}"]`) ??
        form.querySelector(`[data-field="${CSS.escape(name)}"] input`);
      control?.setAttribute('aria-invalid', 'true');
    }
    const target = slot === null ? null : (form.querySelector(`[name="${CSS.escape(name)}"]`)?.id ?? slot.id);
    const text = `${label === null ? humanize(name ?? entry.path) : (label.firstChild?.textContent?.trim() ?? name)}: ${message}`;
    listed.push(target ? h('li', {}, h('a', { href: `#${target}` }, text)) : h('li', {}, text));
  }
  if (!summary) return;
  const list = $('ul', summary);
  if (listed.length === 0) listed.push(h('li', {}, problemText(problem)));
  else if (problem?.detail && entries.length === 0) listed.unshift(h('li', {}, problem.detail));
  list.replaceChildren(...listed);
  summary.hidden = false;
  summary.focus();
}

/** Reads a form's named controls into an object, leaving out empty optional values. */
export function formValues(form) {
  const values = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && value.trim() !== '') values[name] = value;
  }
  return values;
}

/** A random idempotency key (crypto.randomUUID needs a secure context; an intranet may serve plain http). */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A labelled field like the server-rendered ones (see src/web/pages.ts `field`). */
export function fieldElement({ id, name, label, control = 'textarea', rows = 3, required = true, maxlength }) {
  const error = h('p', { className: 'field-error', id: `${id}-error`, 'data-error-for': name, hidden: true });
  const attributes = {
    id,
    name,
    'aria-describedby': `${id}-error`,
    required,
    'aria-required': required ? 'true' : undefined,
    maxlength,
  };
  const input =
    control === 'textarea' ? h('textarea', { ...attributes, rows }) : h('input', { ...attributes, type: 'text' });
  return h(
    'div',
    { className: 'field', 'data-field': name },
    h('label', { for: id }, label, required ? null : [' ', h('span', { className: 'optional' }, '(optional)')]),
    error,
    input,
  );
}

/** Disables a form's buttons while `work` runs. */
export async function busy(form, work) {
  const buttons = [...form.querySelectorAll('button')];
  for (const button of buttons) button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    for (const button of buttons) button.disabled = false;
    form.removeAttribute('aria-busy');
  }
}

// ── Layout ──────────────────────────────────────────────────────────────────────────────────

/** Shows the navigation of the user's role and who is signed in. */
export function initLayout(session, agencies) {
  const nav = $('#nav');
  for (const item of nav.querySelectorAll('li[data-roles]')) {
    item.hidden = !item.dataset.roles.split(' ').includes(session.role);
  }
  nav.hidden = false;
  const who = $('#who');
  const name = $('#who-name');
  name.replaceChildren(
    `${roleLabels[session.role] ?? session.role}, `,
    agencies ? agencyLabel(agencies, session.agency, { short: true }) : session.agency,
  );
  who.hidden = false;
  $('#sign-out').addEventListener('click', () => signOut());
}

/** Starts a page: session, layout, agencies; null when redirected to sign in. */
export async function startPage() {
  const session = requireSession();
  if (session === null) return null;
  const agencies = await loadAgencies();
  initLayout(session, agencies);
  const own = agencies.get(session.agency);
  const viewer = (own && zoneOf(agencies, own.code)) ?? { timeZone: 'Asia/Seoul', place: 'Seoul' };
  return { session, agencies, viewer };
}

/** Runs `task` now and then every `ms` (never overlapping); the page keeps it while open. */
export function every(ms, task, { now = true } = {}) {
  let timer;
  const run = async () => {
    try {
      await task();
    } finally {
      timer = setTimeout(run, ms);
    }
  };
  if (now) void run();
  else timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
}

/**
 * Rebuilds part of the page without losing the keyboard focus: elements carrying `data-focus-key`
 * get the focus back after `rebuild` when the focused one was replaced.
 */
export async function keepingFocus(rebuild) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement ? active.dataset.focusKey : undefined;
  await rebuild();
  if (key === undefined || (document.activeElement === active && active.isConnected)) return;
  const again = document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
  if (again instanceof HTMLElement && !again.disabled) again.focus();
}

export function onReady(start) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
  else void start();
}

export const pageData = (name) => document.body.dataset[name];

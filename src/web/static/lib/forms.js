// Forms: reading them, sending once, and showing the API's problem+json errors next to the fields.
import { problemText } from './api.js';
import { $, h } from './dom.js';
import { humanize } from './vocabulary.js';

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

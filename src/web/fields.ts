/**
 * The form field builders: every labelled control of every page is built here, with its hint and the
 * error slot the page scripts fill from problem+json `errors[]` (path `body.<name>`).
 */
import { html, type RawHtml } from './html.js';

export interface Choice {
  value: string;
  label: string;
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
  options?: Choice[];
  extra?: RawHtml;
}

/** A labelled form field with a hint and an error slot. */
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
export function errorSummary(id: string): RawHtml {
  return html`<div class="error-summary" id="${id}" role="alert" tabindex="-1" hidden>
    <h2>The form could not be sent</h2>
    <ul></ul>
  </div>`;
}

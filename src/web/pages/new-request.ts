/** Province: submit a request. */
import { html } from '../html.js';
import { errorSummary, field } from '../fields.js';
import { layout, type PageContext } from '../layout.js';
import { choicesOf } from '../vocabulary.js';

export interface Category {
  code: string;
  name: string;
}

export function newRequestPage({ devAuth }: PageContext, categories: Category[]): string {
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
      ${field({ id: 'priority', name: 'priority', label: 'Priority', control: 'select', markOptional: false, options: choicesOf('priority') })}
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

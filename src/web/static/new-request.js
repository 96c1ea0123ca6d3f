// Province: submit a request. The API validates; its problem+json errors[] are shown next to the fields.
import { countryName } from './lib/agencies.js';
import { api } from './lib/api.js';
import { $, onReady, setStatus } from './lib/dom.js';
import { busy, clearErrors, formValues, newKey, showErrors } from './lib/forms.js';
import { startPage } from './lib/page.js';

function countryCodes(text) {
  return text
    .split(/[\s,;]+/)
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '');
}

onReady(async () => {
  const context = await startPage();
  if (context === null) return;
  const form = $('#new-request');
  const summary = $('#new-request-errors');
  const countries = $('#targetCountries');
  const names = $('#country-names');

  countries.addEventListener('input', () => {
    const codes = countryCodes(countries.value).filter((code) => /^[A-Z]{2}$/.test(code));
    names.textContent =
      codes.length === 0
        ? ''
        : codes.map((code) => `${code}: ${countryName(code)} (${countryName(code, 'ko')})`).join(' · ');
  });

  // One key per filled-in form: a retried submission (double click, flaky network) never makes a second request.
  let idempotencyKey = newKey();
  form.addEventListener('input', () => {
    idempotencyKey = newKey();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      clearErrors(form, summary);
      const values = formValues(form);
      const body = {
        title: values.title ?? '',
        description: values.description ?? '',
        category: values.category ?? '',
        priority: values.priority ?? 'routine',
        targetCountries: countryCodes(values.targetCountries ?? ''),
        ...(values.desiredBy === undefined ? {} : { desiredBy: values.desiredBy }),
      };
      setStatus('Submitting…');
      const result = await api('/v1/requests', { method: 'POST', body, idempotencyKey });
      if (!result.ok) {
        setStatus('');
        showErrors(form, result.data, summary);
        return;
      }
      setStatus('Submitted.');
      location.assign(`/app/requests/${result.data.id}`);
    });
  });
});

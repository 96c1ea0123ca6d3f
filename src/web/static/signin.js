// Sign-in: a seeded user handle for a development token (embedded default), or a pasted issuer token.
import { api } from './lib/api.js';
import { $, onReady, setStatus } from './lib/dom.js';
import { busy, showErrors } from './lib/forms.js';
import { decodeClaims, storeToken } from './lib/session.js';
import { roleHome } from './lib/vocabulary.js';

/** Where to go after signing in: the page that sent the user here, if it is one of ours. */
function destination(claims) {
  const next = new URLSearchParams(location.search).get('next');
  if (next !== null && /^\/app(\/|$|\?)/.test(next)) return next;
  return roleHome(claims.role) ?? '/app';
}

/** Checks the token against the API before keeping it. */
async function signIn(token, form) {
  const field = form.id === 'dev-signin' ? 'user' : 'token';
  const claims = decodeClaims(token);
  if (claims === null || typeof claims.role !== 'string' || typeof claims.agency !== 'string') {
    showErrors(form, {
      errors: [{ path: `body.${field}`, message: 'This is not a OneTeam token (it needs role and agency claims).' }],
    });
    form.querySelector('input, textarea')?.focus();
    return;
  }
  const check = await api('/v1/agencies?kind=ministry', { token });
  if (!check.ok) {
    showErrors(form, {
      errors: [{ path: `body.${field}`, message: check.data?.detail ?? 'The service refused this token.' }],
    });
    form.querySelector('input, textarea')?.focus();
    return;
  }
  storeToken(token);
  setStatus('Signed in.');
  location.assign(destination(claims));
}

onReady(() => {
  const devForm = $('#dev-signin');
  devForm?.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(devForm, async () => {
      const user = $('#handle').value.trim();
      if (user === '') {
        showErrors(devForm, { errors: [{ path: 'body.user', message: 'Enter a user handle.' }] });
        $('#handle').focus();
        return;
      }
      const result = await api('/v1/dev/token', { method: 'POST', body: { user }, token: '' });
      if (!result.ok) {
        const message =
          result.status === 404 ? `There is no user ${user}.` : (result.data?.detail ?? 'Sign-in failed.');
        showErrors(devForm, { errors: [{ path: 'body.user', message }] });
        $('#handle').focus();
        return;
      }
      await signIn(result.data.token, devForm);
    });
  });

  const tokenForm = $('#token-signin');
  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(tokenForm, async () => {
      const token = $('#token')
        .value.trim()
        .replace(/^Bearer\s+/i, '');
      if (token === '') {
        showErrors(tokenForm, { errors: [{ path: 'body.token', message: 'Paste your token.' }] });
        $('#token').focus();
        return;
      }
      await signIn(token, tokenForm);
    });
  });
});

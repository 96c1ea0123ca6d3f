// /app: sends the signed-in user to the page of their role.
import { $, onReady, setStatus } from './lib/dom.js';
import { requireSession } from './lib/session.js';
import { roleHome } from './lib/vocabulary.js';

onReady(() => {
  const session = requireSession();
  if (session === null) return;
  const home = roleHome(session.role);
  if (home !== undefined) {
    location.replace(home);
    return;
  }
  setStatus('');
  $('#no-pages').hidden = false;
});

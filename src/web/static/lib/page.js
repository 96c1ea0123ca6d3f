// Starting a page: the session, the navigation of the user's role, who is signed in, the agencies and
// the viewer's time zone; and refreshing a page's data while it is open.
import { agencyLabel, loadAgencies, zoneOf } from './agencies.js';
import { $ } from './dom.js';
import { requireSession, signOut } from './session.js';
import { word } from './vocabulary.js';

/** Shows the navigation of the user's role and who is signed in. */
function initLayout(session, agencies) {
  const nav = $('#nav');
  for (const item of nav.querySelectorAll('li[data-roles]')) {
    item.hidden = !item.dataset.roles.split(' ').includes(session.role);
  }
  nav.hidden = false;
  $('#who-name').replaceChildren(
    `${word('role', session.role)}, `,
    agencyLabel(agencies, session.agency, { short: true }),
  );
  $('#who').hidden = false;
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

/** The sign-in page: a seeded user handle (development issuer) and/or a pasted issuer token. */
import { html } from '../html.js';
import { field } from '../fields.js';
import { layout, type PageContext } from '../layout.js';

const exampleHandles: Array<[string, string]> = [
  ['KR-43:province_officer', 'Province officer, Chungcheongbuk-do (충청북도)'],
  ['KR-11:province_officer', 'Province officer, Seoul (서울특별시)'],
  ['MOFA:coordinator', 'MOFA coordinator (외교부)'],
  ['MOFA:supervisor', 'MOFA supervisor (외교부)'],
  ['VN-HAN:mission_officer', 'Mission officer, Embassy in Hanoi'],
  ['US-LAX:mission_officer', 'Mission officer, Consulate General in Los Angeles'],
];

export function signInPage({ devAuth }: PageContext): string {
  const tokenForm = html`<form id="token-signin" class="card" novalidate>
    <h2>${devAuth ? 'Or sign in with a token' : 'Sign in with your token'}</h2>
    ${field({
      id: 'token',
      name: 'token',
      label: 'Access token',
      hint: "Paste the token issued by your organisation's sign-in service (a JWT). It is kept in this browser tab only.",
      control: 'textarea',
      required: true,
      rows: 4,
    })}
    <button type="submit">Sign in with token</button>
  </form>`;
  const devForm = html`<form id="dev-signin" class="card" novalidate>
    <h2>Development sign-in</h2>
    <p>This installation is its own token issuer. Enter a seeded user handle: the agency code and the role.</p>
    ${field({
      id: 'handle',
      name: 'user',
      label: 'User handle',
      hint: 'For example KR-43:province_officer, MOFA:coordinator, VN-HAN:mission_officer or MOFA:supervisor.',
      control: 'input',
      required: true,
      maxlength: 200,
      extra: html` list="handles" autocomplete="username" spellcheck="false" autocapitalize="off"`,
    })}
    <datalist id="handles">
      ${exampleHandles.map(([value, label]) => html`<option value="${value}">${label}</option>`)}
    </datalist>
    <button type="submit">Sign in</button>
  </form>`;
  const body = html`<h1>Sign in to OneTeam</h1>
    <p class="lede">
      Requests from Korea's provinces to MOFA and the overseas missions, every stage on an SLA clock.
      <span lang="ko">지방자치단체 – 외교부 – 재외공관 협업 요청</span>
    </p>
    <p id="page-status" role="status" aria-live="polite"></p>
    ${devAuth ? devForm : ''} ${tokenForm}`;
  return layout({ page: 'signin', title: 'Sign in', script: 'signin', body, devAuth });
}

// The signed-in user: a bearer token kept in this browser tab's sessionStorage.

const TOKEN_KEY = 'oneteam.token';

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

export function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY);
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
  const token = storedToken();
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

/**
 * The web console's session: the proxy's session token (a JWT, not the access token) kept in sessionStorage.
 *
 * Why sessionStorage: it lives only as long as this tab, so closing the tab ends the console's login, and other
 * tabs or sites never see it (it is per origin and per tab); a reload keeps it, so F5 does not ask for the token
 * again. Never localStorage (it would outlive the browser session on a shared machine) and never a cookie (the
 * API takes bearer tokens only, so a cookie would add nothing but a CSRF surface). The access token typed into the
 * login form is never stored: it is exchanged for this token at once.
 */
const KEY = 'edgerunner.console.session';

export function storedSessionToken(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: the console still works, the login just does not survive a reload
  }
}

export function storeSessionToken(token: string | null): void {
  try {
    if (token === null) window.sessionStorage.removeItem(KEY);
    else window.sessionStorage.setItem(KEY, token);
  } catch {
    // storage disabled: see above
  }
}

/**
 * The one-time code of the banner's link (`/#launch=<code>`), taken out of the address bar at once so it is not
 * left in the history, a bookmark or a screenshot (it works only once anyway). null when the URL has none.
 */
export function takeLaunchCode(): string | null {
  const match = /^#launch=([A-Za-z0-9_-]{16,128})$/.exec(window.location.hash);
  if (!match) return null;
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return match[1] ?? null;
}

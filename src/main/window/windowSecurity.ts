/**
 * The monitor window's Content-Security-Policy, response headers and navigation rule (Electron's security
 * checklist). Pure data and predicates, unit tested; monitorWindow.ts applies them together with the
 * webPreferences (sandbox, context isolation, no Node), which it spells out at the BrowserWindow call.
 */
import { isRendererUrl } from '../ipc/ipcGuard.js';

/**
 * Only our own files; the renderer talks to main over IPC, and to the local API not at all (connect-src 'self'
 * covers the app:// origin only). No eval, no inline script, no plugins, no framing, no remote anything.
 * Same policy as the renderer's own <meta> CSP (renderer/index.html), plus frame-ancestors, which only a
 * header can carry. React sets styles through the CSSOM, so no 'unsafe-inline' is needed even for styles.
 */
// One literal string, so electronegativity's CSP check can parse it.
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/** In-page navigation (hash routes) stays on our renderer; anything else is refused. */
export function isNavigationAllowed(url: string): boolean {
  return isRendererUrl(url);
}

/** Response headers for every file served to the window. */
export function rendererResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

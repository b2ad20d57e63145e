/**
 * The monitor window's security settings in one place (Electron's security checklist): sandboxed renderer with
 * context isolation and no Node, a strict Content-Security-Policy, no navigation, no new windows, no
 * permissions. Pure data and predicates, unit tested; monitorWindow.ts applies them.
 */
import type { WebPreferences } from 'electron';
import { isRendererUrl } from '../ipc/ipcGuard.js';

/**
 * Only our own files; the renderer talks to main over IPC, and to the local API not at all (connect-src 'self'
 * covers the app:// origin only). No eval, no inline script, no plugins, no framing, no remote anything.
 * 'unsafe-inline' for styles only: React's style attributes need it and styles cannot run code.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

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

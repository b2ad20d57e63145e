/**
 * The window's only way out: an EdgerunnerDesktopApi (src/common/ipc.ts), whichever transport carries it. In the
 * desktop app it is the preload bridge (`window.edgerunner`, over IPC); in a browser it is the web console's
 * implementation over REST + WebSocket (console/browserTransport.ts), installed by main.tsx once logged in.
 * Components call api() and never know which; the few that differ ask transportKind() or browserConsole().
 */
import type { EdgerunnerDesktopApi } from '../../src/common/ipc';
import type { WsClientState } from '../../packages/client/src/index';

export type TransportKind = 'desktop' | 'browser';

/** What only the web console has: its own link to the proxy, and logging out. */
export interface BrowserConsole {
  /** The console's WebSocket to the proxy (not the proxy's to TWS: that is status.gateway.status). */
  linkState(): WsClientState;
  onLinkState(listener: (state: WsClientState) => void): () => void;
  logOut(): void;
}

let installed: { api: EdgerunnerDesktopApi; kind: TransportKind; console: BrowserConsole | null } | null = null;

/** The web console's transport (main.tsx, after login); the desktop bridge needs no installing. */
export function installBrowserTransport(api: EdgerunnerDesktopApi, console: BrowserConsole): void {
  installed = { api, kind: 'browser', console };
}

export function uninstallBrowserTransport(): void {
  installed = null;
}

export function desktopApi(): EdgerunnerDesktopApi | null {
  return window.edgerunner ?? null;
}

/** For components rendered only after main.tsx chose a transport. */
export function api(): EdgerunnerDesktopApi {
  const a = installed?.api ?? window.edgerunner;
  if (!a) throw new Error('No way to reach the proxy: neither the desktop bridge nor a console session is there.');
  return a;
}

export function transportKind(): TransportKind {
  return installed?.kind ?? 'desktop';
}

/** The web console's extras; null in the desktop app. */
export function browserConsole(): BrowserConsole | null {
  return installed?.console ?? null;
}

/** Turns a rejected call into a sentence for the user. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

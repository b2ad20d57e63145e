/**
 * The monitor / settings window: created on demand, hidden (not destroyed) on close so reopening is instant
 * and the tray app keeps running; navigation, new windows and permission requests are all refused.
 */
import { BrowserWindow, type Session } from 'electron';
import { RENDERER_URL } from '../ipc/ipcGuard.js';
import { CONTENT_SECURITY_POLICY, isNavigationAllowed } from './windowSecurity.js';

export interface MonitorWindowOptions {
  preloadPath: string;
  session: Session;
  iconPath?: string;
  /** Set while quitting, so close really closes. */
  isQuitting: () => boolean;
  onRefused: (what: string) => void;
}

/** Session-wide hardening: CSP on every response, and no permission (camera, notifications, ...) for web content. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export class MonitorWindow {
  private win: BrowserWindow | null = null;

  constructor(private readonly o: MonitorWindowOptions) {}

  get webContentsId(): number | null {
    return this.win && !this.win.isDestroyed() ? this.win.webContents.id : null;
  }

  get window(): BrowserWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  /** route: '' for the monitor, 'settings' for the settings page (hash route). */
  show(route: '' | 'settings' = ''): void {
    const win = this.window ?? this.create();
    const url = route ? `${RENDERER_URL}#/${route}` : RENDERER_URL;
    if (win.webContents.getURL() !== url) void win.loadURL(url);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  send(channel: string, payload: unknown): void {
    const win = this.window;
    if (win && !win.webContents.isDestroyed()) win.webContents.send(channel, payload);
  }

  destroy(): void {
    this.window?.destroy();
    this.win = null;
  }

  private create(): BrowserWindow {
    const win = new BrowserWindow({
      width: 1180,
      height: 780,
      minWidth: 820,
      minHeight: 560,
      show: false,
      title: 'Edgerunner IBKR Proxy',
      autoHideMenuBar: true,
      ...(this.o.iconPath ? { icon: this.o.iconPath } : {}),
      // Spelled out here (not spread from a helper) so electronegativity can see every option at the call site.
      webPreferences: {
        preload: this.o.preloadPath,
        session: this.o.session,
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
        // Middle-click must not open links in new windows.
        disableBlinkFeatures: 'Auxclick',
      },
    });
    const wc = win.webContents;
    // The window never opens other windows or external pages (no remote content at all).
    wc.setWindowOpenHandler(({ url }) => {
      this.o.onRefused(`window.open(${url})`);
      return { action: 'deny' };
    });
    const guard = (event: { preventDefault(): void }, url: string) => {
      if (!isNavigationAllowed(url)) {
        event.preventDefault();
        this.o.onRefused(`navigation to ${url}`);
      }
    };
    wc.on('will-navigate', (e) => guard(e, e.url));
    wc.on('will-frame-navigate', (e) => guard(e, e.url));
    wc.on('will-redirect', (e) => guard(e, e.url));
    wc.on('will-attach-webview', (e) => {
      e.preventDefault();
      this.o.onRefused('webview');
    });
    win.on('close', (e) => {
      if (this.o.isQuitting()) return;
      e.preventDefault();
      win.hide();
    });
    win.on('closed', () => (this.win = null));
    this.win = win;
    return win;
  }
}

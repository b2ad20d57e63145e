/**
 * A recording stand-in for the parts of the `electron` module that src/main uses, so main.ts's wiring can run
 * under Node (the real binary is not available on every build machine). It draws nothing; it records what the
 * shell asked for (tray images, tooltips, menus, IPC handlers, windows, dialogs) and lets the test play the user.
 * This proves the wiring, not Electron itself: test/e2e-electron does that where a binary exists.
 */
import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions } from 'electron';

type Handler = (event: unknown, payload: unknown) => unknown;

export const recorded = {
  handlers: new Map<string, Handler>(),
  listeners: new Map<string, Handler>(),
  trays: [] as FakeTray[],
  windows: [] as FakeBrowserWindow[],
  dialogs: [] as unknown[],
  clipboard: [] as string[],
  loginItems: [] as unknown[],
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, (req: { url: string; method: string }) => Promise<Response>>(),
  notifications: [] as { title: string; body: string }[],
  quitted: false,
  exitCode: null as number | null,
};

let nextId = 1;
let userData = '/tmp/fake-electron-user-data';
const paths: Record<string, string> = {};

class FakeApp extends EventEmitter {
  isPackaged = false;
  dock = { hide: () => {} };
  private ready = Promise.resolve();
  whenReady() {
    return this.ready;
  }
  requestSingleInstanceLock() {
    return true;
  }
  setPath(name: string, value: string) {
    if (name === 'userData') userData = value;
    paths[name] = value;
  }
  getPath(name: string) {
    if (name === 'userData') return userData;
    if (name === 'logs') return `${userData}/logs`;
    return paths[name] ?? userData;
  }
  getVersion() {
    return '0.1.0-test';
  }
  getAppPath() {
    return process.cwd();
  }
  setLoginItemSettings(s: unknown) {
    recorded.loginItems.push(s);
  }
  getLoginItemSettings() {
    return { openAtLogin: false, wasOpenedAtLogin: false };
  }
  quit() {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) recorded.quitted = true;
  }
  exit(code: number) {
    recorded.exitCode = code;
  }
}
export const app = new FakeApp();

export class FakeTray extends EventEmitter {
  image: unknown;
  tooltip = '';
  menu: MenuItemConstructorOptions[] = [];
  constructor(image: unknown) {
    super();
    this.image = image;
    recorded.trays.push(this);
  }
  setImage(i: unknown) {
    this.image = i;
  }
  setToolTip(t: string) {
    this.tooltip = t;
  }
  setContextMenu(m: { template: MenuItemConstructorOptions[] }) {
    this.menu = m.template;
  }
  destroy() {}
}

class FakeWebContents extends EventEmitter {
  id = nextId++;
  url = '';
  sent: [string, unknown][] = [];
  setWindowOpenHandler() {}
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return false;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  webContents = new FakeWebContents();
  visible = false;
  options: unknown;
  constructor(options: unknown) {
    super();
    this.options = options;
    recorded.windows.push(this);
  }
  async loadURL(url: string) {
    this.webContents.url = url;
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  destroy() {}
}

export const ipcMain = {
  handle: (channel: string, fn: Handler) => recorded.handlers.set(channel, fn),
  removeHandler: (channel: string) => recorded.handlers.delete(channel),
  on: (channel: string, fn: Handler) => recorded.listeners.set(channel, fn),
  off: (channel: string) => recorded.listeners.delete(channel),
};

export const Menu = { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) };
export const nativeImage = { createFromPath: (p: string) => ({ path: p, setTemplateImage: () => {} }) };
export const clipboard = { writeText: (t: string) => recorded.clipboard.push(t) };
export const shell = { openPath: async () => '' };
export const dialog = {
  showMessageBox: async (o: unknown) => {
    recorded.dialogs.push(o);
    return { response: 0 };
  },
};
/** No keyring (like a bare Linux CI box): exercises the session-only path. */
export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (s: string) => Buffer.from(s),
  decryptString: (b: Buffer) => b.toString(),
  getSelectedStorageBackend: () => 'basic_text',
};
export const protocol = { registerSchemesAsPrivileged: (s: unknown) => recorded.schemes.push(s) };
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: () => {} },
    setPermissionRequestHandler: () => {},
    setPermissionCheckHandler: () => {},
    protocol: { handle: (scheme: string, fn: (req: { url: string; method: string }) => Promise<Response>) => recorded.protocolHandlers.set(scheme, fn) },
  },
};
export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(private readonly o: { title: string; body: string }) {
    super();
  }
  show() {
    recorded.notifications.push({ title: this.o.title, body: this.o.body });
  }
}

export const BrowserWindow = FakeBrowserWindow;
export const Tray = FakeTray;
export default { app, BrowserWindow, Tray, Menu, nativeImage, clipboard, shell, dialog, safeStorage, protocol, session, ipcMain, Notification };

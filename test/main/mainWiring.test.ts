/**
 * main.ts, the Electron wiring, run under Node against a recording fake of the `electron` module
 * (fakeElectron.ts) and the real core in demo mode: the tray comes up connected, the window is created sandboxed
 * on app://renderer/, IPC handlers enforce the sender check and the schemas, tray clicks reach the core, and
 * Quit runs the graceful shutdown. Electron itself is exercised by test/e2e-electron where a binary exists.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { ProxyStatus } from '../../src/common/ipc.js';

vi.mock('electron', () => import('./fakeElectron.js'));
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor(o: { cwd: string; name: string }) {
        super({ cwd: o.cwd, configName: o.name });
      }
    },
  };
});

const { recorded } = await import('./fakeElectron.js');
let userData: string;

async function until<T>(fn: () => T | undefined | false, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const tray = () => recorded.trays[0]!;
const click = (label: RegExp) => {
  const item = tray().menu.find((i: MenuItemConstructorOptions) => typeof i.label === 'string' && label.test(i.label));
  if (!item?.click) throw new Error(`no clickable tray item ${label}`);
  (item.click as () => void)();
};
const win = () => recorded.windows[0]!;
const fromWindow = (frameUrl = 'app://renderer/index.html', id = win().webContents.id) => ({ sender: { id }, senderFrame: { url: frameUrl, parent: null } });
const invoke = (channel: string, event: unknown, payload?: unknown) => Promise.resolve(recorded.handlers.get(channel)!(event, payload));

beforeAll(async () => {
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'er-main-'));
  fs.writeFileSync(path.join(userData, 'settings.json'), JSON.stringify({ schemaVersion: 1, settings: { server: { port: 0 }, logging: { level: 'warn' } } }));
  (process as { resourcesPath?: string }).resourcesPath = userData;
  process.argv.push('--demo', `--user-data-dir=${userData}`, '--show-monitor');
  await import('../../src/main/main.js');
  await until(() => tray()?.tooltip.includes('Connected'), 'the tray to say Connected');
}, 30_000);

afterAll(async () => {
  if (!recorded.quitted) {
    const { app } = await import('./fakeElectron.js');
    app.quit();
    await until(() => recorded.quitted, 'quit', 15_000).catch(() => {});
  }
  fs.rmSync(userData, { recursive: true, force: true });
});

describe('main.ts wiring (fake Electron, real core in demo mode)', () => {
  it('registers the privileged app:// scheme and shows the tray, connected, with a tooltip and a menu', () => {
    expect(JSON.stringify(recorded.schemes)).toContain('"scheme":"app"');
    expect(tray().tooltip).toMatch(/^Edgerunner IBKR Proxy: Connected\nDemo \(simulator\) · \S+/);
    expect((tray().image as { path: string }).path).toMatch(/build[/\\]tray[/\\]tray-connected(Template)?\.png$/);
    expect(tray().menu.map((i) => i.label).filter(Boolean)).toEqual(expect.arrayContaining(['Disconnect', 'Open monitor', 'Copy access token', 'Cancel all orders and block trading']));
  });

  it('opens the monitor sandboxed on app://renderer/', () => {
    expect(win().webContents.url).toBe('app://renderer/index.html');
    expect(win().options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true } });
    expect(win().visible).toBe(true);
  });

  it('answers IPC from our window, refuses other senders and bad payloads', async () => {
    const status = (await invoke('status:get', fromWindow())) as ProxyStatus;
    expect(status).toMatchObject({ appMode: 'demo', gateway: { status: 'connected' } });
    // The fake safeStorage reports basic_text (no keyring): said so, secrets kept for this session only.
    expect(status.secretStorage).toMatchObject({ available: false, backend: 'basic_text' });
    await expect(invoke('status:get', fromWindow('app://renderer/index.html', 9_999))).rejects.toThrow(/unknown window/);
    await expect(invoke('status:get', fromWindow('https://evil.example/'))).rejects.toThrow(/unexpected page/);
    await expect(invoke('gateway:set-mode', fromWindow(), { mode: 'yolo' })).rejects.toThrow(/Invalid gateway:set-mode request/);
  });

  it('serves only renderer files on app://', async () => {
    const handler = recorded.protocolHandlers.get('app')!;
    expect((await handler({ url: 'app://renderer/x%2f..%2f..%2fpackage.json', method: 'GET' })).status).toBe(404);
    expect((await handler({ url: 'app://renderer/index.html', method: 'POST' })).status).toBe(404);
  });

  const rendererIndex = path.join(process.cwd(), 'dist-renderer', 'index.html');
  const rendererBuilt = fs.existsSync(rendererIndex);
  if (!rendererBuilt) console.warn('[mainWiring] renderer serving check skipped: dist-renderer/index.html missing (npm run build:renderer)');
  it.skipIf(!rendererBuilt)('serves the built renderer and every asset it references, with the CSP header', async () => {
    const handler = recorded.protocolHandlers.get('app')!;
    const index = await handler({ url: 'app://renderer/index.html', method: 'GET' });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    const refs = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const res = await handler({ url: new URL(ref, 'app://renderer/index.html').toString(), method: 'GET' });
      expect(res.status, ref).toBe(200);
    }
  });

  it('tray clicks reach the core: copy token, disconnect, connect', async () => {
    click(/^Copy access token$/);
    await until(() => recorded.clipboard.length > 0, 'the token on the clipboard');
    expect(recorded.clipboard[0]).toMatch(/.{16,}/);
    click(/^Disconnect$/);
    await until(() => tray().tooltip.includes('Disconnected'), 'the tray to say Disconnected');
    click(/^Connect$/);
    await until(() => tray().tooltip.includes('Connected'), 'the tray to say Connected again');
    // The user's own disconnect is not announced as a lost connection.
    expect(recorded.notifications.filter((n) => /lost/.test(n.title))).toEqual([]);
  });

  it('Quit runs the graceful shutdown, then really quits', async () => {
    click(/^Quit/);
    await until(() => recorded.quitted, 'the app to quit after shutdown');
    expect(recorded.exitCode).toBeNull();
  });
});

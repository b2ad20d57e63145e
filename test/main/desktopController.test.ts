/**
 * The desktop controller with the REAL core (ProxyApp, GatewayService, API server) against the built-in TWS
 * simulator, under Node: what the tray and the window do, minus the Electron drawing. Shell and updater are
 * fakes that record what the app asked the OS to do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { ProxyStatus, UpdateStatus } from '../../src/common/ipc.js';
import { AesGcmCipher } from '../../src/core/secrets/index.js';
import { createSilentLogger } from '../../src/core/logging/index.js';
import { DesktopController, type ShellPorts, type UpdatesPort } from '../../src/main/app/desktopController.js';
import { createDesktopCore } from '../../src/main/app/desktopCore.js';
import { DesktopSettingsStore } from '../../src/main/settings/desktopSettingsStore.js';
import { initialUpdateStatus } from '../../src/main/updates/updateStatus.js';
import { TwsSimulator } from '../../src/simulator/index.js';
import { tradingClock } from '../support/tradingClock.js';

let dir: string;
const cipher = new AesGcmCipher('test passphrase, long enough');
const clipboard: string[] = [];
const loginItems: boolean[] = [];
const shell: ShellPorts = {
  writeClipboard: (t) => clipboard.push(t),
  openPath: async () => '',
  setStartAtLogin: (on) => loginItems.push(on),
  notify: () => {},
  logsDir: '/tmp',
};
const updates: UpdatesPort = {
  status: (): UpdateStatus => initialUpdateStatus('0.1.0', 'Updates work only in the installed app (this is a development build).'),
  check: async () => updates.status(),
  restartToUpdate: () => ({ ok: false, error: 'no update' }),
  setAutomatic: () => {},
  onChange: () => {},
};

function launch() {
  const file = path.join(dir, 'settings.json');
  const settings = DesktopSettingsStore.open(file, () => new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings' }));
  const logger = createSilentLogger('info');
  const core = createDesktopCore({ mode: 'demo', dataDir: dir, logger, cipher, version: '0.1.0', consoleDir: path.join(dir, 'no-console') });
  const controller = new DesktopController({
    appMode: 'demo',
    version: '0.1.0',
    settings,
    logger,
    startCore: core.startCore,
    shell,
    updates,
    secretStorage: { available: true, backend: 'test', warning: null },
  });
  return { controller, settings, cleanup: async () => { await controller.stop(); await core.cleanup(); } };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'er-desktop-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('desktop controller on the real core (demo mode, simulator)', () => {
  it('starts connected in demo, disconnects and reconnects, blocks trading, keeps a setting across a restart', async () => {
    const first = launch();
    // Port 0: never collide with a proxy already on 3001 (the setting is saved and validated like any other).
    const initial = first.settings.get();
    first.settings.save({ ...initial, server: { ...initial.server, port: 0 } });
    await first.controller.start();
    try {
      let s: ProxyStatus = await first.controller.invoke('status:get', undefined);
      expect(s).toMatchObject({ appMode: 'demo', displayMode: 'demo', server: { listening: true } });
      expect(s.gateway.status).toBe('connected');
      expect(s.gateway.accounts.length).toBeGreaterThan(0);

      expect(await first.controller.invoke('gateway:disconnect', undefined)).toEqual({ ok: true });
      expect((await first.controller.invoke('status:get', undefined)).gateway.status).toBe('disconnected');
      expect(await first.controller.invoke('gateway:connect', undefined)).toEqual({ ok: true });
      expect((await first.controller.invoke('status:get', undefined)).gateway.status).toBe('connected');

      // Demo has no live account to switch to: say so instead of doing something surprising.
      expect(await first.controller.invoke('gateway:set-mode', { mode: 'live' })).toMatchObject({ ok: false });

      expect(await first.controller.invoke('trading:kill-switch', { active: true })).toMatchObject({ ok: true, tradingBlocked: true });
      expect((await first.controller.invoke('status:get', undefined)).gateway.tradingBlocked).toBe(true);
      expect(await first.controller.invoke('trading:kill-switch', { active: false })).toMatchObject({ ok: true, tradingBlocked: false });
      // The tray's kill switch takes the same journaled path as the REST route: both actions are on disk.
      const journalFile = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('orders-journal.jsonl'));
      expect(journalFile).toBeDefined();
      const entries = fs.readFileSync(path.join(dir, journalFile!), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; source?: string });
      expect(entries.filter((e) => e.source === 'desktop').map((e) => e.event)).toEqual(['cancel_all', 'trading_enabled']);

      // The access token is kept (encrypted) so the window can show and copy it.
      const token = await first.controller.invoke('auth:get-access-token', undefined);
      expect(token.token).toMatch(/.{16,}/);
      expect(await first.controller.invoke('auth:copy-access-token', undefined)).toEqual({ ok: true });
      expect(clipboard.at(-1)).toBe(token.token);

      // An invalid setting is refused with the core's words; a valid one is saved and applied.
      const bad = await first.controller.invoke('settings:save', { settings: { ...first.settings.get(), server: { ...first.settings.get().server, port: 99999 } } });
      expect(bad).toMatchObject({ status: 'invalid', issues: [{ path: 'server.port' }] });
      const snap = await first.controller.invoke('settings:get', undefined);
      const next = structuredClone(snap.settings) as { notifications: { fills: boolean }; startup: { startAtLogin: boolean } };
      next.notifications.fills = false;
      next.startup.startAtLogin = true;
      expect(await first.controller.invoke('settings:save', { settings: next })).toMatchObject({ status: 'saved', restarted: [] });
      expect(loginItems).toEqual([true]);
      s = await first.controller.invoke('status:get', undefined);
      expect(s.update.state).toBe('disabled');
    } finally {
      await first.cleanup();
    }

    const second = launch();
    await second.controller.start();
    try {
      expect(second.settings.get().notifications.fills).toBe(false);
      expect((await second.controller.invoke('status:get', undefined)).gateway.status).toBe('connected');
    } finally {
      await second.cleanup();
    }
  });

  it('pushes the status once per answered heartbeat, not once per tick of the message counters', async () => {
    const app = launch();
    const cur = app.settings.get();
    // The shortest heartbeat the settings allow, so a few of them pass quickly.
    app.settings.save({ ...cur, ibkr: { ...cur.ibkr, heartbeatIntervalMs: 1_000, heartbeatTimeoutMs: 10_000 } });
    const pushes: ProxyStatus[] = [];
    app.controller.on('status', (s) => pushes.push(s));
    await app.controller.start();
    try {
      const beats = () => new Set(pushes.map((p) => p.gateway.lastHeartbeat).filter((h) => h !== null));
      const deadline = Date.now() + 15_000;
      while (beats().size < 3) {
        if (Date.now() > deadline) throw new Error(`only ${beats().size} heartbeat(s) pushed: ${JSON.stringify(pushes.map((p) => p.gateway.lastHeartbeat))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      // Each push differs from the one before in something visible: no push per second for counters alone.
      for (let i = 1; i < pushes.length; i++) {
        const strip = (p: ProxyStatus) => JSON.stringify({ ...p, gateway: { ...p.gateway, messagesIn: 0, messagesOut: 0 } });
        expect(strip(pushes[i]!), `push ${i}`).not.toBe(strip(pushes[i - 1]!));
      }
      // And the pushed heartbeat is what the status says now (the window needs no poll to stay current).
      await vi.waitFor(
        async () => expect(pushes.at(-1)!.gateway.lastHeartbeat).toBe((await app.controller.invoke('status:get', undefined)).gateway.lastHeartbeat),
        { timeout: 3_000, interval: 50 },
      );
    } finally {
      await app.cleanup();
    }
  });

  it('desktop mode: the live/paper switch, live settings changes and recent IB errors reach the gateway', async () => {
    // A normal desktop app whose live and paper profiles both point at a simulator the test owns.
    const sim = new TwsSimulator({ clock: tradingClock(), seed: 3, accounts: ['DU555'] });
    const simPort = await sim.start(0, '127.0.0.1');
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'er-desktop-mode-'));
    const settings = DesktopSettingsStore.open(path.join(own, 'settings.json'), () => new Conf<Record<string, unknown>>({ cwd: own, configName: 'settings' }));
    const init = settings.get();
    const profile = { host: '127.0.0.1', port: simPort, clientId: 1 };
    settings.save({ ...init, server: { ...init.server, port: 0 }, ibkr: { ...init.ibkr, paper: profile, live: profile } });
    const logger = createSilentLogger('info');
    const core = createDesktopCore({ mode: 'desktop', dataDir: own, logger, cipher, version: '0.1.0', consoleDir: path.join(own, 'no-console') });
    const controller = new DesktopController({ appMode: 'desktop', version: '0.1.0', settings, logger, startCore: core.startCore, shell, updates, secretStorage: { available: true, backend: 'test', warning: null } });
    await controller.start();
    try {
      await vi.waitFor(() => expect(controller.status().gateway.status).toBe('connected'), { timeout: 15_000 });
      expect(await controller.invoke('gateway:set-mode', { mode: 'live' })).toEqual({ ok: true });
      expect(controller.status().gateway.mode).toBe('live');
      expect(settings.get().ibkr.mode).toBe('live');

      const cur = settings.get();
      const saved = await controller.invoke('settings:save', { settings: { ...cur, marketData: { ...cur.marketData, lineBudget: 42 } } });
      expect(saved).toMatchObject({ status: 'saved', restarted: [] });
      expect(controller.status().gateway.lineBudget).toBe(42);

      // TWS greets every connection with farm-status codes (2104, 2106...): the gateway's list, not an empty stand-in.
      await vi.waitFor(async () => expect(await controller.invoke('errors:recent', { limit: 2 })).toHaveLength(2), { timeout: 10_000 });
      expect(await controller.invoke('errors:recent', { limit: 2 })).toEqual(controller.proxy!.gateway!.recentErrors(2));
    } finally {
      await controller.stop();
      await core.cleanup();
      await sim.stop();
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  it('the clients list shows each connected frontend\'s origin (null for a non-browser client)', async () => {
    const app = launch();
    const cur = app.settings.get();
    app.settings.save({ ...cur, server: { ...cur.server, port: 0 } });
    await app.controller.start();
    const sockets: WebSocket[] = [];
    try {
      const { port } = (await app.controller.invoke('status:get', undefined)).server;
      const open = (headers: Record<string, string>) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
          sockets.push(ws);
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        });
      await open({ Origin: 'http://localhost:5173' });
      await open({});
      await vi.waitFor(async () => expect(await app.controller.invoke('clients:list', undefined)).toHaveLength(2), { timeout: 5_000 });
      const origins = (await app.controller.invoke('clients:list', undefined)).map((c) => c.origin);
      expect(origins.sort()).toEqual(['http://localhost:5173', null].sort());
    } finally {
      for (const ws of sockets) ws.terminate();
      await app.cleanup();
    }
  });

  it('asks before a change that restarts the local API server, then restarts it', async () => {
    const app = launch();
    await app.controller.start();
    try {
      const cur = app.settings.get();
      const changed = { ...cur, server: { ...cur.server, maxConnections: 7 } };
      const ask = await app.controller.invoke('settings:save', { settings: changed });
      expect(ask).toMatchObject({ status: 'needs-confirmation' });
      expect(app.settings.get().server.maxConnections).toBe(cur.server.maxConnections);
      expect(await app.controller.invoke('settings:save', { settings: changed, confirmServerRestart: true })).toMatchObject({ status: 'saved', restarted: ['server'] });
      expect((await app.controller.invoke('status:get', undefined)).server.listening).toBe(true);
    } finally {
      await app.cleanup();
    }
  });
});

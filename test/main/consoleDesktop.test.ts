/**
 * The web console in the desktop app: the DesktopController is the console's host, so the proxy's own page at
 * http://127.0.0.1:<port>/ gets the window's answers over REST and WebSocket (settings saved and applied, the
 * live / paper switch), on the REAL core against the TWS simulator, under Node (no Electron).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../src/common/ipc.js';
import { DEMO_HAS_NO_ACCOUNTS, FAULTS_ONLY_IN_DEMO } from '../../src/core/console/modeRefusals.js';
import { createSilentLogger } from '../../src/core/logging/index.js';
import { AesGcmCipher } from '../../src/core/secrets/index.js';
import { DesktopController, type ShellPorts, type UpdatesPort } from '../../src/main/app/desktopController.js';
import { createDesktopCore } from '../../src/main/app/desktopCore.js';
import { DesktopSettingsStore } from '../../src/main/settings/desktopSettingsStore.js';
import { initialUpdateStatus } from '../../src/main/updates/updateStatus.js';
import { TwsSimulator } from '../../src/simulator/index.js';
import { httpClient, TestWs } from '../core/api/harness.js';
import { tradingClock } from '../support/tradingClock.js';

const cipher = new AesGcmCipher('console desktop test passphrase');
const shell: ShellPorts = { writeClipboard: () => {}, openPath: async () => '', setStartAtLogin: () => {}, notify: () => {}, logsDir: os.tmpdir() };
const updates: UpdatesPort = {
  status: (): UpdateStatus => initialUpdateStatus('0.1.0', 'Updates work only in the installed app (this is a development build).'),
  check: async () => updates.status(),
  restartToUpdate: () => ({ ok: false, error: 'no update' }),
  setAutomatic: () => {},
  onChange: () => {},
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A desktop app (or its demo) with the API on a free port; desktop mode's profiles point at `simPort`. */
async function desktopApp(appMode: 'desktop' | 'demo', simPort = 0) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'er-console-desktop-'));
  dirs.push(dir);
  const settings = DesktopSettingsStore.open(path.join(dir, 'settings.json'), () => new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings' }));
  const init = settings.get();
  const profile = { host: '127.0.0.1', port: simPort, clientId: 4 };
  settings.save({ ...init, server: { ...init.server, port: 0 }, ...(appMode === 'desktop' ? { ibkr: { ...init.ibkr, paper: profile, live: profile } } : {}) });
  const logger = createSilentLogger('info');
  const core = createDesktopCore({ mode: appMode, dataDir: dir, logger, cipher, version: '0.1.0', consoleDir: path.join(dir, 'no-console') });
  const controller = new DesktopController({
    appMode,
    version: '0.1.0',
    settings,
    logger,
    startCore: core.startCore,
    ...(core.faults ? { faults: core.faults } : {}),
    shell,
    updates,
    secretStorage: { available: true, backend: 'test', warning: null },
  });
  await controller.start();
  await vi.waitFor(() => expect(controller.status().gateway.status).toBe('connected'), { timeout: 15_000 });
  const url = () => controller.status().server.url;
  const http: ReturnType<typeof httpClient> = (method, p, o) => httpClient(url())(method, p, o);
  const login = async () => {
    const { username, token } = controller.accessToken();
    const r = await http('POST', '/api/auth/login', { body: { username, password: token } });
    expect(r.status).toBe(200);
    return r.json.token as string;
  };
  return { controller, settings, http, url, login, stop: async () => { await controller.stop(); await core.cleanup(); } };
}

describe('the web console hosted by the desktop app', () => {
  let sim: TwsSimulator;
  let d: Awaited<ReturnType<typeof desktopApp>>;
  let token = '';
  beforeAll(async () => {
    sim = new TwsSimulator({ clock: tradingClock(), seed: 5, accounts: ['DU777'] });
    d = await desktopApp('desktop', await sim.start(0, '127.0.0.1'));
    token = await d.login();
  });
  afterAll(async () => {
    await d.stop();
    await sim.stop();
  });

  it("answers with the window's status: desktop, everything allowed but the demo's simulator faults", async () => {
    const r = await d.http('GET', '/api/admin/status', { token });
    expect(r.json.status).toMatchObject({ appMode: 'desktop', gateway: { status: 'connected' }, abilities: { settingsReadOnly: null, modeSwitchRefused: null, simulatorFaults: false } });
    const fault = await d.http('POST', '/api/admin/demo/faults', { token, body: { fault: 'ib-servers-lost' } });
    expect(fault.status).toBe(409);
    expect(fault.json.message).toBe(FAULTS_ONLY_IN_DEMO);
    // The window can show the stored access token; the web console never gets it.
    expect(d.controller.accessToken().token).toBeTruthy();
    expect((await d.http('GET', '/api/admin/access-token', { token })).json.accessToken.token).toBeNull();
  });

  it('saves settings through the controller: applied to the gateway and kept in the settings file; invalid ones are a 400', async () => {
    const read = await d.http('GET', '/api/admin/settings', { token });
    expect(read.json.filePath).toBe(d.settings.filePath);
    const next = { ...read.json.settings, marketData: { ...read.json.settings.marketData, lineBudget: 42 } };
    const saved = await d.http('PUT', '/api/admin/settings', { token, body: { settings: next } });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ success: true, restarted: [] });
    expect(d.settings.get().marketData.lineBudget).toBe(42);
    expect(d.controller.status().gateway.lineBudget).toBe(42);

    const bad = { ...next, server: { ...next.server, port: 70_000 } };
    const invalid = await d.http('PUT', '/api/admin/settings', { token, body: { settings: bad } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.message).toMatch(/^Not saved: .*server\.port/);
    expect(invalid.json.issues[0].path).toBe('server.port');
  });

  it('switches between the live and paper profiles', async () => {
    const r = await d.http('PUT', '/api/admin/tws/mode', { token, body: { mode: 'live' } });
    expect(r.json).toEqual({ success: true, message: 'Switched to the live profile' });
    expect(d.settings.get().ibkr.mode).toBe('live');
    expect((await d.http('GET', '/api/admin/status', { token })).json.status.gateway.mode).toBe('live');
    expect((await d.http('PUT', '/api/admin/tws/mode', { token, body: { mode: 'paper' } })).status).toBe(200);
  });

  it('the kill switch through REST is the desktop\'s kill switch; the console pushes come from the controller', async () => {
    const ws = await TestWs.open(`${d.url().replace('http', 'ws')}/ws`);
    try {
      await ws.authenticate(token);
      await ws.request('set_options', { consoleEvents: true });
      await ws.waitFor((f) => f.type === 'trafficSample');
      expect((await d.http('POST', '/api/orders/cancel-all', { token })).json.tradingBlocked).toBe(true);
      expect(d.controller.status().gateway.tradingBlocked).toBe(true);
      const pushed = await ws.waitFor((f) => f.type === 'consoleStatus' && f.payload.gateway.tradingBlocked === true);
      expect(pushed.payload.appMode).toBe('desktop');
      expect((await d.http('POST', '/api/trading/enable', { token })).json.tradingBlocked).toBe(false);
    } finally {
      ws.terminate();
    }
  });

  it('a change that restarts the API server needs confirming, then answers before the server restarts', async () => {
    const read = (await d.http('GET', '/api/admin/settings', { token })).json.settings;
    const next = { ...read, auth: { ...read.auth, jwtExpiresIn: '8h' } };
    const unconfirmed = await d.http('PUT', '/api/admin/settings', { token, body: { settings: next } });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.json.message).toMatch(/restarts the local API server/);
    const before = d.url();
    const confirmed = await d.http('PUT', '/api/admin/settings', { token, body: { settings: next, confirmServerRestart: true } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.restarted).toEqual(['server']);
    // Port 0: the restarted server listens on a new free port, with the saved setting.
    await vi.waitFor(() => expect(d.controller.proxy?.running && d.url() !== before).toBe(true), { timeout: 15_000 });
    expect(d.settings.get().auth.jwtExpiresIn).toBe('8h');
    expect((await d.http('GET', '/health')).status).toBe(200);
  });
});

describe("the web console hosted by the desktop app's demo", () => {
  it("sets off the demo simulator's faults: IBKR's servers lost (1100) reaches the gateway, then back", async () => {
    const d = await desktopApp('demo');
    try {
      const token = await d.login();
      expect((await d.http('GET', '/api/admin/status', { token })).json.status.abilities).toMatchObject({ simulatorFaults: true });
      const lost = await d.http('POST', '/api/admin/demo/faults', { token, body: { fault: 'ib-servers-lost' } });
      expect(lost.json).toEqual({ success: true, message: 'Simulator: Lose IBKR servers (1100)' });
      await vi.waitFor(() => expect(d.controller.status().gateway.session.connectivity).toBe('lost'), { timeout: 10_000 });
      // The window's own path (IPC → controller) sets them off the same way.
      expect(await d.controller.invoke('demo:simulate-fault', { fault: 'ib-servers-back' })).toEqual({ ok: true });
      await vi.waitFor(() => expect(d.controller.status().gateway.session.connectivity).not.toBe('lost'), { timeout: 10_000 });
    } finally {
      await d.stop();
    }
  });

  it('refuses the live / paper switch with the demo\'s sentence, and saves settings', async () => {
    const d = await desktopApp('demo');
    try {
      const token = await d.login();
      const r = await d.http('PUT', '/api/admin/tws/mode', { token, body: { mode: 'live' } });
      expect(r.status).toBe(409);
      expect(r.json.message).toBe(DEMO_HAS_NO_ACCOUNTS);
      expect((await d.http('GET', '/api/admin/status', { token })).json.status).toMatchObject({ appMode: 'demo', displayMode: 'demo' });
      const read = (await d.http('GET', '/api/admin/settings', { token })).json.settings;
      const saved = await d.http('PUT', '/api/admin/settings', { token, body: { settings: { ...read, logging: { ...read.logging, level: 'debug' } } } });
      expect(saved.status).toBe(200);
      expect(d.settings.get().logging.level).toBe('debug');
    } finally {
      await d.stop();
    }
  });
});

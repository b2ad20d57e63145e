/**
 * The desktop app minus Electron, for the renderer tests: D's DesktopController (src/main/app, plain Node) over
 * the REAL core (ProxyApp: gateway service, local API server, auth, orders journal) in demo mode, with the
 * settings in D's DesktopSettingsStore on a temp folder, against a TWS simulator this harness owns (so a test
 * can restart it). Only the OS-facing ports (clipboard, notifications, updater) are stand-ins.
 *
 *   const h = await DesktopHarness.start();
 *   await h.attach(page);                // window.edgerunner in the page, pushes forwarded
 *   const jwt = await h.login();         // the access token, as a frontend would type it
 *   await h.close();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import WebSocket from 'ws';
import type { Page } from 'playwright-core';
import type { EventChannel, UpdateStatus } from '../../src/common/ipc.js';
import { EVENTS } from '../../src/common/ipc.js';
import { ProxyApp } from '../../src/core/app.js';
import { GatewayService } from '../../src/core/gateway/index.js';
import { createLogger, type Logger } from '../../src/core/logging/index.js';
import { AesGcmCipher } from '../../src/core/secrets/index.js';
import { DesktopController, type CoreFactory, type DesktopEvents, type ShellPorts, type UpdatesPort } from '../../src/main/app/desktopController.js';
import { demoSettings, type Settings } from '../../src/core/config/index.js';
import { isInvokeChannel, validateInvokePayload, validateSendPayload } from '../../src/main/ipc/ipcGuard.js';
import { DesktopSettingsStore } from '../../src/main/settings/desktopSettingsStore.js';
import { initialUpdateStatus } from '../../src/main/updates/updateStatus.js';
import { DEMO_RESTART_DOWN_MS } from '../../src/common/demoFaults.js';
import { TwsSimulator, setOffNamedFault, type AutoRestartOptions, type SimulatedClock } from '../../src/simulator/index.js';
import { installBridge, type BridgeBackend } from './bridge.js';
import { tradingClock } from '../support/tradingClock.js';

export const SIM_ACCOUNT = 'DU7654321';
const VERSION = '0.1.0';

const EVENT_CHANNELS: Record<keyof DesktopEvents, EventChannel> = {
  status: EVENTS.status,
  traffic: EVENTS.traffic,
  log: EVENTS.log,
  order: EVENTS.order,
  ibError: EVENTS.ibError,
  updateStatus: EVENTS.updateStatus,
};

export interface HarnessOptions {
  /**
   * 'demo' (default): D's demo wiring, paper profile forced onto the simulator. 'desktop': a normal desktop app
   * whose live AND paper profiles are stored pointing at the simulator, so the Live switch works.
   */
  appMode?: 'demo' | 'desktop';
  /** The clock TWS (the simulator) and the proxy share; default a weekday trading instant running in real time. */
  clock?: SimulatedClock;
  autoRestart?: AutoRestartOptions;
  /** TWS's day as told in the settings (restart time, zone…). */
  session?: Partial<Settings['ibkr']['session']>;
  /** The built renderer, served by the core as the web console on its own origin (the console's desktop test). */
  consoleDir?: string;
}

export class DesktopHarness {
  private readonly sockets: WebSocket[] = [];

  private constructor(
    /** What the window asked main to copy (the clipboard port). */
    readonly clipboard: string[],
    readonly dir: string,
    readonly sim: TwsSimulator,
    readonly settings: DesktopSettingsStore,
    readonly controller: DesktopController,
    readonly logger: Logger,
  ) {}

  static async start(opts: HarnessOptions = {}): Promise<DesktopHarness> {
    const appMode = opts.appMode ?? 'demo';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-window-'));
    // One clock for TWS and the proxy: the session-day tests move it to TWS's restart time.
    const clock = opts.clock ?? tradingClock();
    const sim = new TwsSimulator({ clock, seed: 11, accounts: [SIM_ACCOUNT], ...(opts.autoRestart ? { autoRestart: opts.autoRestart } : {}) });
    const simPort = await sim.start(0, '127.0.0.1');
    const settings = DesktopSettingsStore.open(path.join(dir, 'settings.json'), () => new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings' }));
    const initial = settings.get();
    // Port 0: never collide with a proxy on 3001. Fast reconnects keep the restart test short; a 2 s heartbeat
    // lets the monitor test watch "last heartbeat" move.
    const simProfile = { host: '127.0.0.1', port: simPort, clientId: 1 };
    settings.save({
      ...initial,
      server: { ...initial.server, port: 0 },
      ibkr: {
        ...initial.ibkr,
        reconnect: { initialDelayMs: 300, maxDelayMs: 2_000 },
        heartbeatIntervalMs: 2_000,
        ...(opts.session ? { session: { ...initial.ibkr.session, ...opts.session } } : {}),
        ...(appMode === 'desktop' ? { paper: simProfile, live: simProfile } : {}),
      },
    });
    const logger = createLogger({ level: 'debug', console: false, file: null });
    const cipher = new AesGcmCipher('renderer harness passphrase, long enough');
    // D's demo factory, but on a simulator the test owns (createDesktopCore keeps its simulator private).
    const startCore: CoreFactory = async (s, console) => {
      const app = new ProxyApp({
        mode: appMode,
        settings: appMode === 'demo' ? demoSettings(s, simPort) : s,
        dataDir: path.join(dir, appMode),
        logger,
        cipher,
        createGateway: (options) => new GatewayService({ ...options, clock }),
        keepAccessToken: true,
        version: VERSION,
        console,
        ...(opts.consoleDir ? { consoleDir: opts.consoleDir } : {}),
      });
      return { app, info: await app.start() };
    };
    const clipboard: string[] = [];
    const shell: ShellPorts = {
      writeClipboard: (t) => clipboard.push(t),
      openPath: async () => '',
      setStartAtLogin: () => undefined,
      notify: () => undefined,
      logsDir: dir,
    };
    const disabled = initialUpdateStatus(VERSION, 'updates work only in the installed app (this is a test build)');
    const updates: UpdatesPort = {
      status: (): UpdateStatus => disabled,
      check: async () => disabled,
      restartToUpdate: () => ({ ok: false, error: 'No update has been downloaded.' }),
      setAutomatic: () => undefined,
      onChange: () => undefined,
    };
    const controller = new DesktopController({
      appMode,
      version: VERSION,
      settings,
      logger,
      startCore,
      shell,
      updates,
      secretStorage: { available: true, backend: 'test cipher (AES-GCM)', warning: null },
      // The demo's fault buttons, on the simulator this harness owns (as desktopCore.ts does on its own one).
      ...(appMode === 'demo' ? { faults: { simulate: async (fault) => setOffNamedFault(sim, fault, DEMO_RESTART_DOWN_MS, () => undefined) } } : {}),
    });
    await controller.start();
    return new DesktopHarness(clipboard, dir, sim, settings, controller, logger);
  }

  /** What the preload + registerIpc pair does: validate like main, then ask the controller. */
  private backend(): BridgeBackend {
    const c = this.controller;
    return {
      invoke: async (channel, payload) => {
        if (!isInvokeChannel(channel)) throw new Error(`Unknown channel ${channel}`);
        const checked = validateInvokePayload(channel, payload);
        if (!checked.ok) throw new Error(checked.error);
        return c.invoke(channel, checked.value as never);
      },
      send: (channel, payload) => {
        const line = validateSendPayload('log:write', payload);
        if (channel === 'log:write' && line.ok) this.logger.child('renderer')[line.value.level](line.value.message);
      },
      onEvent: (listener) => {
        const offs = (Object.keys(EVENT_CHANNELS) as (keyof DesktopEvents)[]).map((event) => {
          const fn = (payload: unknown) => listener(EVENT_CHANNELS[event], payload);
          c.on(event, fn);
          return () => c.off(event, fn);
        });
        return () => offs.forEach((off) => off());
      },
    };
  }

  attach(page: Page): Promise<() => void> {
    return installBridge(page, this.backend());
  }

  get baseUrl(): string {
    return this.controller.status().server.url;
  }

  /** Signs in as a frontend would: the access token shown in the settings window is the password. */
  async login(): Promise<string> {
    const info = this.controller.accessToken();
    if (!info.token) throw new Error(`no access token: ${info.reason}`);
    const r = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: info.username, password: info.token }),
    });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
    return ((await r.json()) as { token: string }).token;
  }

  async placeOrder(jwt: string, order: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const r = await fetch(`${this.baseUrl}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify(order),
    });
    return { status: r.status, body: await r.json() };
  }

  /** A frontend on the WebSocket: signs in and subscribes, so ticks flow and the clients table has a row. */
  async frontend(jwt: string, symbols: string[], origin = 'http://localhost:5173'): Promise<WebSocket> {
    const ws = new WebSocket(`${this.baseUrl.replace('http', 'ws')}/ws`, { headers: { origin } });
    this.sockets.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const reply = (id: string) =>
      new Promise<{ type: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply to ${id}`)), 10_000);
        const onMessage = (data: WebSocket.RawData) => {
          const frame = JSON.parse(data.toString()) as { id?: string; type: string };
          if (frame.id !== id) return;
          clearTimeout(timer);
          ws.off('message', onMessage);
          resolve(frame);
        };
        ws.on('message', onMessage);
      });
    const request = async (id: string, type: string, payload: unknown) => {
      const answer = reply(id);
      ws.send(JSON.stringify({ id, type, payload, timestamp: Date.now() }));
      return answer;
    };
    const auth = await request('auth-1', 'authenticate', { token: jwt });
    if (auth.type !== 'authentication_success') throw new Error(`ws authenticate failed: ${JSON.stringify(auth)}`);
    await request('sub-1', 'subscribe_market_data', { symbols });
    return ws;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await this.controller.stop();
    await this.sim.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The desktop app's brain, in plain Node (no `electron` import): it owns the running proxy core, the settings
 * store and the console feed (traffic, status pushes), composes the ProxyStatus, and answers every IPC channel.
 * It is also the web console's host in the desktop app (ConsoleHost): the proxy's own page at
 * http://127.0.0.1:3001/ asks the same questions over REST and gets the same answers as the window. The
 * Electron side (main.ts, registerIpc.ts, trayController.ts) only forwards clicks and messages here and displays
 * the results, so everything here can run, and be tested, under Node against the real core and the simulator.
 */
import { EventEmitter } from 'node:events';
import type { GatewayStatus, IBKRError, Order } from '../../common/contract.js';
import type {
  AccessTokenInfo,
  ActionResult,
  InvokeChannel,
  IpcResponses,
  KillSwitchResult,
  LogLevelName,
  LogLine,
  ProxyStatus,
  SaveSettingsResult,
  SecretStorageStatus,
  SettingsObject,
  SettingsSnapshot,
  SettingsValidation,
  TradingMode,
  TrafficSample,
  UpdateStatus,
} from '../../common/ipc.js';
import type { z } from 'zod';
import type { IPC_REQUEST_SCHEMAS } from '../../common/ipc.js';
import type { ProxyApp, ProxyStartInfo } from '../../core/app.js';
import type { GatewayEvents } from '../../core/gateway/types.js';
import { offlinePhase } from '../../core/gateway/sessionPhase.js';
import { gatewayOptionsFromSettings } from '../../core/app/gatewayOptions.js';
import { DEFAULT_SETTINGS, checkSettings, type Settings } from '../../core/config/index.js';
import type { Logger } from '../../core/logging/index.js';
import type { DesktopSettingsStore } from '../settings/desktopSettingsStore.js';
import { settingsEffects } from '../settings/settingsEffects.js';
import { ConsoleFeed } from '../../core/console/consoleFeed.js';
import { setOffDemoFault, watchEmitter, type ConsoleHost, type ConsoleHostEvents, type SimulatorFaults } from '../../core/console/consoleHost.js';
import { DEMO_HAS_NO_ACCOUNTS, FAULTS_ONLY_IN_DEMO } from '../../core/console/modeRefusals.js';
import type { DemoFault } from '../../common/demoFaults.js';
import {
  INITIAL_CONNECTION_MEMORY,
  INITIAL_SESSION_MEMORY,
  decideConnectionNotification,
  decideSessionNotification,
  decideFillNotification,
  type DesktopNotification,
} from '../notifications/notificationDecider.js';
import { modeWordsFor } from './displayMode.js';

/** What the shell provides that needs Electron (or the OS). */
export interface ShellPorts {
  writeClipboard(text: string): void;
  /** Resolves to '' on success or an error message (Electron's shell.openPath contract). */
  openPath(dir: string): Promise<string>;
  setStartAtLogin(enabled: boolean): void;
  notify(notification: DesktopNotification): void;
  readonly logsDir: string;
}

export interface UpdatesPort {
  status(): UpdateStatus;
  check(): Promise<UpdateStatus>;
  restartToUpdate(): ActionResult;
  setAutomatic(enabled: boolean): void;
  onChange(listener: (status: UpdateStatus) => void): void;
}

/**
 * Builds and starts a ProxyApp for the given settings (desktop or demo; see desktopCore.ts), with `console` as
 * the web console's host (the controller itself, which outlives every core restart).
 */
export type CoreFactory = (settings: Settings, console: ConsoleHost) => Promise<{ app: ProxyApp; info: ProxyStartInfo }>;

export interface DesktopControllerOptions {
  appMode: 'desktop' | 'demo';
  version: string;
  settings: DesktopSettingsStore;
  logger: Logger;
  startCore: CoreFactory;
  shell: ShellPorts;
  updates: UpdatesPort;
  secretStorage: SecretStorageStatus;
  /** Extra warning about secrets (e.g. running with session-only secrets). */
  now?: () => number;
  /** The demo simulator's faults (the desktop's demo, desktopCore.ts); absent with a real TWS. */
  faults?: SimulatorFaults;
}

type Req<C extends InvokeChannel> = z.output<(typeof IPC_REQUEST_SCHEMAS)[C]>;
type Handlers = { [C in InvokeChannel]: (req: Req<C>) => Promise<IpcResponses[C]> | IpcResponses[C] };

export interface DesktopEvents {
  status: [ProxyStatus];
  traffic: [TrafficSample];
  log: [LogLine];
  order: [Order];
  ibError: [IBKRError];
  updateStatus: [UpdateStatus];
}

const fail = (error: unknown): { ok: false; error: string } => ({ ok: false, error: error instanceof Error ? error.message : String(error) });

export class DesktopController extends EventEmitter<DesktopEvents> implements ConsoleHost {
  private app: ProxyApp | null = null;
  private info: ProxyStartInfo | null = null;
  private readonly feed: ConsoleFeed;
  private connectionMemory = INITIAL_CONNECTION_MEMORY;
  private sessionMemory = INITIAL_SESSION_MEMORY;
  /** Set around user-initiated disconnects so they do not notify "connection lost". */
  private userAction = false;
  private readonly detach: (() => void)[] = [];
  private restarting: Promise<void> | null = null;

  constructor(private readonly o: DesktopControllerOptions) {
    super();
    this.feed = new ConsoleFeed({
      status: () => this.status(),
      counters: () => {
        const g = this.app?.gateway?.getStatus();
        if (!g) return null;
        return { messagesIn: g.messagesIn, messagesOut: g.messagesOut, ticksPushed: this.app?.api?.stats().ticksPushed ?? 0, linesInUse: g.linesInUse, lineBudget: g.lineBudget };
      },
      // Every composed status, changed or not: a session notification may be due by the clock alone.
      observe: (status) => {
        const session = decideSessionNotification(this.sessionMemory, status.gateway.session, this.now(), this.settings.notifications);
        this.sessionMemory = session.memory;
        if (session.notification) this.o.shell.notify(session.notification);
      },
      ...(o.now ? { now: o.now } : {}),
    });
    this.feed.on('status', (s) => this.emit('status', s));
    this.feed.on('traffic', (s) => this.emit('traffic', s));
    o.updates.onChange((s) => {
      this.emit('updateStatus', s);
      this.publishStatus();
    });
    o.logger.onEntry((entry) => this.emit('log', entry));
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** The web console's feed (ConsoleHost): the same status, traffic and log events the window gets over IPC. */
  watch<K extends keyof ConsoleHostEvents>(event: K, listener: (...args: ConsoleHostEvents[K]) => void): () => void {
    return watchEmitter<DesktopEvents, K>(this, event, listener as (...args: DesktopEvents[K]) => void);
  }

  get proxy(): ProxyApp | null {
    return this.app;
  }

  get settings(): Settings {
    return this.o.settings.get();
  }

  async start(): Promise<ProxyStartInfo> {
    const { app, info } = await this.o.startCore(this.o.settings.get(), this);
    this.attach(app, info);
    this.feed.start();
    return info;
  }

  /** Same graceful shutdown as headless: API closed, TWS disconnected, journal flushed. */
  async stop(): Promise<void> {
    this.feed.stop();
    this.userAction = true;
    const app = this.app;
    this.detachCore();
    await app?.stop();
  }

  private attach(app: ProxyApp, info: ProxyStartInfo): void {
    this.app = app;
    this.info = info;
    const gw = app.gateway;
    if (!gw) return;
    const on = <K extends keyof GatewayEvents>(event: K, fn: (...args: GatewayEvents[K]) => void) => {
      // Node's typings of a keyed EventEmitter take a listener over the event's argument tuple.
      const listener = fn as Parameters<typeof gw.on<K>>[1];
      gw.on(event, listener);
      this.detach.push(() => gw.off(event, listener));
    };
    on('connectionStatus', (e) => {
      // TWS's own scheduled restart is not news; the session phase knows whether this loss is one.
      const expected = gw.getStatus().session.phase === 'tws-restarting';
      const out = decideConnectionNotification(this.connectionMemory, { ...e, userInitiated: this.userAction, expected }, this.settings.notifications);
      this.connectionMemory = out.memory;
      if (e.status === 'connected' || e.status === 'disconnected') this.userAction = false;
      if (out.notification) this.o.shell.notify(out.notification);
      this.publishStatus();
    });
    on('executionReport', (fill) => {
      const n = decideFillNotification(fill, this.settings.notifications);
      if (n) this.o.shell.notify(n);
    });
    on('orderStatus', (order) => this.emit('order', order));
    on('ibError', (error) => this.emit('ibError', error));
    on('tradingBlocked', () => this.publishStatus());
    // Every answered heartbeat, reconnect attempt and data-quality change, pushed when it happens: the window's
    // "last heartbeat" is then never a poll behind (the 1 s tick still covers lines in use and clients).
    on('health', () => this.publishStatus());
    on('sessionPhase', () => this.publishStatus());
  }

  private detachCore(): void {
    for (const off of this.detach.splice(0)) off();
    this.app = null;
  }

  /** Emits 'status' when something a user can see changed, the last heartbeat included (statusChange.ts). */
  publishStatus(): void {
    this.feed.publish();
  }

  status(): ProxyStatus {
    const settings = this.o.settings.get();
    const gw = this.app?.gateway?.getStatus();
    const gateway = gw ?? offlineGatewayStatus(settings, this.restarting ? 'The proxy is restarting.' : 'The proxy core is not running.');
    return {
      appMode: this.o.appMode,
      displayMode: this.o.appMode === 'demo' ? 'demo' : gateway.mode,
      version: this.o.version,
      gateway,
      server: {
        host: this.info?.host ?? settings.server.host,
        port: this.info?.port ?? settings.server.port,
        listening: this.app?.running ?? false,
        url: this.info?.url ?? '',
      },
      connectedClients: this.app?.api?.stats().connectedClients ?? 0,
      secretStorage: this.o.secretStorage,
      settingsWarning: this.o.settings.warning,
      update: this.o.updates.status(),
      // The desktop saves its settings itself; the demo has no accounts, and its simulator takes faults.
      abilities: {
        settingsReadOnly: null,
        modeSwitchRefused: this.o.appMode === 'demo' ? DEMO_HAS_NO_ACCOUNTS : null,
        simulatorFaults: this.o.appMode === 'demo' && this.o.faults !== undefined,
      },
    };
  }

  private requireApp(): ProxyApp {
    if (!this.app?.gateway) throw new Error('The proxy core is not running.');
    return this.app;
  }

  async connect(): Promise<ActionResult> {
    try {
      await this.requireApp().gateway!.connect();
      return { ok: true };
    } catch (error) {
      return fail(error);
    } finally {
      this.publishStatus();
    }
  }

  async disconnect(): Promise<ActionResult> {
    try {
      this.userAction = true;
      await this.requireApp().gateway!.disconnect();
      return { ok: true };
    } catch (error) {
      return fail(error);
    } finally {
      this.publishStatus();
    }
  }

  /** Persists the profile choice and tells the gateway (it reconnects to the other profile when connected). */
  async setMode(mode: TradingMode): Promise<ActionResult> {
    if (this.o.appMode === 'demo') return { ok: false, error: DEMO_HAS_NO_ACCOUNTS };
    const current = this.o.settings.get();
    if (current.ibkr.mode === mode) return { ok: true };
    this.userAction = true;
    const saved = this.o.settings.save({ ...current, ibkr: { ...current.ibkr, mode } });
    if (!saved.ok) return { ok: false, error: saved.issues[0]?.message ?? 'invalid settings' };
    try {
      await this.requireApp().gateway!.setMode(mode);
      this.o.logger.info(`Switched to ${modeWordsFor(mode)} trading.`);
      return { ok: true };
    } catch (error) {
      return fail(error);
    } finally {
      this.publishStatus();
    }
  }

  async saveSettings(candidate: Record<string, unknown>, confirmServerRestart: boolean, afterReply?: (restart: () => void) => void): Promise<SaveSettingsResult> {
    const prev = this.o.settings.get();
    const checked = checkSettings(candidate);
    if (!checked.ok) return { status: 'invalid', issues: checked.issues };
    const effects = settingsEffects(prev, checked.settings);
    if (effects.needsConfirmation && !confirmServerRestart) return { status: 'needs-confirmation', message: effects.needsConfirmation };
    const saved = this.o.settings.save(checked.settings);
    if (!saved.ok) return { status: 'invalid', issues: saved.issues };
    const next = saved.settings;
    const restarted: string[] = [];
    try {
      if (effects.logLevel) this.o.logger.setLevel(effects.logLevel);
      if (effects.startAtLogin !== null) this.o.shell.setStartAtLogin(effects.startAtLogin);
      if (effects.autoUpdate !== null) this.o.updates.setAutomatic(effects.autoUpdate);
      // Demo keeps its paper profile on the simulator; the factory re-applies that on restart only.
      if (effects.updateGateway && this.o.appMode === 'desktop') this.app?.gateway?.updateOptions(gatewayOptionsFromSettings(next, this.o.logger));
      if (effects.restartCore && afterReply) {
        afterReply(() => void this.restartCore().catch((error: unknown) => this.o.logger.error('Applying the saved settings failed:', error)));
        restarted.push('server');
      } else if (effects.restartCore) {
        await this.restartCore();
        restarted.push('server');
      }
      return { status: 'saved', settings: next as unknown as Record<string, unknown>, restarted };
    } catch (error) {
      return { status: 'failed', error: `Saved, but applying failed: ${fail(error).error}` };
    } finally {
      this.publishStatus();
    }
  }

  private async restartCore(): Promise<void> {
    this.restarting = (async () => {
      this.userAction = true;
      const old = this.app;
      this.detachCore();
      await old?.stop();
      const { app, info } = await this.o.startCore(this.o.settings.get(), this);
      this.attach(app, info);
    })();
    try {
      await this.restarting;
    } finally {
      this.restarting = null;
    }
  }

  /**
   * The tray's and the window's kill switch. It goes through the core's order desk, the same path as the REST
   * route, so the action is journaled like every other order request and blocks trading before it cancels; the
   * desk is the app's, so this works whether or not the local API is up.
   */
  async setKillSwitch(active: boolean): Promise<KillSwitchResult> {
    const ctx = { source: 'desktop' as const, client: 'tray-or-window' };
    try {
      const app = this.requireApp();
      const orders = app.orders;
      if (!orders) throw new Error('The proxy core is not running.');
      if (!active) {
        await orders.enableTrading(ctx);
        this.o.logger.warn('Trading re-enabled by the user.');
        return { ok: true, tradingBlocked: false, cancelledOrders: 0, warning: null };
      }
      try {
        const { cancelled } = await orders.cancelAll(ctx);
        this.o.logger.warn(`Kill switch: trading blocked, cancelled ${cancelled} open order(s).`);
        return { ok: true, tradingBlocked: true, cancelledOrders: cancelled, warning: null };
      } catch (error) {
        // cancelAll blocks trading before anything that can fail, so the block holds even when TWS is unreachable.
        return { ok: true, tradingBlocked: app.gateway?.getStatus().tradingBlocked ?? true, cancelledOrders: 0, warning: `Trading is blocked, but the cancel did not complete: ${fail(error).error}` };
      }
    } catch (error) {
      return fail(error);
    } finally {
      this.publishStatus();
    }
  }

  accessToken(): AccessTokenInfo {
    const auth = this.app?.auth;
    if (!auth) return { username: this.settings.auth.username, loginMode: 'access-token', token: null, reason: 'The proxy core is not running.' };
    const loginMode = auth.loginMode();
    let token: string | null = null;
    let reason: string | null = null;
    try {
      token = auth.getAccessToken();
    } catch (error) {
      reason = fail(error).error;
    }
    if (!token && !reason) {
      reason =
        loginMode === 'access-token'
          ? this.o.secretStorage.available
            ? 'The access token is not stored; rotate it to make a new one.'
            : 'Secrets cannot be stored on this system, so the token cannot be shown again; rotate it to make a new one for this session.'
          : 'A username and password are set; use them to sign in (rotate the access token to go back to token sign-in).';
    }
    return { username: auth.currentUsername(), loginMode, token, reason };
  }

  async rotateAccessToken(): Promise<AccessTokenInfo> {
    const auth = this.requireApp().auth;
    const token = await auth.resetAccessToken();
    this.o.logger.warn('Access token rotated by the user: every client is signed out.');
    return { username: auth.currentUsername(), loginMode: auth.loginMode(), token, reason: null };
  }

  copyAccessToken(): ActionResult {
    const info = this.accessToken();
    if (!info.token) return { ok: false, error: info.reason ?? 'No access token to copy.' };
    this.o.shell.writeClipboard(info.token);
    return { ok: true };
  }

  // --- the window's and the web console's questions (ConsoleHost) ----------------------------------------------

  trafficHistory(): TrafficSample[] {
    return this.feed.trafficHistory();
  }

  todaysOrders(): Order[] {
    return this.app?.journal?.todaysOrders() ?? [];
  }

  recentLogs(limit: number, level?: LogLevelName): LogLine[] {
    return this.o.logger.getRecentLogs(limit, level);
  }

  recentErrors(limit: number): IBKRError[] {
    return this.app?.gateway?.recentErrors(limit) ?? [];
  }

  settingsSnapshot(): SettingsSnapshot {
    return {
      settings: this.o.settings.get() as unknown as SettingsObject,
      defaults: structuredClone(DEFAULT_SETTINGS) as unknown as SettingsObject,
      filePath: this.o.settings.filePath,
      warning: this.o.settings.warning,
    };
  }

  validateSettings(candidate: SettingsObject): SettingsValidation {
    const v = checkSettings(candidate);
    return v.ok ? { ok: true } : { ok: false, issues: v.issues };
  }

  async setCredentials(username: string, password: string): Promise<ActionResult> {
    try {
      await this.requireApp().auth.setCredentials(username, password);
      return { ok: true };
    } catch (error) {
      return fail(error);
    }
  }

  /** The demo's simulator misbehaves on request (the window's and the web console's fault buttons). */
  simulateFault(fault: DemoFault): Promise<ActionResult> {
    return setOffDemoFault(this.o.appMode === 'demo' ? this.o.faults : undefined, fault, FAULTS_ONLY_IN_DEMO, this.o.logger);
  }

  readonly handlers: Handlers = {
    'status:get': () => this.status(),
    'gateway:connect': () => this.connect(),
    'gateway:disconnect': () => this.disconnect(),
    'gateway:set-mode': (r) => this.setMode(r.mode),
    'settings:get': () => this.settingsSnapshot(),
    'settings:validate': (r) => this.validateSettings(r.settings),
    'settings:save': (r) => this.saveSettings(r.settings, r.confirmServerRestart ?? false),
    'clients:list': () => (this.app?.api?.clients() ?? []).map((c) => ({ ...c, origin: c.origin ?? null })),
    'clients:disconnect': (r) =>
      this.app?.api?.disconnectClient(r.id) ? { ok: true } : { ok: false, error: 'That client is no longer connected.' },
    'errors:recent': (r) => this.recentErrors(r?.limit ?? 50),
    'logs:recent': (r) => this.recentLogs(r?.limit ?? 200, r?.level),
    'orders:today': () => this.todaysOrders(),
    'trading:kill-switch': (r) => this.setKillSwitch(r.active),
    'auth:get-access-token': () => this.accessToken(),
    'auth:copy-access-token': () => this.copyAccessToken(),
    'auth:rotate-access-token': () => this.rotateAccessToken(),
    'auth:set-credentials': (r) => this.setCredentials(r.username, r.password),
    'traffic:history': () => this.trafficHistory(),
    'updates:check': () => this.o.updates.check(),
    'updates:get-status': () => this.o.updates.status(),
    'updates:restart': () => this.o.updates.restartToUpdate(),
    'security:secret-storage': () => this.o.secretStorage,
    'demo:simulate-fault': (r) => this.simulateFault(r.fault),
    'app:open-logs-folder': async () => {
      const error = await this.o.shell.openPath(this.o.shell.logsDir);
      return error ? { ok: false, error } : { ok: true };
    },
  };

  /** Entry point for validated IPC requests (registerIpc.ts validates first). */
  async invoke<C extends InvokeChannel>(channel: C, request: Req<C>): Promise<IpcResponses[C]> {
    const handler = this.handlers[channel] as (r: Req<C>) => Promise<IpcResponses[C]> | IpcResponses[C];
    return handler(request);
  }
}

/** The gateway's status while no core runs (starting, restarting, failed): the configured profile, disconnected. */
function offlineGatewayStatus(settings: Settings, reason: string): GatewayStatus {
  const profile = settings.ibkr[settings.ibkr.mode];
  return {
    status: 'disconnected',
    reason,
    mode: settings.ibkr.mode,
    host: profile.host,
    port: profile.port,
    clientId: profile.clientId,
    serverVersion: null,
    accounts: [],
    connectedAt: null,
    reconnectAttempts: 0,
    nextRetryAt: null,
    dataQuality: 'unavailable',
    marketDataStatus: 'inactive',
    lastHeartbeat: null,
    linesInUse: 0,
    lineBudget: settings.marketData.lineBudget,
    tradingBlocked: false,
    messagesIn: 0,
    messagesOut: 0,
    session: offlinePhase(profile.clientId, reason, Date.now()),
  };
}

/**
 * The web console's host in headless and demo mode (`npm start`, `npm run serve`, `npm run demo`): the proxy's
 * status, traffic, logs, today's orders and IB errors from the running core, the login (rotate the access token,
 * set a password of one's own), and the demo simulator's faults. Settings are read only here: headless takes
 * them from .env and the environment, the demo keeps nothing, so both say where to change them instead
 * (modeRefusals.ts). The desktop app hosts the console with its DesktopController instead.
 */
import { EventEmitter } from 'node:events';
import type { IBKRError, Order, TradingMode } from '../../common/contract.js';
import type {
  AccessTokenInfo,
  ActionResult,
  LogLine,
  ProxyStatus,
  SaveSettingsResult,
  SecretStorageStatus,
  SettingsObject,
  SettingsSnapshot,
  SettingsValidation,
  TrafficSample,
  UpdateStatus,
} from '../../common/consoleShapes.js';
import type { DemoFault } from '../../common/demoFaults.js';
import type { LogLevelName } from '../../common/ipcChannels.js';
import type { ApiGateway } from '../api/ports.js';
import type { AuthService } from '../auth/authService.js';
import { DEFAULT_SETTINGS, checkSettings, type Settings } from '../config/index.js';
import type { GatewayEvents } from '../gateway/types.js';
import type { OrdersJournal } from '../journal/ordersJournal.js';
import type { Logger } from '../logging/logger.js';
import { ConsoleFeed } from './consoleFeed.js';
import { setOffDemoFault, watchEmitter, type ConsoleHost, type ConsoleHostEvents, type SimulatorFaults } from './consoleHost.js';
import {
  DEMO_HAS_NO_ACCOUNTS,
  DEMO_SETTINGS_NOT_KEPT,
  FAULTS_ONLY_IN_DEMO,
  HEADLESS_MODE_FROM_ENV,
  HEADLESS_SETTINGS_FROM_ENV,
  HEADLESS_UPDATES,
} from './modeRefusals.js';

/** The gateway as the console reads it: the API's view, plus the recent IB errors where the gateway keeps them. */
export interface ConsoleGateway extends ApiGateway {
  recentErrors?(limit?: number): IBKRError[];
}

/** What the console reads from the running proxy (ProxyApp hands its parts in; the API tests hand theirs). */
export interface HeadlessConsoleParts {
  mode: 'headless' | 'demo';
  version: string;
  settings: Settings;
  /** Where the settings come from, for the window's "settings are kept in ..." hint. */
  settingsSource: string;
  logger: Logger;
  auth: AuthService;
  secretStorage: SecretStorageStatus;
  gateway(): ConsoleGateway | null;
  journal(): OrdersJournal | null;
  /** The API's address and whether it listens; its counters. */
  server(): ProxyStatus['server'];
  apiStats(): { ticksPushed: number; connectedClients: number } | null;
  /** Demo only: the simulator's fault API. */
  faults?: SimulatorFaults;
}

const fail = (error: unknown): { ok: false; error: string } => ({ ok: false, error: error instanceof Error ? error.message : String(error) });

export class HeadlessConsole extends EventEmitter<ConsoleHostEvents> implements ConsoleHost {
  private readonly feed: ConsoleFeed;
  private readonly detach: Array<() => void> = [];

  constructor(private readonly p: HeadlessConsoleParts) {
    super();
    this.feed = new ConsoleFeed({
      status: () => this.status(),
      counters: () => {
        const g = this.p.gateway()?.getStatus();
        if (!g) return null;
        return {
          messagesIn: g.messagesIn,
          messagesOut: g.messagesOut,
          ticksPushed: this.p.apiStats()?.ticksPushed ?? 0,
          linesInUse: g.linesInUse,
          lineBudget: g.lineBudget,
        };
      },
    });
    this.feed.on('status', (s) => this.emit('status', s));
    this.feed.on('traffic', (s) => this.emit('traffic', s));
  }

  /** Starts the second-by-second feed and listens to the gateway and the log (the API listens by now). */
  start(): void {
    const gw = this.p.gateway();
    if (gw) {
      const publish = () => this.feed.publish();
      // Each answered heartbeat, phase change, kill switch and connection change reaches the console at once.
      for (const event of ['connectionStatus', 'health', 'sessionPhase', 'tradingBlocked'] as const satisfies ReadonlyArray<keyof GatewayEvents>) {
        gw.on(event, publish);
        this.detach.push(() => gw.off(event, publish));
      }
    }
    this.detach.push(this.p.logger.onEntry((line) => this.emit('log', line)));
    this.feed.start();
  }

  watch<K extends keyof ConsoleHostEvents>(event: K, listener: (...args: ConsoleHostEvents[K]) => void): () => void {
    return watchEmitter<ConsoleHostEvents, K>(this, event, listener);
  }

  stop(): void {
    this.feed.stop();
    for (const off of this.detach.splice(0)) off();
  }

  status(): ProxyStatus {
    const demo = this.p.mode === 'demo';
    const gateway = this.p.gateway();
    if (!gateway) throw new Error('The console reads the proxy only while it runs.');
    const g = gateway.getStatus();
    return {
      appMode: this.p.mode,
      displayMode: demo ? 'demo' : g.mode,
      version: this.p.version,
      gateway: g,
      server: this.p.server(),
      connectedClients: this.p.apiStats()?.connectedClients ?? 0,
      secretStorage: this.p.secretStorage,
      settingsWarning: null,
      update: this.updateStatus(),
      abilities: {
        settingsReadOnly: demo ? DEMO_SETTINGS_NOT_KEPT : HEADLESS_SETTINGS_FROM_ENV,
        modeSwitchRefused: demo ? DEMO_HAS_NO_ACCOUNTS : HEADLESS_MODE_FROM_ENV,
        simulatorFaults: demo && this.p.faults !== undefined,
      },
    };
  }

  trafficHistory(): TrafficSample[] {
    return this.feed.trafficHistory();
  }

  todaysOrders(): Order[] {
    return this.p.journal()?.todaysOrders() ?? [];
  }

  recentLogs(limit: number, level?: LogLevelName): LogLine[] {
    return this.p.logger.getRecentLogs(limit, level);
  }

  recentErrors(limit: number): IBKRError[] {
    return this.p.gateway()?.recentErrors?.(limit) ?? [];
  }

  settingsSnapshot(): SettingsSnapshot {
    return {
      settings: structuredClone(this.p.settings) as unknown as SettingsObject,
      defaults: structuredClone(DEFAULT_SETTINGS) as unknown as SettingsObject,
      filePath: this.p.settingsSource,
      warning: null,
    };
  }

  validateSettings(candidate: SettingsObject): SettingsValidation {
    const checked = checkSettings(candidate);
    return checked.ok ? { ok: true } : { ok: false, issues: checked.issues };
  }

  /** Never reached: the route refuses first (abilities.settingsReadOnly); answers the same sentence if it were. */
  async saveSettings(): Promise<SaveSettingsResult> {
    return { status: 'failed', error: this.status().abilities.settingsReadOnly ?? HEADLESS_SETTINGS_FROM_ENV };
  }

  async connect(): Promise<ActionResult> {
    try {
      await this.p.gateway()?.connect();
      return { ok: true };
    } catch (error) {
      return fail(error);
    } finally {
      this.feed.publish();
    }
  }

  /** Never reached: the route refuses first (abilities.modeSwitchRefused). */
  async setMode(_mode: TradingMode): Promise<ActionResult> {
    return { ok: false, error: this.status().abilities.modeSwitchRefused ?? HEADLESS_MODE_FROM_ENV };
  }

  accessToken(): AccessTokenInfo {
    const auth = this.p.auth;
    const loginMode = auth.loginMode();
    const reason =
      loginMode === 'access-token'
        ? 'Only a hash of the access token is stored, so it cannot be shown again; rotate it to make a new one.'
        : loginMode === 'stored-password'
          ? 'A username and password are set; use them to sign in (rotate the access token to go back to token sign-in).'
          : 'The password comes from AUTH_PASSWORD in the environment.';
    return { username: auth.currentUsername(), loginMode, token: null, reason };
  }

  async rotateAccessToken(): Promise<AccessTokenInfo> {
    const auth = this.p.auth;
    const token = await auth.resetAccessToken();
    this.p.logger.warn('Access token rotated from the web console: every client is signed out.');
    return { username: auth.currentUsername(), loginMode: auth.loginMode(), token, reason: null };
  }

  async setCredentials(username: string, password: string): Promise<ActionResult> {
    try {
      await this.p.auth.setCredentials(username, password);
      return { ok: true };
    } catch (error) {
      return fail(error);
    }
  }

  simulateFault(fault: DemoFault): Promise<ActionResult> {
    return setOffDemoFault(this.p.faults, fault, FAULTS_ONLY_IN_DEMO, this.p.logger);
  }

  private updateStatus(): UpdateStatus {
    return {
      state: 'disabled',
      currentVersion: this.p.version,
      availableVersion: null,
      percent: null,
      message: HEADLESS_UPDATES,
      lastCheckedAt: null,
      nextCheckAt: null,
    };
  }
}

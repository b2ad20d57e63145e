/**
 * ProxyApp: the whole proxy as one object, the same in every runtime. Headless (src/cli/serve.ts), demo
 * (src/cli/demo.ts) and the desktop main process each build one with their own cipher and gateway factory,
 * call start(), and call stop() on the way out.
 *
 * start(): secret store → auth (first-start token) → orders journal → gateway → order desk (src/core/orders:
 *          journaling, idempotency, fair turns; the app's, not a transport's) → the web console's host (the
 *          desktop's, or HeadlessConsole) → API server listening (the console's page and admin routes with it) →
 *          TWS connection (awaited in demo so the first look is "connected"; in the background otherwise, so a
 *          missing TWS never delays the API).
 * stop():  API closed (WebSocket clients get 1001, HTTP server stops) → console feed stopped → TWS disconnected →
 *          order desk closed → journal flushed.
 *          Idempotent, each step guarded so one failing step cannot skip the journal flush.
 */
import path from 'node:path';
import { EventEmitter } from 'node:events';
import type { IBKRError } from '../common/contract.js';
import { createApiServer as defaultCreateApiServer } from './api/server.js';
import type { ApiServer, ApiServerDeps } from './api/server.js';
import type { ApiGateway, ApiMode } from './api/ports.js';
import { gatewayOptionsFromSettings } from './app/gatewayOptions.js';
import { productVersion } from './app/version.js';
import { AuthService, type LoginMode } from './auth/authService.js';
import { LaunchCodes } from './auth/launchCodes.js';
import type { ConsoleHost, SimulatorFaults } from './console/consoleHost.js';
import { HeadlessConsole } from './console/headlessConsole.js';
import type { Settings } from './config/settingsSchema.js';
import type { GatewayOptions, TradingMode } from './gateway/types.js';
import { OrdersJournal } from './journal/ordersJournal.js';
import type { Logger } from './logging/logger.js';
import { OrderService } from './orders/orderService.js';
import type { SecretCipher } from './secrets/secretCipher.js';
import { SecretStore } from './secrets/secretStore.js';

export type ProxyMode = ApiMode;

/**
 * What ProxyApp's hosts need of the gateway: what the API needs, plus what the desktop's window and tray use.
 * GatewayService provides all of it; naming it here lets the desktop call these directly instead of probing
 * the object at runtime.
 */
export interface AppGateway extends ApiGateway {
  /** Switch between the live and paper profiles (reconnects when a connection is wanted). */
  setMode(mode: TradingMode): Promise<void>;
  /** Apply changed settings (profiles, timeouts, line budget, risk checks) without a restart. */
  updateOptions(partial: Partial<GatewayOptions>): void;
  /** The latest IB errors and warnings, oldest first. */
  recentErrors(limit?: number): IBKRError[];
}

export interface ProxyAppOptions {
  mode: ProxyMode;
  settings: Settings;
  /** secrets.json and the orders journal live here. */
  dataDir: string;
  logger: Logger;
  /** Headless: AES-256-GCM (createHeadlessCipher); desktop: Electron safeStorage adapter. */
  cipher: SecretCipher;
  createGateway: (options: GatewayOptions) => AppGateway;
  /** Secrets given by the environment (headless). */
  envSecrets?: { jwtSecret?: string; authPassword?: string };
  /** Desktop: keep the generated access token (encrypted) so the window can show it again. */
  keepAccessToken?: boolean;
  /** Forget the stored login, make and return a new access token, revoke all sessions. */
  resetAccessToken?: boolean;
  /** Replaced in tests; defaults to the real API server. */
  createApiServer?: (deps: ApiServerDeps) => ApiServer;
  /** What /health, the OpenAPI document and the banner report; productVersion() when not given. */
  version?: string;
  /**
   * The web console's host. The desktop app passes its own (settings saved, live / paper switch); headless and
   * demo leave it out and get HeadlessConsole (settings read only, from `settingsSource`).
   */
  console?: ConsoleHost;
  /** Where headless settings come from, for the console's hint (e.g. the .env file). */
  settingsSource?: string;
  /** The built web console (dist-renderer), served on `/`; absent: `/` says it is not built. */
  consoleDir?: string;
  /** Demo: the simulator's fault API, for the console's buttons. */
  simulatorFaults?: SimulatorFaults;
  /** The clock that ages the console's launch codes (tests move it); the real one by default. */
  now?: () => number;
}

export interface ProxyStartInfo {
  mode: ProxyMode;
  host: string;
  port: number;
  /** http://127.0.0.1:3001 (IPv6 hosts in brackets), https://… with TLS. */
  url: string;
  /** The WebSocket-only port (WS_PORT), when there is one. */
  wsPort?: number;
  username: string;
  loginMode: LoginMode;
  /** Only when made during this start: show once (headless prints it), never log it. */
  generatedAccessToken?: string;
  /** The web console: `url` + `/`. */
  consoleUrl: string;
}

export const SECRETS_FILE = 'secrets.json';

export class ProxyApp extends EventEmitter<{ started: [ProxyStartInfo]; stopped: [] }> {
  readonly mode: ProxyMode;
  readonly settings: Settings;
  readonly logger: Logger;
  readonly secrets: SecretStore;
  readonly auth: AuthService;
  readonly version: string;
  private gatewayInstance: AppGateway | null = null;
  private apiInstance: ApiServer | null = null;
  private journalInstance: OrdersJournal | null = null;
  private ordersInstance: OrderService | null = null;
  /** The console's host when this app made it (headless, demo); the desktop's lives longer than the app. */
  private ownConsole: HeadlessConsole | null = null;
  private info: ProxyStartInfo | null = null;
  private readonly launchCodes: LaunchCodes;
  private state: 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' = 'idle';
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: ProxyAppOptions) {
    super();
    this.mode = options.mode;
    this.settings = options.settings;
    this.logger = options.logger;
    this.version = options.version ?? productVersion();
    this.secrets = new SecretStore(path.join(options.dataDir, SECRETS_FILE), options.cipher);
    this.auth = new AuthService({
      secrets: this.secrets,
      settings: options.settings,
      logger: options.logger.child('auth'),
      ...(options.envSecrets?.authPassword ? { fixedPassword: options.envSecrets.authPassword } : {}),
      ...(options.envSecrets?.jwtSecret ? { fixedJwtSecret: options.envSecrets.jwtSecret } : {}),
      ...(options.keepAccessToken ? { keepAccessToken: true } : {}),
    });
    this.launchCodes = new LaunchCodes({ addSecret: (code) => options.logger.addSecret(code), ...(options.now ? { now: options.now } : {}) });
  }

  get gateway(): AppGateway | null {
    return this.gatewayInstance;
  }

  get api(): ApiServer | null {
    return this.apiInstance;
  }

  get journal(): OrdersJournal | null {
    return this.journalInstance;
  }

  /** The order desk: the one order path for REST, WebSocket and the desktop (null before start). */
  get orders(): OrderService | null {
    return this.ordersInstance;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  async start(): Promise<ProxyStartInfo> {
    if (this.state !== 'idle') throw new Error(`ProxyApp.start() called while ${this.state}.`);
    this.state = 'starting';
    const { options, logger, settings } = this;
    try {
      if (this.mode === 'demo') logger.warn('DEMO MODE: connected to the built-in TWS simulator. No real orders, no real market data.');
      const authInit = await this.auth.init(options.resetAccessToken ? { resetAccessToken: true } : {});

      this.journalInstance = await OrdersJournal.open({ dir: options.dataDir });
      if (this.journalInstance.repairedTornLine) {
        logger.warn('The orders journal ended in a torn line (a crash mid-write); it was closed off, and new entries start on a line of their own.');
      }
      // The gateway prefixes its own lines with [gateway]; a child scope would say it twice.
      this.gatewayInstance = options.createGateway(gatewayOptionsFromSettings(settings, logger));
      this.ordersInstance = new OrderService({ gateway: this.gatewayInstance, journal: this.journalInstance, logger: logger.child('orders') });
      const consoleHost = options.console ?? (this.ownConsole = this.headlessConsole());
      const createApi = options.createApiServer ?? defaultCreateApiServer;
      this.apiInstance = createApi({
        gateway: this.gatewayInstance,
        auth: this.auth,
        settings,
        logger: logger.child('api'),
        orders: this.ordersInstance,
        mode: this.mode,
        version: this.version,
        console: consoleHost,
        launch: async (code) => {
          if (!this.launchCodes.redeem(code)) return null;
          // Who opened a session, for the log; never the code (a logger secret anyway).
          logger.info("The web console was opened with the banner's one-time link.");
          return this.auth.issueSessionToken();
        },
        consoleDir: options.consoleDir ?? null,
      });
      // Revoking tokens must also end the WebSocket sessions that authenticated with them.
      this.auth.on('tokensRevoked', () => this.disconnectAllClients());

      const { host, port, wsPort, secure } = await this.apiInstance.listen();
      const url = `${secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
      logger.info(`Listening on ${url} (mode ${this.mode}, IBKR profile ${settings.ibkr.mode}, read-only ${settings.trading.readOnly}).`);
      const info: ProxyStartInfo = {
        mode: this.mode,
        host,
        port,
        url,
        ...(wsPort !== undefined ? { wsPort } : {}),
        username: authInit.username,
        loginMode: authInit.loginMode,
        ...(authInit.generatedAccessToken ? { generatedAccessToken: authInit.generatedAccessToken } : {}),
        consoleUrl: `${url}/`,
      };
      this.info = info;
      this.ownConsole?.start();

      if (settings.ibkr.autoConnect) {
        const profile = settings.ibkr[settings.ibkr.mode];
        const connecting = this.gatewayInstance.connect().then(
          () => logger.info(`Connected to TWS at ${profile.host}:${profile.port} (client id ${profile.clientId}).`),
          (error: unknown) =>
            logger.warn(`TWS at ${profile.host}:${profile.port} is not reachable yet (${(error as Error).message}); retrying in the background.`),
        );
        // Demo: the simulator is in-process, so waiting costs milliseconds and the first look is "connected".
        if (this.mode === 'demo') await connecting;
      }

      this.state = 'running';
      this.emit('started', info);
      return info;
    } catch (error) {
      // Release whatever did start (a bound port, an open journal) before reporting the failure.
      await this.stop();
      throw error;
    }
  }

  /** Graceful shutdown; safe to call more than once and from any state. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.state === 'idle') {
      this.state = 'stopped';
      return Promise.resolve();
    }
    this.state = 'stopping';
    this.stopping = (async () => {
      const step = async (what: string, fn: () => unknown) => {
        try {
          await fn();
        } catch (error) {
          this.logger.error(`Shutdown: ${what} failed:`, error);
        }
      };
      await step('closing the API server', () => this.apiInstance?.close());
      await step('stopping the console feed', () => this.ownConsole?.stop());
      await step('disconnecting from TWS', () => this.gatewayInstance?.disconnect());
      await step('closing the order desk', () => this.ordersInstance?.close());
      await step('flushing the orders journal', () => this.journalInstance?.close());
      this.auth.removeAllListeners('tokensRevoked');
      this.state = 'stopped';
      this.logger.info('Stopped.');
      this.emit('stopped');
    })();
    return this.stopping;
  }

  /**
   * A one-time link to the web console (the banner's, Jupyter style): the code rides in the fragment, which no
   * browser sends to a server, and is exchanged once, within minutes, for a session (launchCodes.ts). A new
   * link makes the previous one stop working. Show it; never log it.
   */
  issueConsoleLink(): string {
    if (!this.info) throw new Error('The console link exists once the proxy listens.');
    return `${this.info.consoleUrl}#launch=${this.launchCodes.issue()}`;
  }

  private headlessConsole(): HeadlessConsole {
    const { options } = this;
    return new HeadlessConsole({
      mode: this.mode === 'demo' ? 'demo' : 'headless',
      version: this.version,
      settings: this.settings,
      settingsSource: options.settingsSource ?? 'the environment',
      logger: this.logger,
      auth: this.auth,
      secretStorage: { available: options.cipher.isAvailable(), backend: options.cipher.kind, warning: null },
      gateway: () => this.gatewayInstance,
      journal: () => this.journalInstance,
      server: () => ({
        host: this.info?.host ?? this.settings.server.host,
        port: this.info?.port ?? this.settings.server.port,
        listening: this.info !== null && (this.state === 'starting' || this.state === 'running'),
        url: this.info?.url ?? '',
      }),
      apiStats: () => this.apiInstance?.stats() ?? null,
      ...(options.simulatorFaults ? { faults: options.simulatorFaults } : {}),
    });
  }

  /** SIGHUP: re-read the TLS certificate and key (false when TLS is off). A bad file throws and the old one stays. */
  reloadTls(): boolean {
    return this.apiInstance?.reloadTls() ?? false;
  }

  private disconnectAllClients(): void {
    const api = this.apiInstance;
    if (!api) return;
    for (const client of api.clients()) if (client.authenticated) api.disconnectClient(client.id);
  }
}

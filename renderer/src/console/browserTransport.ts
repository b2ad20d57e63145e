/**
 * The window's API (EdgerunnerDesktopApi, the same interface the Electron preload exposes) over the proxy's REST
 * + WebSocket API, on the typed client library (packages/client): one renderer, two transports. REST carries the
 * questions and actions (/api/admin/* and the trading routes); the WebSocket, with the consoleEvents option,
 * carries what the desktop gets as IPC events (status, traffic, log lines, orders, IB errors).
 *
 * Where the desktop answers a refusal with a result ({ ok: false, error }), the REST client throws a
 * ProxyApiError carrying the server's sentence: the refusal is turned back into the same result here, so each
 * component shows the sentence whichever transport it runs on. What only the desktop app can do (open a folder,
 * install an update, copy the stored access token) answers with a sentence saying so; the components hide those
 * buttons in a browser (transportKind() in ../api.ts), this is the backstop.
 *
 * Imports carry .js, unlike the rest of renderer/: the Node-side tests import this file, under NodeNext.
 */
import { IBKRErrorSchema, type IBKRError } from '../../../src/common/contract.js';
import type {
  ActionResult,
  EdgerunnerDesktopApi,
  KillSwitchResult,
  LogLevelName,
  ProxyStatus,
  SaveSettingsResult,
  SettingsObject,
  UpdateStatus,
} from '../../../src/common/ipc.js';
import { ProxyApiError, type ProxyClient } from '../../../packages/client/src/index.js';

/** Sentences of what a browser cannot do (exported for the tests and the components that hide the buttons). */
export const BROWSER_ONLY_SENTENCES = {
  openLogsFolder: 'A browser cannot open folders on the proxy\'s machine: the latest lines are in the log tail here, the files where LOG_FILE says.',
  restartToUpdate: 'Updates are installed by the desktop app; a headless proxy is updated with git pull and npm ci.',
  copyAccessToken: 'The console is never sent the stored access token; rotate it to get a new one, shown here once.',
} as const;

/** A refusal with the server's sentence as the window's ActionResult; other failures (network) stay errors. */
async function action(run: () => Promise<unknown>): Promise<ActionResult> {
  try {
    await run();
    return { ok: true };
  } catch (e) {
    if (e instanceof ProxyApiError) return { ok: false, error: e.message };
    throw e;
  }
}

export interface BrowserTransportHooks {
  /** The session token was replaced (after rotating the access token or setting credentials). */
  newSession(token: string): void;
}

export function browserTransport(client: ProxyClient, hooks: BrowserTransportHooks): EdgerunnerDesktopApi {
  const { rest, ws } = client;
  let lastStatus: ProxyStatus | null = null;
  const remember = (status: ProxyStatus): ProxyStatus => (lastStatus = status);
  const status = async (): Promise<ProxyStatus> => remember(await rest.getConsoleStatus());

  /**
   * The proxy signs every session out when its login changes (rotation, own credentials): the console logs in at
   * once with the new login, so it stays open to show the new token.
   */
  async function signInAgain(username: string, password: string): Promise<void> {
    const r = await rest.login({ username, password });
    hooks.newSession(r.token);
  }

  return {
    getStatus: status,
    onStatus(listener) {
      const offPush = ws.on('consoleStatus', (s) => listener(remember(s)));
      // Pushes sent while the console's socket was away are not replayed: read the status again once it is back.
      const offBack = ws.on('reconnected', () => void status().then(listener, () => undefined));
      return () => {
        offPush();
        offBack();
      };
    },
    connect: () => action(() => rest.connectConfiguredTws()),
    disconnect: () => action(() => rest.disconnectTws()),
    setMode: (mode) => action(() => rest.setTradingMode(mode)),

    getSettings: () => rest.getSettings(),
    validateSettings: (settings: SettingsObject) => rest.validateSettings(settings),
    async saveSettings(settings, options = {}): Promise<SaveSettingsResult> {
      try {
        const r = await rest.saveSettings(settings, options);
        return { status: 'saved', settings: r.settings, restarted: r.restarted };
      } catch (e) {
        if (!(e instanceof ProxyApiError)) throw e;
        if (e.code === 'confirmation_required') return { status: 'needs-confirmation', message: e.message };
        const issues = (e.issues ?? []).filter((i): i is { path: string; message: string } => typeof (i as { path?: unknown }).path === 'string');
        if (e.code === 'invalid_settings' && issues.length > 0) return { status: 'invalid', issues: issues as [typeof issues[number], ...typeof issues] };
        return { status: 'failed', error: e.message };
      }
    },

    async listClients() {
      const { clients } = await rest.getWebSocketClients();
      return clients.map((c) => ({ ...c, origin: c.origin ?? null }));
    },
    disconnectClient: (id) => action(() => rest.disconnectWebSocketClient(id)),
    recentErrors: (limit) => rest.getRecentIbErrors(limit),
    recentLogs: (query) => rest.getRecentLogs(query ?? {}),
    onLog: (listener) => ws.on('logLine', listener),
    onIbError: (listener) =>
      // The `error` push is also how the proxy reports protocol errors; only IB's own (numeric code) are shown.
      ws.on('error', (payload) => {
        const ib = IBKRErrorSchema.safeParse(payload);
        if (ib.success) listener(ib.data as IBKRError);
      }),
    todaysOrders: () => rest.getTodaysOrders(),
    onOrder(listener) {
      const offPush = ws.on('orderStatus', listener);
      // Changes while the console's socket was away are not replayed: hand over today's orders again once it is back.
      const offBack = ws.on('reconnected', () => void rest.getTodaysOrders().then((orders) => orders.forEach(listener), () => undefined));
      return () => {
        offPush();
        offBack();
      };
    },
    async setKillSwitch(active): Promise<KillSwitchResult> {
      try {
        if (active) {
          const r = await rest.cancelAllOrders();
          return { ok: true, tradingBlocked: r.tradingBlocked, cancelledOrders: r.cancelled, warning: null };
        }
        const r = await rest.enableTrading();
        return { ok: true, tradingBlocked: r.tradingBlocked, cancelledOrders: 0, warning: null };
      } catch (e) {
        if (e instanceof ProxyApiError) return { ok: false, error: e.message };
        throw e;
      }
    },

    simulateFault: (fault) => action(() => rest.simulateFault(fault)),

    getAccessToken: () => rest.getAccessTokenInfo(),
    copyAccessToken: async () => ({ ok: false, error: BROWSER_ONLY_SENTENCES.copyAccessToken }),
    async rotateAccessToken() {
      const info = await rest.rotateAccessToken();
      if (info.token) await signInAgain(info.username, info.token);
      return info;
    },
    setCredentials: (username, password) =>
      action(async () => {
        await rest.setCredentials(username, password);
        await signInAgain(username, password);
      }),
    getSecretStorageStatus: async () => (lastStatus ?? (await status())).secretStorage,

    trafficHistory: () => rest.getTrafficHistory(),
    onTraffic: (listener) => ws.on('trafficSample', listener),

    // A browser has no updater: the proxy's own update state (from its status) is all there is to show.
    checkForUpdates: async (): Promise<UpdateStatus> => (await status()).update,
    getUpdateStatus: async (): Promise<UpdateStatus> => (lastStatus ?? (await status())).update,
    onUpdateStatus: (listener) => ws.on('consoleStatus', (s) => listener(s.update)),
    restartToUpdate: async () => ({ ok: false, error: BROWSER_ONLY_SENTENCES.restartToUpdate }),

    openLogsFolder: async () => ({ ok: false, error: BROWSER_ONLY_SENTENCES.openLogsFolder }),
    // The proxy keeps no log of its web pages; the browser's console is where a page's own messages go.
    log: (level: LogLevelName, text: string) => {
      const write = level === 'error' ? console.error : level === 'warn' ? console.warn : console.info;
      write(`[console] ${text}`);
    },
  };
}

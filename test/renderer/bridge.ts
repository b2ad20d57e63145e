/**
 * Stands in for src/preload in the browser: builds `window.edgerunner` with exactly the EdgerunnerDesktopApi
 * shape, turning each call into (channel, payload) as the preload does with ipcRenderer.invoke, and each
 * onX(listener) into a subscription to one EVENTS channel. Node answers through one exposed binding that
 * validates the payload with the same guard main uses (src/main/ipc/ipcGuard.ts) and calls D's controller.
 *
 * The method → channel table is typed against the API, so a method added to the contract without a row here
 * fails the typecheck instead of silently missing in the tests.
 */
import type { Page } from 'playwright-core';
import { EVENTS, INVOKE, SEND, type EdgerunnerDesktopApi, type EventChannel, type InvokeChannel } from '../../src/common/ipc.js';

type Methods = keyof EdgerunnerDesktopApi;
type EventMethods = Extract<Methods, `on${string}`>;
type InvokeMethods = Exclude<Methods, EventMethods | 'log'>;

/** How a method's arguments become the channel payload. */
type PayloadSpec =
  | { kind: 'none' }
  | { kind: 'object'; keys: string[] }
  | { kind: 'optionalObject'; keys: string[] }
  | { kind: 'first' }
  | { kind: 'save' };

const none = { kind: 'none' } as const;

export const INVOKE_METHODS = {
  getStatus: { channel: INVOKE.getStatus, payload: none },
  connect: { channel: INVOKE.connect, payload: none },
  disconnect: { channel: INVOKE.disconnect, payload: none },
  setMode: { channel: INVOKE.setMode, payload: { kind: 'object', keys: ['mode'] } },
  getSettings: { channel: INVOKE.getSettings, payload: none },
  validateSettings: { channel: INVOKE.validateSettings, payload: { kind: 'object', keys: ['settings'] } },
  saveSettings: { channel: INVOKE.saveSettings, payload: { kind: 'save' } },
  listClients: { channel: INVOKE.listClients, payload: none },
  disconnectClient: { channel: INVOKE.disconnectClient, payload: { kind: 'object', keys: ['id'] } },
  recentErrors: { channel: INVOKE.recentErrors, payload: { kind: 'optionalObject', keys: ['limit'] } },
  recentLogs: { channel: INVOKE.recentLogs, payload: { kind: 'first' } },
  todaysOrders: { channel: INVOKE.todaysOrders, payload: none },
  setKillSwitch: { channel: INVOKE.setKillSwitch, payload: { kind: 'object', keys: ['active'] } },
  getAccessToken: { channel: INVOKE.getAccessToken, payload: none },
  copyAccessToken: { channel: INVOKE.copyAccessToken, payload: none },
  rotateAccessToken: { channel: INVOKE.rotateAccessToken, payload: none },
  setCredentials: { channel: INVOKE.setCredentials, payload: { kind: 'object', keys: ['username', 'password'] } },
  getSecretStorageStatus: { channel: INVOKE.getSecretStorageStatus, payload: none },
  trafficHistory: { channel: INVOKE.trafficHistory, payload: none },
  checkForUpdates: { channel: INVOKE.checkForUpdates, payload: none },
  getUpdateStatus: { channel: INVOKE.getUpdateStatus, payload: none },
  restartToUpdate: { channel: INVOKE.restartToUpdate, payload: none },
  openLogsFolder: { channel: INVOKE.openLogsFolder, payload: none },
} satisfies Record<InvokeMethods, { channel: InvokeChannel; payload: PayloadSpec }>;

export const EVENT_METHODS = {
  onStatus: EVENTS.status,
  onTraffic: EVENTS.traffic,
  onLog: EVENTS.log,
  onOrder: EVENTS.order,
  onIbError: EVENTS.ibError,
  onUpdateStatus: EVENTS.updateStatus,
} satisfies Record<EventMethods, EventChannel>;

/** Runs in the page before any of its scripts (addInitScript). Plain JS: it is sent to the browser as text. */
function bridgeScript(): string {
  return `(() => {
  const invokeMethods = ${JSON.stringify(INVOKE_METHODS)};
  const eventMethods = ${JSON.stringify(EVENT_METHODS)};
  const listeners = new Map();
  const api = {};
  const payloadOf = (spec, args) => {
    switch (spec.kind) {
      case 'none': return undefined;
      case 'first': return args[0];
      case 'object': return Object.fromEntries(spec.keys.map((k, i) => [k, args[i]]));
      case 'optionalObject': return args[0] === undefined ? undefined : Object.fromEntries(spec.keys.map((k, i) => [k, args[i]]));
      case 'save': {
        const opts = args[1];
        return opts && opts.confirmServerRestart !== undefined ? { settings: args[0], confirmServerRestart: opts.confirmServerRestart } : { settings: args[0] };
      }
    }
  };
  for (const [name, m] of Object.entries(invokeMethods)) {
    api[name] = (...args) => window.__edgerunnerInvoke(m.channel, payloadOf(m.payload, args));
  }
  for (const [name, channel] of Object.entries(eventMethods)) {
    api[name] = (listener) => {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => { set.delete(listener); };
    };
  }
  api.log = (level, message) => { void window.__edgerunnerSend(${JSON.stringify(SEND.log)}, { level, message }); };
  Object.defineProperty(window, '__edgerunnerPush', {
    value: (channel, payload) => { for (const fn of [...(listeners.get(channel) || [])]) fn(payload); },
  });
  Object.defineProperty(window, 'edgerunner', { value: Object.freeze(api), enumerable: true });
})();`;
}

export interface BridgeBackend {
  /** Validated (channel, payload) → answer; throwing rejects the page's promise with the message. */
  invoke(channel: string, payload: unknown): Promise<unknown>;
  send(channel: string, payload: unknown): void;
  /** Subscribe to pushes; returns an unsubscribe. */
  onEvent(listener: (channel: EventChannel, payload: unknown) => void): () => void;
}

/** Installs the bridge on a page (before navigation) and forwards every backend push into it. */
export async function installBridge(page: Page, backend: BridgeBackend): Promise<() => void> {
  await page.exposeBinding('__edgerunnerInvoke', (_source, channel: string, payload: unknown) => backend.invoke(channel, payload));
  await page.exposeBinding('__edgerunnerSend', (_source, channel: string, payload: unknown) => backend.send(channel, payload));
  await page.addInitScript({ content: bridgeScript() });
  return backend.onEvent((channel, payload) => {
    // The page may be navigating or closed; a lost push is what a closed window would lose too.
    page.evaluate(`window.__edgerunnerPush && window.__edgerunnerPush(${JSON.stringify(channel)}, ${JSON.stringify(payload)})`).catch(() => undefined);
  });
}

/**
 * The IPC channel names of the desktop app and which `window.edgerunner` method uses which (part of the contract
 * in ipc.ts, which re-exports them). Plain constants and two tiny pure functions, no zod, so the sandboxed
 * preload can import them without bundling a schema library. This file imports nothing: ipc.ts builds on it and
 * checks, at compile time, that the tables below name every method of `EdgerunnerDesktopApi` exactly once.
 */

/** Log levels, lowest number = most severe (ipc.ts's LogLevelSchema is built from this list). */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Request / response channels (ipcRenderer.invoke → ipcMain.handle). */
export const INVOKE = {
  getStatus: 'status:get',
  connect: 'gateway:connect',
  disconnect: 'gateway:disconnect',
  setMode: 'gateway:set-mode',
  getSettings: 'settings:get',
  validateSettings: 'settings:validate',
  saveSettings: 'settings:save',
  listClients: 'clients:list',
  disconnectClient: 'clients:disconnect',
  recentErrors: 'errors:recent',
  recentLogs: 'logs:recent',
  todaysOrders: 'orders:today',
  setKillSwitch: 'trading:kill-switch',
  getAccessToken: 'auth:get-access-token',
  copyAccessToken: 'auth:copy-access-token',
  rotateAccessToken: 'auth:rotate-access-token',
  setCredentials: 'auth:set-credentials',
  trafficHistory: 'traffic:history',
  checkForUpdates: 'updates:check',
  getUpdateStatus: 'updates:get-status',
  restartToUpdate: 'updates:restart',
  getSecretStorageStatus: 'security:secret-storage',
  openLogsFolder: 'app:open-logs-folder',
  simulateFault: 'demo:simulate-fault',
} as const;
export type InvokeChannel = (typeof INVOKE)[keyof typeof INVOKE];

/** Fire-and-forget channels from the window (ipcRenderer.send → ipcMain.on). */
export const SEND = {
  log: 'log:write',
} as const;
export type SendChannel = (typeof SEND)[keyof typeof SEND];

/** Pushes from main to the window (webContents.send → ipcRenderer.on). */
export const EVENTS = {
  status: 'event:status',
  traffic: 'event:traffic',
  log: 'event:log',
  order: 'event:order',
  ibError: 'event:ib-error',
  updateStatus: 'event:update-status',
} as const;
export type EventChannel = (typeof EVENTS)[keyof typeof EVENTS];


// ---------------------------------------------------------------------------------------------------------------
// window.edgerunner method → channel: THE one table. The preload builds the real API from it and the renderer
// tests' bridge (test/renderer/bridge.ts) builds its stand-in from it, so the two cannot drift apart.
// ---------------------------------------------------------------------------------------------------------------

/**
 * How a method's arguments become the channel payload (main validates it with IPC_REQUEST_SCHEMAS):
 *  - none:     no payload;
 *  - first:    the first argument as is (an optional query object);
 *  - object:   positional arguments named by `keys`, e.g. setCredentials(u, p) → { username: u, password: p };
 *              `optional` means no payload at all when the first argument is undefined;
 *              `options` names the fields taken from a trailing options object, only where defined (the
 *              schemas are strict, and `undefined` is not "absent" to them).
 */
export type PayloadSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'first' }
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly optional?: boolean; readonly options?: readonly string[] };

const none = { kind: 'none' } as const;
const named = (...keys: string[]) => ({ kind: 'object', keys }) as const;

export const INVOKE_METHODS = {
  getStatus: { channel: INVOKE.getStatus, payload: none },
  connect: { channel: INVOKE.connect, payload: none },
  disconnect: { channel: INVOKE.disconnect, payload: none },
  setMode: { channel: INVOKE.setMode, payload: named('mode') },
  getSettings: { channel: INVOKE.getSettings, payload: none },
  validateSettings: { channel: INVOKE.validateSettings, payload: named('settings') },
  saveSettings: { channel: INVOKE.saveSettings, payload: { kind: 'object', keys: ['settings'], options: ['confirmServerRestart'] } },
  listClients: { channel: INVOKE.listClients, payload: none },
  disconnectClient: { channel: INVOKE.disconnectClient, payload: named('id') },
  recentErrors: { channel: INVOKE.recentErrors, payload: { kind: 'object', keys: ['limit'], optional: true } },
  recentLogs: { channel: INVOKE.recentLogs, payload: { kind: 'first' } },
  todaysOrders: { channel: INVOKE.todaysOrders, payload: none },
  setKillSwitch: { channel: INVOKE.setKillSwitch, payload: named('active') },
  getAccessToken: { channel: INVOKE.getAccessToken, payload: none },
  copyAccessToken: { channel: INVOKE.copyAccessToken, payload: none },
  rotateAccessToken: { channel: INVOKE.rotateAccessToken, payload: none },
  setCredentials: { channel: INVOKE.setCredentials, payload: named('username', 'password') },
  getSecretStorageStatus: { channel: INVOKE.getSecretStorageStatus, payload: none },
  trafficHistory: { channel: INVOKE.trafficHistory, payload: none },
  checkForUpdates: { channel: INVOKE.checkForUpdates, payload: none },
  getUpdateStatus: { channel: INVOKE.getUpdateStatus, payload: none },
  restartToUpdate: { channel: INVOKE.restartToUpdate, payload: none },
  openLogsFolder: { channel: INVOKE.openLogsFolder, payload: none },
  simulateFault: { channel: INVOKE.simulateFault, payload: named('fault') },
} as const satisfies { readonly [method: string]: { readonly channel: InvokeChannel; readonly payload: PayloadSpec } };
/** Request / response methods of `window.edgerunner`: one INVOKE channel each. */
export type InvokeMethod = keyof typeof INVOKE_METHODS;

export const EVENT_METHODS = {
  onStatus: EVENTS.status,
  onTraffic: EVENTS.traffic,
  onLog: EVENTS.log,
  onOrder: EVENTS.order,
  onIbError: EVENTS.ibError,
  onUpdateStatus: EVENTS.updateStatus,
} as const satisfies { readonly [method: `on${string}`]: EventChannel };
/** `onX(listener)` methods of `window.edgerunner`: subscriptions to one EVENTS channel. */
export type EventMethod = keyof typeof EVENT_METHODS;

/** The payload a call with `args` sends (see PayloadSpec). */
export function payloadOf(spec: PayloadSpec, args: readonly unknown[]): unknown {
  switch (spec.kind) {
    case 'none':
      return undefined;
    case 'first':
      return args[0];
    case 'object': {
      if (spec.optional && args[0] === undefined) return undefined;
      const payload: Record<string, unknown> = {};
      spec.keys.forEach((key, i) => (payload[key] = args[i]));
      const options = args[spec.keys.length];
      if (spec.options && typeof options === 'object' && options !== null) {
        for (const key of spec.options) {
          const value = (options as Record<string, unknown>)[key];
          if (value !== undefined) payload[key] = value;
        }
      }
      return payload;
    }
  }
}

/** Longest log line the window may send (SEND_SCHEMAS enforces it in main). */
export const LOG_MESSAGE_MAX = 8_192;

/** `log(level, message)`'s payload: cut to LOG_MESSAGE_MAX here, so a long line is shortened instead of refused. */
export function logPayload(level: LogLevelName, message: unknown): { level: LogLevelName; message: string } {
  return { level, message: String(message).slice(0, LOG_MESSAGE_MAX) };
}

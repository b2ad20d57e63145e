/**
 * THE IPC contract of the desktop app: every channel between the Electron main process, the preload bridge and
 * the monitor / settings window, with the zod schema of what the window may send and the types of what main
 * answers. The preload exposes exactly `EdgerunnerDesktopApi` as `window.edgerunner`; main validates every
 * incoming payload with `IPC_REQUEST_SCHEMAS` (and checks the sender frame) before acting on it.
 *
 * Runtime-neutral (zod + types only): main, preload and renderer all import it, so a channel cannot be renamed
 * or a payload changed in one place without the compiler pointing at the others.
 *
 * Settings travel as plain objects and are validated in main by the core's SettingsSchema (the renderer may not
 * import src/core); `validateSettings` lets the window show the core's own error sentences before saving.
 */
import { z } from 'zod';
import { WsClientInfoSchema } from './apiMessages.js';
import {
  INVOKE,
  SEND,
  EVENTS,
  LOG_MESSAGE_MAX,
  type EventMethod,
  type InvokeChannel,
  type InvokeMethod,
  type SendChannel,
  type EventChannel,
  type LogLevelName,
} from './ipcChannels.js';
import {
  IBKRErrorSchema,
  OrderSchema,
  TradingModeSchema,
  type TradingMode,
  type IBKRError,
  type Order,
} from './contract.js';
import type { DemoFault } from './demoFaults.js';
import {
  CredentialsRequestSchema,
  DemoFaultRequestSchema,
  LogLevelSchema,
  ProxyStatusSchema,
  LogLineSchema,
  SaveSettingsRequestSchema,
  SettingsObjectSchema,
  TrafficSampleSchema,
  UpdateStatusSchema,
  type AccessTokenInfo,
  type ActionResult,
  type KillSwitchResult,
  type LogLine,
  type ProxyStatus,
  type SaveSettingsResult,
  type SecretStorageStatus,
  type SettingsObject,
  type SettingsSnapshot,
  type SettingsValidation,
  type TrafficSample,
  type UpdateStatus,
} from './consoleShapes.js';

// Channel names and the method → channel table live in ipcChannels.ts (no zod there, so the preload bundle stays
// tiny); re-exported here.
export { INVOKE, SEND, EVENTS, INVOKE_METHODS, EVENT_METHODS, LOG_MESSAGE_MAX, payloadOf, logPayload } from './ipcChannels.js';
export type { InvokeChannel, SendChannel, EventChannel, InvokeMethod, EventMethod, PayloadSpec, LogLevelName } from './ipcChannels.js';

// ---------------------------------------------------------------------------------------------------------------
// Shapes main sends to the window
// ---------------------------------------------------------------------------------------------------------------

// The gateway's status and trading modes are API shapes too (contract.ts); re-exported for the window.
export { GatewayStatusSchema, TradingModeSchema, type GatewayStatus, type TradingMode } from './contract.js';

// What the window shows is the same whichever transport carries it (consoleShapes.ts); re-exported here.
export * from './consoleShapes.js';

/**
 * A connected frontend (one WebSocket client of the local API): the API server's own client view (userId,
 * connectionTime, subscriptions, bufferedAmount...), with the page origin always present (null: none was sent).
 */
export const ClientInfoSchema = WsClientInfoSchema.extend({ origin: z.string().nullable() });
export type ClientInfo = z.infer<typeof ClientInfoSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Payloads the window sends: main validates every one of these before acting
// ---------------------------------------------------------------------------------------------------------------

const NoPayload = z.undefined();
const limit = (max: number) => z.number().int().min(1).max(max).optional();

export const IPC_REQUEST_SCHEMAS = {
  [INVOKE.getStatus]: NoPayload,
  [INVOKE.connect]: NoPayload,
  [INVOKE.disconnect]: NoPayload,
  [INVOKE.setMode]: z.strictObject({ mode: TradingModeSchema }),
  [INVOKE.getSettings]: NoPayload,
  [INVOKE.validateSettings]: z.strictObject({ settings: SettingsObjectSchema }),
  [INVOKE.saveSettings]: SaveSettingsRequestSchema,
  [INVOKE.listClients]: NoPayload,
  [INVOKE.disconnectClient]: z.strictObject({ id: z.string().min(1).max(128) }),
  [INVOKE.recentErrors]: z.strictObject({ limit: limit(500) }).optional(),
  [INVOKE.recentLogs]: z.strictObject({ limit: limit(2_000), level: LogLevelSchema.optional() }).optional(),
  [INVOKE.todaysOrders]: NoPayload,
  /** active true: cancel all open orders and block trading; false: re-enable trading. */
  [INVOKE.setKillSwitch]: z.strictObject({ active: z.boolean() }),
  [INVOKE.getAccessToken]: NoPayload,
  [INVOKE.copyAccessToken]: NoPayload,
  [INVOKE.rotateAccessToken]: NoPayload,
  [INVOKE.setCredentials]: CredentialsRequestSchema,
  [INVOKE.trafficHistory]: NoPayload,
  [INVOKE.checkForUpdates]: NoPayload,
  [INVOKE.getUpdateStatus]: NoPayload,
  [INVOKE.restartToUpdate]: NoPayload,
  [INVOKE.getSecretStorageStatus]: NoPayload,
  [INVOKE.openLogsFolder]: NoPayload,
  [INVOKE.simulateFault]: DemoFaultRequestSchema,
} as const satisfies Record<InvokeChannel, z.ZodType>;

export const SEND_SCHEMAS = {
  [SEND.log]: z.strictObject({ level: LogLevelSchema, message: z.string().max(LOG_MESSAGE_MAX) }),
} as const satisfies Record<SendChannel, z.ZodType>;

export type IpcRequest<C extends InvokeChannel> = z.input<(typeof IPC_REQUEST_SCHEMAS)[C]>;

/** What main answers on each channel. */
export interface IpcResponses {
  [INVOKE.getStatus]: ProxyStatus;
  [INVOKE.connect]: ActionResult;
  [INVOKE.disconnect]: ActionResult;
  [INVOKE.setMode]: ActionResult;
  [INVOKE.getSettings]: SettingsSnapshot;
  [INVOKE.validateSettings]: SettingsValidation;
  [INVOKE.saveSettings]: SaveSettingsResult;
  [INVOKE.listClients]: ClientInfo[];
  [INVOKE.disconnectClient]: ActionResult;
  [INVOKE.recentErrors]: IBKRError[];
  [INVOKE.recentLogs]: LogLine[];
  [INVOKE.todaysOrders]: Order[];
  [INVOKE.setKillSwitch]: KillSwitchResult;
  [INVOKE.getAccessToken]: AccessTokenInfo;
  [INVOKE.copyAccessToken]: ActionResult;
  [INVOKE.rotateAccessToken]: AccessTokenInfo;
  [INVOKE.setCredentials]: ActionResult;
  [INVOKE.trafficHistory]: TrafficSample[];
  [INVOKE.checkForUpdates]: UpdateStatus;
  [INVOKE.getUpdateStatus]: UpdateStatus;
  [INVOKE.restartToUpdate]: ActionResult;
  [INVOKE.getSecretStorageStatus]: SecretStorageStatus;
  [INVOKE.openLogsFolder]: ActionResult;
  [INVOKE.simulateFault]: ActionResult;
}

/** What main pushes on each event channel. */
export interface IpcEvents {
  [EVENTS.status]: ProxyStatus;
  [EVENTS.traffic]: TrafficSample;
  [EVENTS.log]: LogLine;
  [EVENTS.order]: Order;
  [EVENTS.ibError]: IBKRError;
  [EVENTS.updateStatus]: UpdateStatus;
}

/** Schemas of the pushed payloads (for renderer test harnesses and defensive parsing). */
export const IPC_EVENT_SCHEMAS = {
  [EVENTS.status]: ProxyStatusSchema,
  [EVENTS.traffic]: TrafficSampleSchema,
  [EVENTS.log]: LogLineSchema,
  [EVENTS.order]: OrderSchema,
  [EVENTS.ibError]: IBKRErrorSchema,
  [EVENTS.updateStatus]: UpdateStatusSchema,
} as const satisfies Record<EventChannel, z.ZodType>;

// ---------------------------------------------------------------------------------------------------------------
// The API the window sees as `window.edgerunner`
// ---------------------------------------------------------------------------------------------------------------

export type Unsubscribe = () => void;

/**
 * The window's whole view of the proxy. The preload implements it over IPC; the web console implements the
 * same interface over the REST + WebSocket API (renderer/src/console/browserTransport.ts), so one renderer
 * serves both.
 */
export interface EdgerunnerDesktopApi {
  // Connection
  getStatus(): Promise<ProxyStatus>;
  /** Called with every status change (connection, clients, kill switch, update state...). */
  onStatus(listener: (status: ProxyStatus) => void): Unsubscribe;
  connect(): Promise<ActionResult>;
  disconnect(): Promise<ActionResult>;
  /** Switch between the live and paper TWS profiles (reconnects when connected). */
  setMode(mode: TradingMode): Promise<ActionResult>;

  // Settings
  getSettings(): Promise<SettingsSnapshot>;
  /** Dry run with the core schema: the issues the save would report, nothing stored. */
  validateSettings(settings: SettingsObject): Promise<SettingsValidation>;
  /** Validates, stores and applies. A server host/port change needs `confirmServerRestart: true`. */
  saveSettings(settings: SettingsObject, options?: { confirmServerRestart?: boolean }): Promise<SaveSettingsResult>;

  // Clients, problems, orders
  listClients(): Promise<ClientInfo[]>;
  disconnectClient(id: string): Promise<ActionResult>;
  recentErrors(limit?: number): Promise<IBKRError[]>;
  recentLogs(query?: { limit?: number; level?: LogLevelName }): Promise<LogLine[]>;
  onLog(listener: (line: LogLine) => void): Unsubscribe;
  onIbError(listener: (error: IBKRError) => void): Unsubscribe;
  todaysOrders(): Promise<Order[]>;
  onOrder(listener: (order: Order) => void): Unsubscribe;
  /** true: cancel every open order and block trading; false: re-enable trading. */
  setKillSwitch(active: boolean): Promise<KillSwitchResult>;

  // Access
  getAccessToken(): Promise<AccessTokenInfo>;
  /** Main writes it to the clipboard (the window needs no clipboard permission). */
  copyAccessToken(): Promise<ActionResult>;
  /** New access token; signs every client out. */
  rotateAccessToken(): Promise<AccessTokenInfo>;
  setCredentials(username: string, password: string): Promise<ActionResult>;
  getSecretStorageStatus(): Promise<SecretStorageStatus>;

  // Traffic
  /** Samples of the last minutes, oldest first. */
  trafficHistory(): Promise<TrafficSample[]>;
  onTraffic(listener: (sample: TrafficSample) => void): Unsubscribe;

  // Updates
  checkForUpdates(): Promise<UpdateStatus>;
  getUpdateStatus(): Promise<UpdateStatus>;
  onUpdateStatus(listener: (status: UpdateStatus) => void): Unsubscribe;
  /** Quits and installs a downloaded update. */
  restartToUpdate(): Promise<ActionResult>;

  // Demo
  /** Makes the demo's TWS simulator misbehave (only where status.abilities.simulatorFaults is true). */
  simulateFault(fault: DemoFault): Promise<ActionResult>;

  // Misc
  openLogsFolder(): Promise<ActionResult>;
  /** Writes to the app's log file (redacted in main). */
  log(level: LogLevelName, message: string): void;
}

/**
 * The channel tables (ipcChannels.ts) and this interface must name the same methods: the preload builds the API
 * from the tables, so a method missing from one of them would be missing from the window. Compile-time only.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type ApiMethod = keyof EdgerunnerDesktopApi;
const tablesCoverTheApi: [Same<InvokeMethod, Exclude<ApiMethod, `on${string}` | 'log'>>, Same<EventMethod, Extract<ApiMethod, `on${string}`>>] = [
  true,
  true,
];
void tablesCoverTheApi;

declare global {
  interface Window {
    /** Present only inside the desktop app (exposed by src/preload). */
    edgerunner?: EdgerunnerDesktopApi;
  }
}

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
  LOG_LEVELS,
  LOG_MESSAGE_MAX,
  type EventMethod,
  type InvokeChannel,
  type InvokeMethod,
  type SendChannel,
  type EventChannel,
} from './ipcChannels.js';
import {
  GatewayStatusSchema,
  IBKRErrorSchema,
  OrderSchema,
  TradingModeSchema,
  type TradingMode,
  type IBKRError,
  type Order,
} from './contract.js';

// Channel names and the method → channel table live in ipcChannels.ts (no zod there, so the preload bundle stays
// tiny); re-exported here.
export { INVOKE, SEND, EVENTS, INVOKE_METHODS, EVENT_METHODS, LOG_MESSAGE_MAX, payloadOf, logPayload } from './ipcChannels.js';
export type { InvokeChannel, SendChannel, EventChannel, InvokeMethod, EventMethod, PayloadSpec, LogLevelName } from './ipcChannels.js';

// ---------------------------------------------------------------------------------------------------------------
// Shapes main sends to the window
// ---------------------------------------------------------------------------------------------------------------

// The gateway's status and trading modes are API shapes too (contract.ts); re-exported for the window.
export { GatewayStatusSchema, TradingModeSchema, type GatewayStatus, type TradingMode } from './contract.js';

/** What the tray and the window show as "mode": demo means the built-in TWS simulator, never a real account. */
export const DisplayModeSchema = z.enum(['live', 'paper', 'demo']);
export type DisplayMode = z.infer<typeof DisplayModeSchema>;



/**
 * Whether secrets can really be encrypted. `backend` is safeStorage.getSelectedStorageBackend() on Linux
 * ('basic_text' means no keyring: secrets would be stored in the clear, so we refuse and say so).
 */
export const SecretStorageStatusSchema = z.object({
  available: z.boolean(),
  backend: z.string(),
  /** A sentence for the settings window when `available` is false; null when all is well. */
  warning: z.string().nullable(),
});
export type SecretStorageStatus = z.infer<typeof SecretStorageStatusSchema>;

export const UpdateStateSchema = z.enum([
  'disabled', // not a packaged build, or no publish configuration: auto-update cannot work here
  'idle',
  'checking',
  'available',
  'downloading',
  'downloaded',
  'not-available',
  'error',
]);
export type UpdateState = z.infer<typeof UpdateStateSchema>;

export const UpdateStatusSchema = z.object({
  state: UpdateStateSchema,
  currentVersion: z.string(),
  /** The version offered by the update server, once known. */
  availableVersion: z.string().nullable(),
  /** Download progress 0..100 while downloading. */
  percent: z.number().min(0).max(100).nullable(),
  /** Why the last check or download failed, or why updates are disabled. */
  message: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  nextCheckAt: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

export const DesktopStatusSchema = z.object({
  /** 'demo' runs against the built-in simulator. */
  appMode: z.enum(['desktop', 'demo']),
  displayMode: DisplayModeSchema,
  version: z.string(),
  gateway: GatewayStatusSchema,
  server: z.object({
    host: z.string(),
    port: z.number().int(),
    listening: z.boolean(),
    /** http://host:port, what the frontend connects to. */
    url: z.string(),
  }),
  connectedClients: z.number().int(),
  secretStorage: SecretStorageStatusSchema,
  /** Set when the settings file was unreadable and replaced by defaults (where the backup went). */
  settingsWarning: z.string().nullable(),
  update: UpdateStatusSchema,
});
export type DesktopStatus = z.infer<typeof DesktopStatusSchema>;

/**
 * A connected frontend (one WebSocket client of the local API): the API server's own client view (userId,
 * connectionTime, subscriptions, bufferedAmount...), with the page origin always present (null: none was sent).
 */
export const ClientInfoSchema = WsClientInfoSchema.extend({ origin: z.string().nullable() });
export type ClientInfo = z.infer<typeof ClientInfoSchema>;

export const LogLevelSchema = z.enum(LOG_LEVELS);
type LogLevelName = z.infer<typeof LogLevelSchema>;

/** One log line, already redacted by main. */
export const LogLineSchema = z.object({
  time: z.string(),
  level: LogLevelSchema,
  scope: z.string().optional(),
  message: z.string(),
});
export type LogLine = z.infer<typeof LogLineSchema>;

/** Rates over the last sampling interval (about one second), for the traffic chart. */
export const TrafficSampleSchema = z.object({
  at: z.string(),
  messagesInPerSec: z.number().min(0),
  messagesOutPerSec: z.number().min(0),
  ticksPushedPerSec: z.number().min(0),
  linesInUse: z.number().int(),
  lineBudget: z.number().int(),
});
export type TrafficSample = z.infer<typeof TrafficSampleSchema>;

export const ActionResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  /** `error` is a sentence for the user. */
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type ActionResult = z.infer<typeof ActionResultSchema>;

export const KillSwitchResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    tradingBlocked: z.boolean(),
    /** Open orders a cancel was sent for. */
    cancelledOrders: z.number().int(),
    /** E.g. trading is blocked but the cancel could not reach TWS (not connected). */
    warning: z.string().nullable(),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type KillSwitchResult = z.infer<typeof KillSwitchResultSchema>;

export const AccessTokenInfoSchema = z.object({
  username: z.string(),
  loginMode: z.enum(['fixed-password', 'stored-password', 'access-token']),
  /** The access token to type into the frontend's login; null when it cannot be shown (see `reason`). */
  token: z.string().nullable(),
  reason: z.string().nullable(),
});
export type AccessTokenInfo = z.infer<typeof AccessTokenInfoSchema>;

export const SettingsIssueSchema = z.object({
  /** Dotted settings path, e.g. "server.port" ("" for the whole object). */
  path: z.string(),
  /** The core's sentence, e.g. "server.port must be an integer from 0 to 65535 (got 70000)." */
  message: z.string(),
});
export type SettingsIssue = z.infer<typeof SettingsIssueSchema>;

/** Settings as stored (the core SettingsSchema's output); kept loose here because src/common cannot see core. */
export const SettingsObjectSchema = z.record(z.string(), z.unknown());
export type SettingsObject = z.infer<typeof SettingsObjectSchema>;

export const SettingsSnapshotSchema = z.object({
  settings: SettingsObjectSchema,
  defaults: SettingsObjectSchema,
  /** Where the file lives, for the "settings are kept in ..." hint. */
  filePath: z.string(),
  /** Same as DesktopStatus.settingsWarning. */
  warning: z.string().nullable(),
});
export type SettingsSnapshot = z.infer<typeof SettingsSnapshotSchema>;

export const SettingsValidationSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), issues: z.array(SettingsIssueSchema).min(1) }),
]);
export type SettingsValidation = z.infer<typeof SettingsValidationSchema>;

export const SaveSettingsResultSchema = z.discriminatedUnion('status', [
  /** Saved and applied; `restarted` names what was restarted to apply it (e.g. "server"). */
  z.object({ status: z.literal('saved'), settings: SettingsObjectSchema, restarted: z.array(z.string()) }),
  z.object({ status: z.literal('invalid'), issues: z.array(SettingsIssueSchema).min(1) }),
  /** Nothing saved: applying it restarts the local API server (clients reconnect); call again with confirm. */
  z.object({ status: z.literal('needs-confirmation'), message: z.string() }),
  z.object({ status: z.literal('failed'), error: z.string() }),
]);
export type SaveSettingsResult = z.infer<typeof SaveSettingsResultSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Payloads the window sends: main validates every one of these before acting
// ---------------------------------------------------------------------------------------------------------------

const NoPayload = z.undefined();
const limit = (max: number) => z.number().int().min(1).max(max).optional();

/** What a user may type as login name (same rule as the core's USERNAME_RE). */
export const UsernameSchema = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'username: 1 to 64 letters, digits or . _ @ -');

export const IPC_REQUEST_SCHEMAS = {
  [INVOKE.getStatus]: NoPayload,
  [INVOKE.connect]: NoPayload,
  [INVOKE.disconnect]: NoPayload,
  [INVOKE.setMode]: z.strictObject({ mode: TradingModeSchema }),
  [INVOKE.getSettings]: NoPayload,
  [INVOKE.validateSettings]: z.strictObject({ settings: SettingsObjectSchema }),
  [INVOKE.saveSettings]: z.strictObject({ settings: SettingsObjectSchema, confirmServerRestart: z.boolean().optional() }),
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
  [INVOKE.setCredentials]: z.strictObject({
    username: UsernameSchema,
    password: z.string().min(8, 'password: at least 8 characters').max(1_024),
  }),
  [INVOKE.trafficHistory]: NoPayload,
  [INVOKE.checkForUpdates]: NoPayload,
  [INVOKE.getUpdateStatus]: NoPayload,
  [INVOKE.restartToUpdate]: NoPayload,
  [INVOKE.getSecretStorageStatus]: NoPayload,
  [INVOKE.openLogsFolder]: NoPayload,
} as const satisfies Record<InvokeChannel, z.ZodType>;

export const SEND_SCHEMAS = {
  [SEND.log]: z.strictObject({ level: LogLevelSchema, message: z.string().max(LOG_MESSAGE_MAX) }),
} as const satisfies Record<SendChannel, z.ZodType>;

export type IpcRequest<C extends InvokeChannel> = z.input<(typeof IPC_REQUEST_SCHEMAS)[C]>;

/** What main answers on each channel. */
export interface IpcResponses {
  [INVOKE.getStatus]: DesktopStatus;
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
}

/** What main pushes on each event channel. */
export interface IpcEvents {
  [EVENTS.status]: DesktopStatus;
  [EVENTS.traffic]: TrafficSample;
  [EVENTS.log]: LogLine;
  [EVENTS.order]: Order;
  [EVENTS.ibError]: IBKRError;
  [EVENTS.updateStatus]: UpdateStatus;
}

/** Schemas of the pushed payloads (for renderer test harnesses and defensive parsing). */
export const IPC_EVENT_SCHEMAS = {
  [EVENTS.status]: DesktopStatusSchema,
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

export interface EdgerunnerDesktopApi {
  // Connection
  getStatus(): Promise<DesktopStatus>;
  /** Called with every status change (connection, clients, kill switch, update state...). */
  onStatus(listener: (status: DesktopStatus) => void): Unsubscribe;
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

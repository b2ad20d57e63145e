/**
 * The shapes of the monitor and settings window, whichever way it reaches the proxy: the desktop app's IPC
 * (ipc.ts) and the web console's REST + WebSocket API (apiRoutes.ts, the `consoleStatus` / `trafficSample` /
 * `logLine` pushes of apiMessages.ts) carry the same objects, so one renderer serves both.
 *
 * Runtime-neutral (zod only). Settings travel as plain objects and are validated by the core's SettingsSchema
 * (src/common cannot see src/core); `validateSettings` lets the window show the core's own sentences first.
 */
import { z } from 'zod';
import { GatewayStatusSchema } from './contract.js';
import { DEMO_FAULTS } from './demoFaults.js';
import { LOG_LEVELS } from './ipcChannels.js';

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

export const DemoFaultSchema = z.enum(DEMO_FAULTS);

/**
 * What this proxy lets the window change, decided by the mode that hosts it: the window greys out (and the API
 * refuses, with the same sentence) what is not allowed, instead of offering a button that can only fail.
 */
export const ConsoleAbilitiesSchema = z.object({
  /** null: settings are saved here; else the sentence saying where to change them (headless: .env). */
  settingsReadOnly: z.string().nullable(),
  /** null: the live / paper switch works; else why not (demo: the simulator; headless: IBKR_MODE). */
  modeSwitchRefused: z.string().nullable(),
  /** The demo's TWS simulator takes faults (restart, 1100 / 1101, a competing session); never outside demo. */
  simulatorFaults: z.boolean(),
});
export type ConsoleAbilities = z.infer<typeof ConsoleAbilitiesSchema>;

/** The proxy at a glance: what the tray, the monitor window and the web console show. */
export const ProxyStatusSchema = z.object({
  /** Which shell hosts the proxy; 'demo' runs against the built-in simulator (desktop or `npm run demo`). */
  appMode: z.enum(['desktop', 'demo', 'headless']),
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
  abilities: ConsoleAbilitiesSchema,
});
export type ProxyStatus = z.infer<typeof ProxyStatusSchema>;

export const LogLevelSchema = z.enum(LOG_LEVELS);

/** One log line, already redacted by the logger that wrote it. */
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
  /** Where the settings live, for the "settings are kept in ..." hint (headless: the .env file). */
  filePath: z.string(),
  /** Same as ProxyStatus.settingsWarning. */
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

/** What a user may type as login name (same rule as the core's USERNAME_RE). */
export const UsernameSchema = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'username: 1 to 64 letters, digits or . _ @ -');

/** A login of one's own instead of the generated access token (the window's form, the console's route). */
export const CredentialsRequestSchema = z.strictObject({
  username: UsernameSchema,
  password: z.string().min(8, 'password: at least 8 characters').max(1_024),
});

export const SaveSettingsRequestSchema = z.strictObject({ settings: SettingsObjectSchema, confirmServerRestart: z.boolean().optional() });

// ---------------------------------------------------------------------------------------------------------------
// What the web console sends (the REST routes of apiRoutes.ts); the desktop's IPC payloads are in ipc.ts
// ---------------------------------------------------------------------------------------------------------------

/** A `limit` query parameter: digits, from 1 to `max`. */
const limitQuery = (max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,5}$/, 'limit is a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'limit is at least 1').max(max, `limit is at most ${max}`))
    .optional();

export const LogsQuerySchema = z.object({ limit: limitQuery(2_000), level: LogLevelSchema.optional() });
export const IbErrorsQuerySchema = z.object({ limit: limitQuery(500) });
export const ValidateSettingsRequestSchema = z.strictObject({ settings: SettingsObjectSchema });
export const SetModeRequestSchema = z.strictObject({ mode: z.enum(['live', 'paper']) });
export const DemoFaultRequestSchema = z.strictObject({ fault: DemoFaultSchema });

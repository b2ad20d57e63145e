/**
 * How each setting of the core's SettingsSchema is shown: its group, label, control and a hint. The window cannot
 * import the schema itself (src/core is off limits to the renderer), so validation stays in the core (through the
 * validateSettings channel) and this file only decides presentation. Keys the schema gains later and this model
 * does not know yet still appear, in "Other settings", so no key is ever hidden.
 */

export type FieldKind =
  | { type: 'text' }
  | { type: 'int'; unit?: 'ms' | 'bytes' }
  | { type: 'optionalNumber' }
  | { type: 'bool' }
  | { type: 'select'; options: readonly { value: string; label: string }[] }
  | { type: 'list'; placeholder?: string }
  | { type: 'orderTypes' };

export interface FieldModel {
  path: string;
  label: string;
  kind: FieldKind;
  hint?: string;
}

export interface GroupModel {
  id: string;
  title: string;
  description?: string;
  fields: FieldModel[];
}

export const ORDER_TYPES = ['MKT', 'LMT', 'STP', 'STP_LMT', 'TRAIL', 'TRAIL_LIMIT'] as const;

const text = { type: 'text' } as const;
const int = { type: 'int' } as const;
const ms = { type: 'int', unit: 'ms' } as const;
const bytes = { type: 'int', unit: 'bytes' } as const;
const bool = { type: 'bool' } as const;

const profileFields = (mode: 'live' | 'paper', title: string): FieldModel[] => [
  { path: `ibkr.${mode}.host`, label: `${title} host`, kind: text, hint: 'Where TWS or IB Gateway runs, usually 127.0.0.1.' },
  { path: `ibkr.${mode}.port`, label: `${title} port`, kind: int, hint: mode === 'live' ? 'TWS live: 7496, IB Gateway live: 4001.' : 'TWS paper: 7497, IB Gateway paper: 4002.' },
  { path: `ibkr.${mode}.clientId`, label: `${title} client id`, kind: int, hint: 'Must differ from every other API application connected to the same TWS.' },
];

export const SETTINGS_GROUPS: readonly GroupModel[] = [
  {
    id: 'tws',
    title: 'TWS profiles',
    description: 'How the proxy reaches TWS or IB Gateway. Changes reconnect at once; no restart needed.',
    fields: [
      {
        path: 'ibkr.mode',
        label: 'Active profile',
        kind: { type: 'select', options: [{ value: 'paper', label: 'Paper' }, { value: 'live', label: 'Live (real money)' }] },
      },
      ...profileFields('paper', 'Paper'),
      ...profileFields('live', 'Live'),
      { path: 'ibkr.autoConnect', label: 'Connect automatically when the app starts', kind: bool },
      { path: 'ibkr.connectTimeoutMs', label: 'Connect timeout (ms)', kind: ms },
      { path: 'ibkr.heartbeatIntervalMs', label: 'Heartbeat interval (ms)', kind: ms, hint: 'How often the proxy checks that TWS still answers.' },
      { path: 'ibkr.heartbeatTimeoutMs', label: 'Heartbeat timeout (ms)', kind: ms, hint: 'Silence longer than this drops the connection and reconnects.' },
      { path: 'ibkr.reconnect.initialDelayMs', label: 'First reconnect delay (ms)', kind: ms },
      { path: 'ibkr.reconnect.maxDelayMs', label: 'Longest reconnect delay (ms)', kind: ms },
      { path: 'ibkr.maxReqPerSec', label: 'Requests per second to TWS', kind: int, hint: 'TWS disconnects clients that send more than 50 per second.' },
    ],
  },
  {
    id: 'session',
    title: "TWS's day",
    description: "When TWS restarts itself and asks for its login, as set in TWS / IB Gateway: the proxy then tells a restart from an outage and says when TWS is expected back.",
    fields: [
      { path: 'ibkr.session.dailyRestart', label: 'Daily restart time (HH:MM)', kind: text, hint: 'As in TWS: Configure › Lock and Exit › Auto restart. Empty if unknown.' },
      { path: 'ibkr.session.timeZone', label: "TWS's time zone", kind: text, hint: 'The zone of that time, e.g. America/New_York or Europe/Zurich.' },
      { path: 'ibkr.session.restartMinutes', label: 'A restart takes (minutes)', kind: int },
      { path: 'ibkr.session.weeklyLogin', label: "Sunday's restart needs a login (IBKR's weekly two-factor login)", kind: bool },
      { path: 'ibkr.session.clientIdRange', label: 'Client ids the proxy may use', kind: int, hint: 'From the profile\'s client id up: when TWS still holds one after a crash (326), the next is tried. 1: only that id.' },
    ],
  },
  {
    id: 'api',
    title: 'Local API',
    description: 'The REST and WebSocket server the Edgerunner frontend connects to. Host or port changes restart it (clients reconnect).',
    fields: [
      {
        path: 'server.host',
        label: 'Listen address',
        kind: { type: 'select', options: ['127.0.0.1', '::1', 'localhost'].map((v) => ({ value: v, label: v })) },
        hint: 'Loopback only: the proxy is never reachable from other machines.',
      },
      { path: 'server.port', label: 'Port', kind: int, hint: '3001 by default; 0 picks a free port.' },
      { path: 'server.corsOrigins', label: 'Allowed frontend origins', kind: { type: 'list', placeholder: 'http://localhost:5173' }, hint: 'One per line, e.g. http://localhost:5173.' },
      { path: 'server.wsHeartbeatIntervalMs', label: 'WebSocket ping interval (ms)', kind: ms },
      { path: 'server.maxConnections', label: 'Maximum WebSocket clients', kind: int },
      { path: 'server.bodyLimit', label: 'Largest request body (bytes)', kind: bytes },
      { path: 'server.wsMaxPayload', label: 'Largest WebSocket message (bytes)', kind: bytes },
      { path: 'server.apiRateLimitPerMinute', label: 'REST requests per minute per client', kind: int },
      { path: 'server.wsRateLimitPerSecond', label: 'WebSocket messages per second per client', kind: int, hint: 'Beyond it messages are refused; a client that keeps flooding is disconnected.' },
      { path: 'server.wsMaxInFlight', label: 'WebSocket requests awaiting a reply per client', kind: int },
      { path: 'server.wsAuthTimeoutMs', label: 'WebSocket authentication deadline (ms)', kind: ms, hint: 'A client that has not logged in by then is disconnected.' },
      {
        path: 'server.wsPort',
        label: 'Second WebSocket port',
        kind: { type: 'optionalNumber' },
        hint: 'The same WebSocket also at /ws on this port, as the original proxy’s WS_PORT. Empty: none.',
      },
    ],
  },
  {
    id: 'network',
    title: 'TLS and host names',
    description:
      'For a headless proxy that other machines reach (docs/deployment.md). The desktop app listens on this machine only; a certificate here makes it serve HTTPS and WSS there.',
    fields: [
      { path: 'server.tlsCertFile', label: 'TLS certificate file', kind: text, hint: 'PEM, with its chain. Empty: plain HTTP.' },
      { path: 'server.tlsKeyFile', label: 'TLS key file', kind: text, hint: 'The PEM private key of that certificate.' },
      {
        path: 'server.allowedHosts',
        label: 'Allowed host names',
        kind: { type: 'list', placeholder: 'proxy.example.com' },
        hint: 'Accepted in the Host header besides localhost, 127.0.0.1 and [::1]. One per line.',
      },
    ],
  },
  {
    id: 'security',
    title: 'Security and login',
    fields: [
      { path: 'auth.username', label: 'Username for the access-token login', kind: text },
      { path: 'auth.jwtExpiresIn', label: 'Session lifetime', kind: text, hint: 'For example 30m, 12h or 7d.' },
      { path: 'auth.loginAttemptsPer15Min', label: 'Failed logins allowed per 15 minutes', kind: int },
    ],
  },
  {
    id: 'trading',
    title: 'Trading safety',
    description: 'Limits applied to every order, on top of any limits the frontend sends.',
    fields: [
      { path: 'trading.readOnly', label: 'Read-only: refuse every order, modification and cancellation', kind: bool },
      { path: 'trading.riskChecks.maxOrderValue', label: 'Largest order value', kind: { type: 'optionalNumber' }, hint: 'Empty: no limit.' },
      { path: 'trading.riskChecks.maxPositionSize', label: 'Largest position size', kind: { type: 'optionalNumber' }, hint: 'Empty: no limit.' },
      {
        path: 'trading.riskChecks.maxOrderQuantity',
        label: 'Largest quantity of one order',
        kind: { type: 'optionalNumber' },
        hint: 'The fat-finger bound. Empty: the default, 1,000,000.',
      },
      { path: 'trading.riskChecks.allowedOrderTypes', label: 'Allowed order types', kind: { type: 'orderTypes' }, hint: 'All checked: no restriction. Unchecked types are refused.' },
      { path: 'trading.riskChecks.requireConfirmation', label: 'Require confirmation for every order', kind: bool },
    ],
  },
  {
    id: 'marketData',
    title: 'Market data',
    fields: [{ path: 'marketData.lineBudget', label: 'Market-data lines of your IBKR account', kind: int, hint: 'Most accounts have 100; subscriptions beyond this are refused.' }],
  },
  {
    id: 'logging',
    title: 'Logging',
    fields: [
      {
        path: 'logging.level',
        label: 'Log level',
        kind: { type: 'select', options: ['error', 'warn', 'info', 'debug'].map((v) => ({ value: v, label: v })) },
      },
      { path: 'logging.maxFileSize', label: 'Rotate the log file at (bytes)', kind: bytes },
    ],
  },
  {
    id: 'startup',
    title: 'Startup and notifications',
    fields: [
      { path: 'startup.startAtLogin', label: 'Start when I log in', kind: bool },
      { path: 'startup.openMonitorOnStart', label: 'Open this window when the app starts', kind: bool },
      { path: 'notifications.connection', label: 'Notify me when the TWS connection is lost or restored', kind: bool },
      { path: 'notifications.fills', label: 'Notify me of fills', kind: bool },
      { path: 'notifications.session', label: 'Notify me when TWS needs me (its weekly login, a stuck client id, a competing session, a restart that did not come back)', kind: bool },
    ],
  },
  {
    id: 'updates',
    title: 'Updates',
    fields: [
      { path: 'updates.autoCheck', label: 'Check for updates automatically', kind: bool },
      {
        path: 'updates.channel',
        label: 'Update channel',
        kind: { type: 'select', options: [{ value: 'latest', label: 'Stable' }, { value: 'beta', label: 'Beta' }] },
      },
    ],
  },
];

const KNOWN = SETTINGS_GROUPS.flatMap((g) => g.fields);

/** The field an issue belongs to: "server.corsOrigins.1" → server.corsOrigins. */
export function fieldForIssue(issuePath: string, fields: readonly FieldModel[]): FieldModel | undefined {
  return fields.find((f) => issuePath === f.path || issuePath.startsWith(`${f.path}.`));
}

/** A generic control for a key this model does not describe yet, chosen from its current value. */
export function genericField(path: string, value: unknown): FieldModel {
  const kind: FieldKind =
    typeof value === 'boolean' ? bool : typeof value === 'number' ? int : Array.isArray(value) ? { type: 'list' } : text;
  return { path, label: path, kind };
}

export function isKnownPath(path: string): boolean {
  return KNOWN.some((f) => f.path === path || path.startsWith(`${f.path}.`) || f.path.startsWith(`${path}.`));
}

/**
 * One row per setting: its dotted path, its environment variable (if headless mode may set it), how the
 * environment string is read, and "what is allowed" in words. The rows feed three things that must agree:
 * the .env reader, the one-sentence error messages, and the tests that check .env.example and
 * docs/configuration.md mention every key.
 *
 * `seedEnv` is the name the original Edgerunner proxy's README gave the same setting (IBKR_PORT for the live
 * port, CORS_ORIGIN for the origins): an existing .env from that proxy keeps working. Both names read the same
 * setting; given with different values, startup stops (loadEnvSettings.ts).
 */
export type EnvKind = 'int' | 'number' | 'bool' | 'list' | 'string' | 'bytes';

export interface SettingsField {
  path: string;
  env?: string;
  /** The original proxy's name for this setting, read as well as `env`. */
  seedEnv?: string;
  kind: EnvKind;
  /** Completes "<KEY> must be ..." */
  allowed: string;
}

export const SETTINGS_FIELDS: readonly SettingsField[] = [
  {
    path: 'server.host',
    env: 'HOST',
    kind: 'string',
    allowed: 'a loopback address (127.0.0.1, ::1 or localhost) or an IP address of this machine such as 0.0.0.0',
  },
  { path: 'server.port', env: 'PORT', kind: 'int', allowed: 'an integer from 0 to 65535, where 0 picks a free port' },
  {
    path: 'server.wsPort',
    env: 'WS_PORT',
    kind: 'int',
    allowed: 'an integer from 0 to 65535 (a second port that serves the WebSocket at /ws; 0 picks a free port)',
  },
  {
    path: 'server.allowedHosts',
    env: 'ALLOWED_HOSTS',
    kind: 'list',
    allowed: 'a comma-separated list of host names or IP addresses such as proxy.example.com, each optionally with :port, no *',
  },
  { path: 'server.tlsCertFile', env: 'TLS_CERT_FILE', kind: 'string', allowed: 'the path of a PEM certificate file (with its chain)' },
  { path: 'server.tlsKeyFile', env: 'TLS_KEY_FILE', kind: 'string', allowed: 'the path of the PEM private key file of that certificate' },
  {
    path: 'server.corsOrigins',
    env: 'CORS_ORIGINS',
    seedEnv: 'CORS_ORIGIN',
    kind: 'list',
    allowed: 'a comma-separated list of origins such as http://localhost:5173, each scheme://host[:port] with no path and no *',
  },
  { path: 'server.wsHeartbeatIntervalMs', env: 'WS_HEARTBEAT_INTERVAL', kind: 'int', allowed: 'a number of milliseconds from 1000 to 600000' },
  { path: 'server.maxConnections', env: 'MAX_CONNECTIONS', kind: 'int', allowed: 'an integer from 1 to 10000' },
  { path: 'server.bodyLimit', env: 'BODY_LIMIT', kind: 'bytes', allowed: 'a size from 1kb to 10mb, in bytes or with a kb or mb suffix' },
  { path: 'server.wsMaxPayload', env: 'WS_MAX_PAYLOAD', kind: 'bytes', allowed: 'a size from 1kb to 10mb, in bytes or with a kb or mb suffix' },
  { path: 'server.apiRateLimitPerMinute', env: 'API_RATE_LIMIT', kind: 'int', allowed: 'an integer from 1 to 100000 requests per minute' },
  { path: 'server.wsRateLimitPerSecond', env: 'WS_RATE_LIMIT', kind: 'int', allowed: 'an integer from 1 to 10000 messages per second per WebSocket client' },
  { path: 'server.wsMaxInFlight', env: 'WS_MAX_IN_FLIGHT', kind: 'int', allowed: 'an integer from 1 to 1000 requests awaiting their reply per WebSocket client' },
  { path: 'server.wsAuthTimeoutMs', env: 'WS_AUTH_TIMEOUT', kind: 'int', allowed: 'a number of milliseconds from 1000 to 600000' },
  { path: 'ibkr.mode', env: 'IBKR_MODE', kind: 'string', allowed: 'paper or live' },
  { path: 'ibkr.live.host', env: 'IBKR_LIVE_HOST', seedEnv: 'IBKR_HOST', kind: 'string', allowed: 'a host name or IP address' },
  { path: 'ibkr.live.port', env: 'IBKR_LIVE_PORT', seedEnv: 'IBKR_PORT', kind: 'int', allowed: 'an integer from 1 to 65535' },
  { path: 'ibkr.live.clientId', env: 'IBKR_LIVE_CLIENT_ID', seedEnv: 'IBKR_CLIENT_ID', kind: 'int', allowed: 'an integer from 0 to 2147483647' },
  { path: 'ibkr.paper.host', env: 'IBKR_PAPER_HOST', kind: 'string', allowed: 'a host name or IP address' },
  { path: 'ibkr.paper.port', env: 'IBKR_PAPER_PORT', kind: 'int', allowed: 'an integer from 1 to 65535' },
  { path: 'ibkr.paper.clientId', env: 'IBKR_PAPER_CLIENT_ID', kind: 'int', allowed: 'an integer from 0 to 2147483647' },
  { path: 'ibkr.autoConnect', env: 'IBKR_AUTO_CONNECT', kind: 'bool', allowed: 'true or false' },
  { path: 'ibkr.connectTimeoutMs', env: 'IBKR_CONNECT_TIMEOUT', kind: 'int', allowed: 'a number of milliseconds from 1000 to 120000' },
  { path: 'ibkr.heartbeatIntervalMs', env: 'IBKR_HEARTBEAT_INTERVAL', kind: 'int', allowed: 'a number of milliseconds from 1000 to 300000' },
  { path: 'ibkr.heartbeatTimeoutMs', env: 'IBKR_HEARTBEAT_TIMEOUT', kind: 'int', allowed: 'a number of milliseconds from 2000 to 600000' },
  { path: 'ibkr.reconnect.initialDelayMs', env: 'IBKR_RECONNECT_INITIAL_DELAY', kind: 'int', allowed: 'a number of milliseconds from 100 to 60000' },
  { path: 'ibkr.reconnect.maxDelayMs', env: 'IBKR_RECONNECT_MAX_DELAY', kind: 'int', allowed: 'a number of milliseconds from 1000 to 600000' },
  { path: 'ibkr.maxReqPerSec', env: 'IBKR_MAX_REQ_PER_SEC', kind: 'int', allowed: 'an integer from 1 to 50, as TWS disconnects a client above 50' },
  { path: 'ibkr.session.dailyRestart', env: 'IBKR_DAILY_RESTART', kind: 'string', allowed: 'a time HH:MM (24 hours) as set in TWS, such as 23:45, or empty' },
  { path: 'ibkr.session.timeZone', env: 'IBKR_TIMEZONE', kind: 'string', allowed: 'an IANA time zone name such as America/New_York or Europe/Zurich' },
  { path: 'ibkr.session.restartMinutes', env: 'IBKR_RESTART_MINUTES', kind: 'int', allowed: 'a number of minutes from 1 to 60' },
  { path: 'ibkr.session.weeklyLogin', env: 'IBKR_WEEKLY_LOGIN', kind: 'bool', allowed: 'true or false' },
  { path: 'ibkr.session.clientIdRange', env: 'IBKR_CLIENT_ID_RANGE', kind: 'int', allowed: 'an integer from 1 to 32 (1: only the configured client id)' },
  { path: 'auth.username', env: 'AUTH_USERNAME', kind: 'string', allowed: '1 to 64 letters, digits, dots, dashes, underscores or @' },
  { path: 'auth.jwtExpiresIn', env: 'JWT_EXPIRES_IN', kind: 'string', allowed: 'a duration such as 30m, 12h or 7d, in s, m, h or d' },
  { path: 'auth.loginAttemptsPer15Min', env: 'LOGIN_RATE_LIMIT', kind: 'int', allowed: 'an integer from 1 to 1000 failed logins per 15 minutes' },
  { path: 'marketData.lineBudget', env: 'MARKET_DATA_LINES', kind: 'int', allowed: 'an integer from 1 to 10000' },
  { path: 'trading.readOnly', env: 'READ_ONLY', kind: 'bool', allowed: 'true or false' },
  { path: 'trading.riskChecks.maxOrderValue', env: 'RISK_MAX_ORDER_VALUE', kind: 'number', allowed: 'a positive number' },
  { path: 'trading.riskChecks.maxPositionSize', env: 'RISK_MAX_POSITION_SIZE', kind: 'number', allowed: 'a positive number' },
  { path: 'trading.riskChecks.maxOrderQuantity', env: 'RISK_MAX_ORDER_QUANTITY', kind: 'number', allowed: 'a positive number' },
  {
    path: 'trading.riskChecks.allowedOrderTypes',
    env: 'RISK_ALLOWED_ORDER_TYPES',
    kind: 'list',
    allowed: 'a comma-separated list of MKT, LMT, STP, STP_LMT, TRAIL, TRAIL_LIMIT',
  },
  { path: 'logging.level', env: 'LOG_LEVEL', kind: 'string', allowed: 'error, warn, info or debug' },
  { path: 'logging.maxFileSize', env: 'LOG_MAX_SIZE', kind: 'bytes', allowed: 'a size from 64kb to 1024mb, in bytes or with a kb or mb suffix' },
  { path: 'startup.startAtLogin', kind: 'bool', allowed: 'true or false' },
  { path: 'startup.openMonitorOnStart', kind: 'bool', allowed: 'true or false' },
  { path: 'notifications.connection', kind: 'bool', allowed: 'true or false' },
  { path: 'notifications.fills', kind: 'bool', allowed: 'true or false' },
  { path: 'notifications.session', kind: 'bool', allowed: 'true or false' },
  { path: 'updates.autoCheck', kind: 'bool', allowed: 'true or false' },
  { path: 'updates.channel', kind: 'string', allowed: 'latest or beta' },
];

/**
 * Keys headless mode reads from the environment that are not settings: where data lives and the secrets
 * (which go to the encrypted secret store or stay in memory, never into the settings object).
 */
export const RUNTIME_ENV_KEYS = {
  DATA_DIR: 'a directory path',
  LOG_FILE: 'a file path, or empty to disable the log file',
  ENCRYPTION_KEY: 'at least 16 characters long',
  JWT_SECRET: 'at least 32 characters long',
  AUTH_PASSWORD: 'at least 8 characters long',
  DEMO_MARKET_TIME: 'auto, now, or an ISO 8601 instant with an offset such as 2026-03-11T09:25:00-04:00',
  DEMO_CLOCK_SPEED: 'a number from 0.1 to 3600 (simulated seconds per real second)',
  NODE_ENV: 'production, or anything else for development',
} as const;

export function fieldByPath(path: string): SettingsField | undefined {
  // Array items (corsOrigins.0) report against their list.
  return SETTINGS_FIELDS.find((f) => path === f.path || path.startsWith(`${f.path}.`));
}

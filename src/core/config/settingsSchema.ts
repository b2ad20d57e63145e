/**
 * The one settings schema of the proxy. Headless mode fills it from `.env` + the environment
 * (loadEnvSettings.ts); the desktop app keeps it in electron-store and validates with the same schema, so a
 * value that is valid in one place is valid in the other.
 *
 * Every field has a default, and every group defaults to an object of defaults (`prefault({})`), so
 * `SettingsSchema.parse({})` is a complete, safe configuration and a partial store upgrades itself.
 * Unknown keys are stripped, which lets the desktop keep its own keys next to ours without breaking headless.
 *
 * Secrets are deliberately NOT settings: the JWT secret, the login password and saved IBKR credentials live in
 * the encrypted secret store (src/core/secrets), never in this plain object.
 */
import { z } from 'zod';
import { RiskChecksSchema } from '../../common/contract.js';
import { isValidTimeZone } from '../gateway/restartSchedule.js';
import { LOOPBACK_HOSTS, isLoopbackHost } from '../security/loopback.js';

export { LOOPBACK_HOSTS };

/** A name clients use to reach a proxy that listens beyond loopback: DNS name, IPv4 or [IPv6], optional :port. */
const ALLOWED_HOST_RE =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** `scheme://host[:port]` with no path, as browsers send it in the Origin header. */
const ORIGIN_RE = /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.-]+(?::\d{1,5})?$|^[a-z][a-z0-9+.-]*:\/\/\[[0-9a-f:]+\](?::\d{1,5})?$/i;
/** A TWS host: a DNS name, an IPv4 address, or an IPv6 address. */
const TWS_HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|[0-9A-Fa-f:.]+)$/;
/** jsonwebtoken accepts many `ms` spellings; we accept the unambiguous subset. */
export const DURATION_RE = /^[1-9]\d{0,5}(?:s|m|h|d)$/;
export const USERNAME_RE = /^[A-Za-z0-9._@-]{1,64}$/;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
/** A file path that may be unset; an emptied field (the settings window, `KEY=` in .env) unsets it. */
const optionalPath = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());
const port = int(1, 65535);
const clientId = int(0, 2_147_483_647);

const profile = (defaultPort: number) =>
  z
    .object({
      host: z.string().regex(TWS_HOST_RE).default('127.0.0.1'),
      port: port.default(defaultPort),
      clientId: clientId.default(1),
    })
    .prefault({});

/**
 * The fat-finger bound: no single order above this quantity unless the trader raises it
 * (trading.riskChecks.maxOrderQuantity, RISK_MAX_ORDER_QUANTITY). A million shares (or units of a currency)
 * covers ordinary stock and forex sizes and refuses a slipped 1e21.
 */
export const DEFAULT_MAX_ORDER_QUANTITY = 1_000_000;

export const LogLevelSchema = z.enum(['error', 'warn', 'info', 'debug']);
export type LogLevel = z.infer<typeof LogLevelSchema>;

export const SettingsSchema = z.object({
  server: z
    .object({
      /** Beyond loopback only with TLS and allowedHosts (the cross-field rules below). */
      host: z.union([z.enum(LOOPBACK_HOSTS), z.ipv4(), z.ipv6()]).default('127.0.0.1'),
      /** 0 picks a free port (tests, several instances); the chosen port is logged. */
      port: int(0, 65535).default(3001),
      /** The original proxy's separate WebSocket port: the same WebSocket is also served there at /ws. */
      wsPort: int(0, 65535).optional(),
      /** Host names accepted in the Host header besides loopback ones (DNS-rebinding check beyond loopback). */
      allowedHosts: z.array(z.string().regex(ALLOWED_HOST_RE)).max(50).default([]),
      /** HTTPS and WSS on the same port(s) when both are set; re-read on SIGHUP. */
      tlsCertFile: optionalPath,
      tlsKeyFile: optionalPath,
      corsOrigins: z
        .array(z.string().regex(ORIGIN_RE))
        .max(50)
        .default(['http://localhost:5173', 'http://localhost:3000']),
      wsHeartbeatIntervalMs: int(1_000, 600_000).default(25_000),
      /** Cap on simultaneous WebSocket clients. */
      maxConnections: int(1, 10_000).default(100),
      /** Largest accepted JSON request body, in bytes. */
      bodyLimit: int(1_024, 10 * 1024 * 1024).default(100 * 1024),
      /** Largest accepted WebSocket frame, in bytes. */
      wsMaxPayload: int(1_024, 10 * 1024 * 1024).default(64 * 1024),
      /** REST requests per client IP per minute (the login route has its own, stricter limit). */
      apiRateLimitPerMinute: int(1, 100_000).default(1_200),
      /** Messages per second one WebSocket client may send (a burst of as many); the rest are refused. */
      wsRateLimitPerSecond: int(1, 10_000).default(50),
      /** Requests one WebSocket client may have waiting for their reply at once. */
      wsMaxInFlight: int(1, 1_000).default(16),
      /** A WebSocket client that has not authenticated this long after it connected is closed. */
      wsAuthTimeoutMs: int(1_000, 600_000).default(10_000),
    })
    .prefault({}),
  ibkr: z
    .object({
      mode: z.enum(['paper', 'live']).default('paper'),
      live: profile(7496),
      paper: profile(7497),
      autoConnect: z.boolean().default(true),
      connectTimeoutMs: int(1_000, 120_000).default(10_000),
      heartbeatIntervalMs: int(1_000, 300_000).default(10_000),
      heartbeatTimeoutMs: int(2_000, 600_000).default(30_000),
      reconnect: z
        .object({
          initialDelayMs: int(100, 60_000).default(1_000),
          maxDelayMs: int(1_000, 600_000).default(30_000),
        })
        .prefault({}),
      /** TWS disconnects a client that sends more than 50 messages per second; stay below. */
      maxReqPerSec: int(1, 50).default(40),
      /** TWS's own day, as set in TWS / IB Gateway (docs/gateway.md, "The session's day"). */
      session: z
        .object({
          /** TWS's daily auto-restart time, "HH:MM" in `timeZone`; empty: not told (an outage is then just an outage). */
          dailyRestart: z.union([z.literal(''), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)]).default(''),
          /** TWS's time zone (IANA name, as in TWS's login dialog). */
          timeZone: z.string().refine(isValidTimeZone, 'an IANA time zone name').default('America/New_York'),
          /** How long a restart takes before TWS answers again. */
          restartMinutes: int(1, 60).default(5),
          /** Sunday's restart ends at the login dialog (IBKR's weekly re-authentication with two-factor). */
          weeklyLogin: z.boolean().default(true),
          /** Client ids the proxy may use, from the profile's id up, when TWS still holds one (326). 1: only that id. */
          clientIdRange: int(1, 32).default(5),
        })
        .prefault({}),
    })
    .prefault({}),
  auth: z
    .object({
      username: z.string().regex(USERNAME_RE).default('trader'),
      jwtExpiresIn: z.string().regex(DURATION_RE).default('12h'),
      /** Failed login attempts allowed per client IP per 15 minutes. */
      loginAttemptsPer15Min: int(1, 1_000).default(10),
    })
    .prefault({}),
  marketData: z
    .object({
      /** Simultaneous market-data lines the IBKR account allows (100 for most accounts). */
      lineBudget: int(1, 10_000).default(100),
    })
    .prefault({}),
  trading: z
    .object({
      /** No orders at all: placement, modification and cancellation are refused. */
      readOnly: z.boolean().default(false),
      /**
       * Limits applied to every order in addition to the ones an order brings itself (the stricter wins). Only the
       * fat-finger bound has a default.
       */
      riskChecks: RiskChecksSchema.extend({
        maxOrderQuantity: z.number().positive().finite().default(DEFAULT_MAX_ORDER_QUANTITY),
      }).prefault({}),
    })
    .prefault({}),
  logging: z
    .object({
      level: LogLevelSchema.default('info'),
      /** The log file is rotated (renamed to app.old.log) when it grows past this many bytes. */
      maxFileSize: int(64 * 1024, 1024 * 1024 * 1024).default(5 * 1024 * 1024),
    })
    .prefault({}),
  // Desktop-only groups: validated here so both stores agree, ignored by headless mode.
  startup: z
    .object({ startAtLogin: z.boolean().default(false), openMonitorOnStart: z.boolean().default(false) })
    .prefault({}),
  notifications: z
    .object({ connection: z.boolean().default(true), fills: z.boolean().default(true), session: z.boolean().default(true) })
    .prefault({}),
  updates: z
    .object({ autoCheck: z.boolean().default(true), channel: z.enum(['latest', 'beta']).default('latest') })
    .prefault({}),
})
  // Cross-field rules, reported against the key a user would change.
  .superRefine((s, ctx) => {
    if (s.ibkr.reconnect.initialDelayMs > s.ibkr.reconnect.maxDelayMs) {
      ctx.addIssue({ code: 'custom', path: ['ibkr', 'reconnect', 'initialDelayMs'], message: 'at most {ibkr.reconnect.maxDelayMs}' });
    }
    if (s.ibkr.heartbeatTimeoutMs <= s.ibkr.heartbeatIntervalMs) {
      ctx.addIssue({ code: 'custom', path: ['ibkr', 'heartbeatTimeoutMs'], message: 'longer than {ibkr.heartbeatIntervalMs}' });
    }
  })
  // Where the API may listen. Checked even when other keys are invalid (as soon as the four keys it reads are
  // valid), so that a plain-HTTP bind beyond loopback is always among the reported problems.
  .superRefine((s, ctx) => listenRules(s.server, ctx), { when: listenKeysValid });

const LISTEN_KEYS = ['host', 'tlsCertFile', 'tlsKeyFile', 'allowedHosts'];

/** `server` is an object and none of the keys listenRules reads has a problem of its own. */
function listenKeysValid({ value, issues }: { value: unknown; issues: readonly { path?: PropertyKey[] }[] }): boolean {
  const server = (value as { server?: unknown } | null)?.server;
  if (server === null || typeof server !== 'object') return false;
  return !issues.some(({ path = [] }) => path.length === 0 || (path[0] === 'server' && (path.length === 1 || LISTEN_KEYS.includes(String(path[1])))));
}

function listenRules(
  server: { host: string; tlsCertFile?: string | undefined; tlsKeyFile?: string | undefined; allowedHosts: string[] },
  ctx: z.RefinementCtx,
): void {
  if ((server.tlsCertFile === undefined) !== (server.tlsKeyFile === undefined)) {
    const missing = server.tlsCertFile === undefined ? 'tlsCertFile' : 'tlsKeyFile';
    const given = missing === 'tlsCertFile' ? 'tlsKeyFile' : 'tlsCertFile';
    ctx.addIssue({ code: 'custom', path: ['server', missing], message: `set too when {server.${given}} is set (TLS needs the certificate and its key)` });
  } else if (!isLoopbackHost(server.host)) {
    // Beyond loopback: never plain HTTP (tokens and orders would cross the network in clear), and never without an
    // explicit list of names for the Host check (DNS rebinding).
    if (server.tlsCertFile === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['server', 'host'],
        message: 'a loopback address (127.0.0.1, ::1 or localhost) unless {server.tlsCertFile} and {server.tlsKeyFile} are set, as plain HTTP is never served beyond loopback',
      });
    } else if (server.allowedHosts.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['server', 'allowedHosts'],
        message: 'the host names clients use to reach this proxy (such as proxy.example.com) when {server.host} is beyond loopback, so that the Host check can refuse any other name',
      });
    }
  }
}

export type Settings = z.output<typeof SettingsSchema>;
/** What a store may hold: any subset, defaults fill the rest. */
export type SettingsInput = z.input<typeof SettingsSchema>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Frozen, so that a caller cannot change everybody's defaults by accident; clone it to edit. */
export const DEFAULT_SETTINGS: Settings = deepFreeze(SettingsSchema.parse({}));

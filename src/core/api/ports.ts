/**
 * What the API layer needs from its collaborators, as narrow interfaces. GatewayService, AuthService, Settings and
 * Logger satisfy them structurally; naming only what is used keeps the API testable and makes the coupling visible.
 */
import type { AccountSummary, ConnectionHealth, ExecutionReport, IBKRPosition } from '../../common/contract.js';
import type {
  Bar,
  ContractSearchResult,
  GatewayStatus,
  HistoricalQuery,
  InstrumentSpec,
  MarketDataLease,
  PnL,
  Quote,
  TradingMode,
} from '../gateway/types.js';
import type { OrdersGateway } from '../orders/ports.js';

export interface ApiGateway extends OrdersGateway {
  connect(overrides?: { host?: string; port?: number; clientId?: number; mode?: TradingMode }): Promise<GatewayStatus>;
  disconnect(): Promise<void> | void;
  getStatus(): GatewayStatus;
  getHealth(): ConnectionHealth;
  acquireMarketData(spec: InstrumentSpec, opts?: { snapshot?: boolean }): Promise<MarketDataLease>;
  snapshot(spec: InstrumentSpec): Promise<Quote>;
  getExecutions(): ExecutionReport[];
  getPositions(): IBKRPosition[];
  getAccountSummary(account?: string): AccountSummary | null;
  getPnL(account?: string): PnL[] | PnL | null;
  searchContracts(pattern: string): Promise<ContractSearchResult[]>;
  getHistoricalBars(spec: InstrumentSpec, q: HistoricalQuery): Promise<Bar[]>;
}

export interface ApiAuth {
  login(
    username: string,
    password: string,
  ): Promise<{ token: string; expiresIn: string | number; user: { id: string; username: string } } | null>;
  /** `expiresAt` (epoch ms): when the token stops being valid; a WebSocket session ends then. */
  verifyToken(token: string): { userId: string; username: string; expiresAt?: number } | null;
  /**
   * Optional (AuthService has both): 'tokensRevoked' is emitted synchronously when the signing secret changes, and
   * the current login name. With them the API may cache verified tokens (tokenCache.ts); without, it does not.
   */
  on?(event: 'tokensRevoked', listener: () => void): unknown;
  off?(event: 'tokensRevoked', listener: () => void): unknown;
  currentUsername?(): string;
}

/** The banner's one-time console link: its code, exchanged once for a session (null: unknown, used or expired). */
export type LaunchLogin = (code: string) => Promise<{ token: string; expiresIn: string | number; user: { id: string; username: string } } | null>;

export interface ApiLogger {
  error(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  info(...a: unknown[]): void;
  debug(...a: unknown[]): void;
}

export interface ApiServerSettings {
  host: string;
  port: number;
  corsOrigins: string[];
  wsHeartbeatIntervalMs: number;
  maxConnections: number;
  bodyLimit: number;
  wsMaxPayload?: number;
  apiRateLimitPerMinute?: number;
  wsRateLimitPerSecond?: number;
  wsMaxInFlight?: number;
  wsAuthTimeoutMs?: number;
  /** A second port serving only the WebSocket (the original proxy's WS_PORT). */
  wsPort?: number;
  /** Host names accepted besides loopback ones (listening beyond loopback). */
  allowedHosts?: string[];
  /** HTTPS / WSS when both are set. */
  tlsCertFile?: string;
  tlsKeyFile?: string;
}

export interface ApiSettings {
  server: ApiServerSettings;
  auth?: { loginAttemptsPer15Min?: number };
  trading?: { readOnly?: boolean };
}

export type ApiMode = 'headless' | 'demo' | 'desktop';

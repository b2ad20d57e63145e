/**
 * Public types of the gateway service: its options and events; the shapes it returns come from the shared
 * contract (src/common), re-exported here. Kept apart from the implementation so that the API
 * server, the desktop shell and the tests can import them without pulling in any socket code.
 */
import type {
  AccountSummary,
  ConnectionHealth,
  ConnectionStatus,
  ExecutionReport,
  IBKRError,
  IBKRPosition,
  MarketDataUpdate,
  Order,
  OrderRequest,
  RiskChecks,
  SessionPhase,
  TradingMode,
} from '../../common/contract.js';

// The shapes the gateway returns are the API's own (zod schemas in src/common, one source of truth): the REST
// routes, the WebSocket messages, the OpenAPI document and the desktop window all describe them from there.
import type { Quote } from '../../common/apiMessages.js';
export type { Bar, ContractSearchResult, PnL, Quote } from '../../common/apiMessages.js';
export type { GatewayStatus, TradingMode } from '../../common/contract.js';

export interface GatewayProfile {
  host: string;
  port: number;
  clientId: number;
}


export interface GatewayLogger {
  error(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  info(...a: unknown[]): void;
  debug(...a: unknown[]): void;
}

export interface ReconnectOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  jitter?: number;
}

export interface GatewayOptions {
  profiles: Record<TradingMode, GatewayProfile>;
  mode: TradingMode;
  /** How long connect() waits for the handshake and nextValidId before it rejects (reconnecting goes on). */
  connectTimeoutMs?: number;
  reconnect?: ReconnectOptions;
  /** reqCurrentTime period. */
  heartbeatIntervalMs?: number;
  /** Silence (no inbound message at all) longer than this means a half-open socket: drop and reconnect. */
  heartbeatTimeoutMs?: number;
  marketDataLineBudget?: number;
  /** Outgoing message rate handed to @stoqey/ib's own limiter (TWS allows 50/s). */
  maxReqPerSec?: number;
  readOnly?: boolean;
  defaultRiskChecks?: RiskChecks;
  logger?: GatewayLogger;
  /** How long a request (contract details, snapshot, order acknowledgement...) may wait for TWS. Default 10 s. */
  requestTimeoutMs?: number;
  /** How long an execution waits for its commissionReport before it is reported without one. Default 1 s. */
  commissionWaitMs?: number;
  /** TWS's own day: its daily restart, the weekly login, the client id range (docs/gateway.md, "The session's day"). */
  session?: SessionOptions;
  /** Wall clock for the session's day (the restart window); default Date.now. Tests pass the simulator's clock. */
  clock?: { now(): number };
}

export interface SessionOptions {
  /** TWS's auto-restart time "HH:MM" in `timeZone` as set in TWS / IB Gateway; null or absent: not configured. */
  dailyRestart?: string | null;
  /** IANA zone of that time (TWS's own zone), default America/New_York. */
  timeZone?: string;
  /** How long a restart takes before TWS answers again, minutes (default 5). */
  restartMinutes?: number;
  /** Weekday (0 = Sunday) whose restart needs a login (IBKR's weekly re-authentication); null: never. Default 0. */
  weeklyLoginDay?: number | null;
  /** Client ids the proxy may use from the configured one up (default 1: only the configured one). */
  clientIdRange?: number;
  /** While on another id of the range, how often to check the configured one again (default 60 s). */
  clientIdProbeMs?: number;
}

export interface InstrumentSpec {
  symbol: string;
  secType?: string;
  exchange?: string;
  currency?: string;
  conId?: number;
}

export interface MarketDataLease {
  /** Identifies the shared line (one per instrument); 'marketData' events carry it. */
  readonly key: string;
  readonly symbol: string;
  /** Gives the line back; the last release cancels it at TWS. Calling it twice is harmless. */
  release(): void;
  quote(): Quote;
}

export interface BracketRequest {
  parent: OrderRequest;
  takeProfitPrice: number;
  stopLossPrice: number;
}

export interface ContractDetailsSummary {
  conId: number;
  symbol: string;
  secType: string;
  exchange: string;
  primaryExchange: string;
  currency: string;
  localSymbol: string;
  longName: string;
  minTick: number;
  orderTypes: string[];
  validExchanges: string[];
  timeZoneId: string;
  tradingHours: string;
  liquidHours: string;
}

export interface HistoricalQuery {
  duration: string;
  barSize: string;
  whatToShow?: string;
  useRTH?: boolean;
  endDateTime?: string;
}

export interface OrderChanges {
  quantity?: number;
  price?: number;
  auxPrice?: number;
  orderType?: Order['orderType'];
  timeInForce?: Order['timeInForce'];
}

export interface ConnectionStatusEvent {
  status: ConnectionStatus;
  reason: string;
  previous: ConnectionStatus;
}

export interface TrafficEvent {
  messagesIn: number;
  messagesOut: number;
}

/** Every event the service emits, with its payload. */
export interface GatewayEvents {
  connectionStatus: [ConnectionStatusEvent];
  health: [ConnectionHealth];
  marketData: [MarketDataUpdate & { key: string }];
  /** The whole quote after each tick; only built while someone listens. */
  quote: [Quote & { key: string }];
  orderStatus: [Order];
  executionReport: [ExecutionReport];
  positionUpdate: [IBKRPosition];
  accountUpdate: [AccountSummary];
  ibError: [IBKRError];
  tradingBlocked: [boolean];
  /** Message counters, with every heartbeat answer. */
  traffic: [TrafficEvent];
  /** The TWS session's phase changed (restarting, waiting for its login, competing session …). */
  sessionPhase: [SessionPhase];
}

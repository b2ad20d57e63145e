/**
 * Public types of the gateway service: its options, its status snapshot, and the shapes it returns that the
 * shared contract (src/common/contract.ts) does not define. Kept apart from the implementation so that the API
 * server, the desktop shell and the tests can import them without pulling in any socket code.
 */
import type {
  AccountSummary,
  ConnectionHealth,
  ConnectionStatus,
  DataQuality,
  ExecutionReport,
  IBKRError,
  IBKRPosition,
  MarketDataStatus,
  MarketDataUpdate,
  Order,
  OrderRequest,
  RiskChecks,
} from '../../common/contract.js';

export interface GatewayProfile {
  host: string;
  port: number;
  clientId: number;
}

export type TradingMode = 'live' | 'paper';

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
}

export interface GatewayStatus {
  status: ConnectionStatus;
  reason: string;
  mode: TradingMode;
  host: string;
  port: number;
  clientId: number;
  serverVersion: number | null;
  accounts: string[];
  connectedAt: string | null;
  reconnectAttempts: number;
  nextRetryAt: string | null;
  dataQuality: DataQuality;
  marketDataStatus: MarketDataStatus;
  lastHeartbeat: string | null;
  linesInUse: number;
  lineBudget: number;
  tradingBlocked: boolean;
  messagesIn: number;
  messagesOut: number;
}

export interface InstrumentSpec {
  symbol: string;
  secType?: string;
  exchange?: string;
  currency?: string;
  conId?: number;
}

/** Latest known values of one instrument. Fields stay undefined until TWS has sent them. */
export interface Quote {
  symbol: string;
  conId: number;
  bid?: number;
  ask?: number;
  last?: number;
  bidSize?: number;
  askSize?: number;
  lastSize?: number;
  volume?: number;
  high?: number;
  low?: number;
  close?: number;
  open?: number;
  /** true when the values come from delayed ticks (no live subscription). */
  delayed: boolean;
  /** ISO time of the last change, null before the first tick. */
  updatedAt: string | null;
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

export interface ContractSearchResult {
  conId: number;
  symbol: string;
  secType: string;
  primaryExchange: string;
  currency: string;
  description?: string;
}

export interface Bar {
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  wap: number;
  count: number;
}

export interface HistoricalQuery {
  duration: string;
  barSize: string;
  whatToShow?: string;
  useRTH?: boolean;
  endDateTime?: string;
}

export interface PnL {
  account: string;
  dailyPnL: number;
  unrealizedPnL: number;
  realizedPnL: number;
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
}

/**
 * THE table of REST routes: method, path, whether a token is needed, and the zod schemas of the body, path
 * parameters, query, headers and success reply. The express routers mount every handler through it
 * (src/core/api/http/mount.ts), the OpenAPI document is generated from it, and the typed client library calls
 * the API by it, so a route cannot exist, be documented or be called in a shape the others do not know. The reply
 * schemas live in restResponses.ts.
 *
 * Paths are written OpenAPI-style (`/api/orders/{id}`); `expressPath()` turns them into express's `:id`.
 *
 * The `/api/admin/*` routes are the web console's (docs/window.md): what the desktop window asks over IPC, for a
 * browser. The console's page and assets themselves are not API routes (src/core/api/http/console.ts).
 */
import { z } from 'zod';
import {
  BracketOrderRequestSchema,
  ConnectRequestSchema,
  ContractSearchQuerySchema,
  HealthResponseSchema,
  HistoryQuerySchema,
  LaunchRequestSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  ModifyOrderRequestSchema,
  SubscribeMarketDataSchema,
} from './apiMessages.js';
import {
  CredentialsRequestSchema,
  DemoFaultRequestSchema,
  IbErrorsQuerySchema,
  LogsQuerySchema,
  SaveSettingsRequestSchema,
  SetModeRequestSchema,
  ValidateSettingsRequestSchema,
} from './consoleShapes.js';
import { IdempotencyKeySchema, OrderRequestSchema } from './contract.js';
import {
  AccessTokenResponseSchema,
  AccountResponseSchema,
  BracketOrderResponseSchema,
  CancelAllResponseSchema,
  CancelOrderResponseSchema,
  ConsoleStatusResponseSchema,
  ConnectionHealthResponseSchema,
  ConnectResponseSchema,
  ContractSearchResponseSchema,
  EnableTradingResponseSchema,
  ExecutionsResponseSchema,
  HistoryResponseSchema,
  IbErrorsResponseSchema,
  LogLinesResponseSchema,
  MessageResponseSchema,
  OpenApiDocumentSchema,
  OrderResultResponseSchema,
  OrdersResponseSchema,
  PnLResponseSchema,
  PositionsResponseSchema,
  SavedSettingsResponseSchema,
  SettingsResponseSchema,
  SettingsValidationResponseSchema,
  SnapshotResponseSchema,
  SubscribeResponseSchema,
  TradingStatusResponseSchema,
  TrafficResponseSchema,
  WsClientsResponseSchema,
} from './restResponses.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  /** false: no token (health, login, the launch code, this document); everything else needs `Authorization: Bearer <JWT>`. */
  readonly auth: boolean;
  readonly body?: z.ZodType;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly headers?: z.ZodObject;
  /** The 200 reply. */
  readonly response: z.ZodType;
}

const idParam = z.object({ id: z.string() });
const symbolParam = z.object({ symbol: z.string() });
/** The same key as the idempotencyKey field (1 to 64 characters, no control characters). */
const idempotencyHeader = z.object({ 'Idempotency-Key': IdempotencyKeySchema.optional() });

export const API_ROUTES = {
  health: { method: 'get', path: '/health', summary: 'Liveness, TWS connection state and client counts', auth: false, response: HealthResponseSchema },
  openapi: { method: 'get', path: '/api/openapi.json', summary: 'This document', auth: false, response: OpenApiDocumentSchema },
  login: {
    method: 'post', path: '/api/auth/login', summary: 'Local login (never IBKR credentials); rate limited', auth: false,
    body: LoginRequestSchema, response: LoginResponseSchema,
  },
  launch: {
    method: 'post', path: '/api/auth/launch', summary: "Exchange the banner's one-time console link code for a session (once, within minutes); rate limited", auth: false,
    body: LaunchRequestSchema, response: LoginResponseSchema,
  },
  connect: {
    method: 'post', path: '/api/ibkr/connect', summary: 'Connect to TWS / IB Gateway (username/password accepted and ignored)', auth: true,
    body: ConnectRequestSchema, response: ConnectResponseSchema,
  },
  disconnect: { method: 'post', path: '/api/ibkr/disconnect', summary: 'Disconnect from TWS', auth: true, response: MessageResponseSchema },
  connectionHealth: {
    method: 'get', path: '/api/connection-health', summary: 'Connection health', auth: true, response: ConnectionHealthResponseSchema,
  },
  websocketClients: {
    method: 'get', path: '/api/websocket/clients', summary: 'Connected WebSocket clients', auth: true,
    response: WsClientsResponseSchema,
  },
  disconnectWebSocketClient: {
    method: 'delete', path: '/api/websocket/clients/{id}', summary: 'Disconnect one WebSocket client (close code 1000)', auth: true,
    params: idParam, response: MessageResponseSchema,
  },
  subscribeMarketData: {
    method: 'post', path: '/api/market-data/subscribe', summary: 'Subscribe; ticks are pushed on the WebSocket of the same user', auth: true,
    body: SubscribeMarketDataSchema, response: SubscribeResponseSchema,
  },
  unsubscribeMarketData: {
    method: 'delete', path: '/api/market-data/subscribe/{id}', summary: 'Unsubscribe (REST or WebSocket subscription id)', auth: true,
    params: idParam, response: MessageResponseSchema,
  },
  snapshot: {
    method: 'get', path: '/api/market-data/snapshot/{symbol}', summary: 'Current quote of one instrument', auth: true,
    params: symbolParam, response: SnapshotResponseSchema,
  },
  history: {
    method: 'get', path: '/api/history/{symbol}', summary: 'Historical bars', auth: true, params: symbolParam, query: HistoryQuerySchema,
    response: HistoryResponseSchema,
  },
  searchContracts: {
    method: 'get', path: '/api/contracts/search', summary: 'Contract search (matching symbols)', auth: true, query: ContractSearchQuerySchema,
    response: ContractSearchResponseSchema,
  },
  placeOrder: {
    method: 'post', path: '/api/orders', summary: 'Place an order; Idempotency-Key makes retries safe', auth: true,
    body: OrderRequestSchema, headers: idempotencyHeader, response: OrderResultResponseSchema,
  },
  listOrders: { method: 'get', path: '/api/orders', summary: 'Orders of the session', auth: true, response: OrdersResponseSchema },
  placeBracket: {
    method: 'post', path: '/api/orders/bracket', auth: true,
    summary: 'Bracket order: entry + take profit + stop loss (one OCA group); Idempotency-Key makes retries safe',
    body: BracketOrderRequestSchema, headers: idempotencyHeader, response: BracketOrderResponseSchema,
  },
  cancelAllOrders: {
    method: 'post', path: '/api/orders/cancel-all', summary: 'Kill switch: cancel every open order and block new ones', auth: true,
    response: CancelAllResponseSchema,
  },
  modifyOrder: {
    method: 'put', path: '/api/orders/{id}', summary: 'Modify price, quantity, type or time in force', auth: true,
    params: idParam, body: ModifyOrderRequestSchema, response: OrderResultResponseSchema,
  },
  cancelOrder: {
    method: 'delete', path: '/api/orders/{id}', summary: 'Cancel an order', auth: true, params: idParam,
    response: CancelOrderResponseSchema,
  },
  executions: {
    method: 'get', path: '/api/executions', summary: 'Executions of the day', auth: true, response: ExecutionsResponseSchema,
  },
  tradingStatus: {
    method: 'get', path: '/api/trading/status', summary: 'Kill switch and read-only state', auth: true, response: TradingStatusResponseSchema,
  },
  enableTrading: {
    method: 'post', path: '/api/trading/enable', summary: 'Re-arm trading after the kill switch', auth: true,
    response: EnableTradingResponseSchema,
  },
  positions: { method: 'get', path: '/api/positions', summary: 'Positions', auth: true, response: PositionsResponseSchema },
  account: {
    method: 'get', path: '/api/account', summary: 'Account summary (null when unknown)', auth: true,
    response: AccountResponseSchema,
  },
  pnl: { method: 'get', path: '/api/pnl', summary: 'P&L per account', auth: true, response: PnLResponseSchema },
  // The web console (the monitor and settings window in a browser).
  consoleStatus: {
    method: 'get', path: '/api/admin/status', summary: "The proxy's status as the monitor shows it (pushed as consoleStatus)", auth: true,
    response: ConsoleStatusResponseSchema,
  },
  todaysOrders: {
    method: 'get', path: '/api/admin/orders/today', summary: "Today's orders from the orders journal", auth: true, response: OrdersResponseSchema,
  },
  recentLogs: {
    method: 'get', path: '/api/admin/logs', summary: 'The latest log lines, redacted (pushed as logLine)', auth: true, query: LogsQuerySchema,
    response: LogLinesResponseSchema,
  },
  recentIbErrors: {
    method: 'get', path: '/api/admin/ib-errors', summary: 'The latest IB errors and warnings', auth: true, query: IbErrorsQuerySchema,
    response: IbErrorsResponseSchema,
  },
  trafficHistory: {
    method: 'get', path: '/api/admin/traffic', summary: 'Message and tick rates of the last minutes (pushed as trafficSample)', auth: true,
    response: TrafficResponseSchema,
  },
  connectConfigured: {
    method: 'post', path: '/api/admin/tws/connect', summary: 'Connect to TWS with the configured profile', auth: true, response: ConnectResponseSchema,
  },
  setTradingMode: {
    method: 'put', path: '/api/admin/tws/mode', summary: 'Switch between the live and paper profiles (desktop only)', auth: true,
    body: SetModeRequestSchema, response: MessageResponseSchema,
  },
  getSettings: { method: 'get', path: '/api/admin/settings', summary: 'The settings, their defaults and where they live', auth: true, response: SettingsResponseSchema },
  validateSettings: {
    method: 'post', path: '/api/admin/settings/validate', summary: "Check settings with the core's rules; nothing is stored", auth: true,
    body: ValidateSettingsRequestSchema, response: SettingsValidationResponseSchema,
  },
  saveSettings: {
    method: 'put', path: '/api/admin/settings', summary: 'Save and apply settings (desktop; headless settings come from .env)', auth: true,
    body: SaveSettingsRequestSchema, response: SavedSettingsResponseSchema,
  },
  accessToken: {
    method: 'get', path: '/api/admin/access-token', summary: 'The login in use (the stored access token is never sent)', auth: true,
    response: AccessTokenResponseSchema,
  },
  rotateAccessToken: {
    method: 'post', path: '/api/admin/access-token/rotate', summary: 'A new access token, shown once; signs every client out', auth: true,
    response: AccessTokenResponseSchema,
  },
  setCredentials: {
    method: 'put', path: '/api/admin/credentials', summary: 'Use a username and password of your own; signs every client out', auth: true,
    body: CredentialsRequestSchema, response: MessageResponseSchema,
  },
  simulatorFault: {
    method: 'post', path: '/api/admin/demo/faults', summary: "Make the demo's TWS simulator misbehave (demo mode only)", auth: true,
    body: DemoFaultRequestSchema, response: MessageResponseSchema,
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof API_ROUTES;

/** `/api/orders/{id}` → `/api/orders/:id`. */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

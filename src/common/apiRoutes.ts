/**
 * THE table of REST routes: method, path, whether a token is needed, and the zod schemas of the body, path
 * parameters, query, headers and success reply. The express routers mount every handler through it
 * (src/core/api/http/mount.ts), the OpenAPI document is generated from it, and the typed client library calls
 * the API by it, so a route cannot exist, be documented or be called in a shape the others do not know. The reply
 * schemas live in restResponses.ts.
 *
 * Paths are written OpenAPI-style (`/api/orders/{id}`); `expressPath()` turns them into express's `:id`.
 */
import { z } from 'zod';
import {
  BracketOrderRequestSchema,
  ConnectRequestSchema,
  ContractSearchQuerySchema,
  HealthResponseSchema,
  HistoryQuerySchema,
  LoginRequestSchema,
  LoginResponseSchema,
  ModifyOrderRequestSchema,
  SubscribeMarketDataSchema,
} from './apiMessages.js';
import { IdempotencyKeySchema, OrderRequestSchema } from './contract.js';
import {
  AccountResponseSchema,
  BracketOrderResponseSchema,
  CancelAllResponseSchema,
  CancelOrderResponseSchema,
  ConnectionHealthResponseSchema,
  ConnectResponseSchema,
  ContractSearchResponseSchema,
  EnableTradingResponseSchema,
  ExecutionsResponseSchema,
  HistoryResponseSchema,
  MessageResponseSchema,
  OpenApiDocumentSchema,
  OrderResultResponseSchema,
  OrdersResponseSchema,
  PnLResponseSchema,
  PositionsResponseSchema,
  SnapshotResponseSchema,
  SubscribeResponseSchema,
  TradingStatusResponseSchema,
  WsClientsResponseSchema,
} from './restResponses.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  /** false: no token (health, login, this document); everything else needs `Authorization: Bearer <JWT>`. */
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
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof API_ROUTES;

/** `/api/orders/{id}` → `/api/orders/:id`. */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/**
 * Every REST route of the proxy, by the name of the client method that calls it, with the schema its success
 * body is decoded with (src/common). The test suite walks the server's OpenAPI document and checks that each of
 * its operations is in this table and has its method on ProxyRestClient.
 */
import type { z } from 'zod';
import { API_ROUTES } from '../../../../src/common/apiRoutes.js';
import type { RouteName as ApiRouteName } from '../../../../src/common/apiRoutes.js';
import {
  AccountResponseSchema,
  BracketOrderResponseSchema,
  CancelAllResponseSchema,
  CancelOrderResponseSchema,
  ConnectResponseSchema,
  ConnectionHealthResponseSchema,
  ContractSearchResponseSchema,
  EnableTradingResponseSchema,
  ExecutionsResponseSchema,
  HealthResponseSchema,
  HistoryResponseSchema,
  LoginResponseSchema,
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
} from '../shapes.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI style: `{id}` marks a path parameter. */
  path: string;
  /** Sends the bearer token (every /api route but login and the OpenAPI document). */
  auth: boolean;
  response: z.ZodType;
}

const route = <S extends z.ZodType>(method: HttpMethod, path: string, response: S, auth = true) => ({ method, path, auth, response });

/**
 * A route taken as it is from the server's own table (src/common/apiRoutes.ts) by its name there: method, path,
 * auth and reply schema cannot differ from what the server mounts. The web console's routes are written this way.
 */
const apiRoute = <N extends ApiRouteName>(name: N) => {
  const spec = API_ROUTES[name];
  return {
    method: spec.method.toUpperCase() as Uppercase<(typeof API_ROUTES)[N]['method']>,
    path: spec.path as (typeof API_ROUTES)[N]['path'],
    auth: spec.auth as (typeof API_ROUTES)[N]['auth'],
    response: spec.response as (typeof API_ROUTES)[N]['response'],
    apiRoute: name,
  };
};

export const REST_ROUTES = {
  health: route('GET', '/health', HealthResponseSchema, false),
  getOpenApiDocument: route('GET', '/api/openapi.json', OpenApiDocumentSchema, false),
  login: route('POST', '/api/auth/login', LoginResponseSchema, false),
  connectTws: route('POST', '/api/ibkr/connect', ConnectResponseSchema),
  disconnectTws: route('POST', '/api/ibkr/disconnect', MessageResponseSchema),
  subscribeMarketData: route('POST', '/api/market-data/subscribe', SubscribeResponseSchema),
  unsubscribeMarketData: route('DELETE', '/api/market-data/subscribe/{id}', MessageResponseSchema),
  getSnapshot: route('GET', '/api/market-data/snapshot/{symbol}', SnapshotResponseSchema),
  getHistory: route('GET', '/api/history/{symbol}', HistoryResponseSchema),
  searchContracts: route('GET', '/api/contracts/search', ContractSearchResponseSchema),
  placeOrder: route('POST', '/api/orders', OrderResultResponseSchema),
  getOrders: route('GET', '/api/orders', OrdersResponseSchema),
  placeBracketOrder: route('POST', '/api/orders/bracket', BracketOrderResponseSchema),
  cancelAllOrders: route('POST', '/api/orders/cancel-all', CancelAllResponseSchema),
  modifyOrder: route('PUT', '/api/orders/{id}', OrderResultResponseSchema),
  cancelOrder: route('DELETE', '/api/orders/{id}', CancelOrderResponseSchema),
  getExecutions: route('GET', '/api/executions', ExecutionsResponseSchema),
  getTradingStatus: route('GET', '/api/trading/status', TradingStatusResponseSchema),
  enableTrading: route('POST', '/api/trading/enable', EnableTradingResponseSchema),
  getPositions: route('GET', '/api/positions', PositionsResponseSchema),
  getAccountSummary: route('GET', '/api/account', AccountResponseSchema),
  getPnL: route('GET', '/api/pnl', PnLResponseSchema),
  getConnectionHealth: route('GET', '/api/connection-health', ConnectionHealthResponseSchema),
  getWebSocketClients: route('GET', '/api/websocket/clients', WsClientsResponseSchema),
  // The launch link of the banner, and the web console's admin routes (each by its name in API_ROUTES).
  launch: apiRoute('launch'),
  disconnectWebSocketClient: apiRoute('disconnectWebSocketClient'),
  getConsoleStatus: apiRoute('consoleStatus'),
  getTodaysOrders: apiRoute('todaysOrders'),
  getRecentLogs: apiRoute('recentLogs'),
  getRecentIbErrors: apiRoute('recentIbErrors'),
  getTrafficHistory: apiRoute('trafficHistory'),
  connectConfiguredTws: apiRoute('connectConfigured'),
  setTradingMode: apiRoute('setTradingMode'),
  getSettings: apiRoute('getSettings'),
  validateSettings: apiRoute('validateSettings'),
  saveSettings: apiRoute('saveSettings'),
  getAccessTokenInfo: apiRoute('accessToken'),
  rotateAccessToken: apiRoute('rotateAccessToken'),
  setCredentials: apiRoute('setCredentials'),
  simulateFault: apiRoute('simulatorFault'),
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof REST_ROUTES;
/** The decoded success body of a route. */
export type RouteResponse<R extends RouteName> = z.output<(typeof REST_ROUTES)[R]['response']>;

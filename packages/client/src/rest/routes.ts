/**
 * Every REST route of the proxy, by the name of the client method that calls it: each entry is the server's own
 * route table entry (src/common/apiRoutes.ts: method, path, auth and the schema its success body is decoded with). The test suite walks the server's OpenAPI document and checks that each of
 * its operations is in this table and has its method on ProxyRestClient.
 */
import type { z } from 'zod';
import { API_ROUTES, type RouteName as ServerRouteName } from '../../../../src/common/apiRoutes.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI style: `{id}` marks a path parameter. */
  path: string;
  /** Sends the bearer token (every /api route but login and the OpenAPI document). */
  auth: boolean;
  response: z.ZodType;
}

/** A server route (src/common/apiRoutes.ts, the table express mounts by) as this client calls it. */
const route = <K extends ServerRouteName>(name: K) => {
  const r = API_ROUTES[name];
  return { method: r.method.toUpperCase() as Uppercase<(typeof API_ROUTES)[K]['method']>, path: r.path, auth: r.auth, response: r.response as (typeof API_ROUTES)[K]['response'] };
};

export const REST_ROUTES = {
  health: route('health'),
  getOpenApiDocument: route('openapi'),
  login: route('login'),
  connectTws: route('connect'),
  disconnectTws: route('disconnect'),
  subscribeMarketData: route('subscribeMarketData'),
  unsubscribeMarketData: route('unsubscribeMarketData'),
  getSnapshot: route('snapshot'),
  getHistory: route('history'),
  searchContracts: route('searchContracts'),
  placeOrder: route('placeOrder'),
  getOrders: route('listOrders'),
  placeBracketOrder: route('placeBracket'),
  cancelAllOrders: route('cancelAllOrders'),
  modifyOrder: route('modifyOrder'),
  cancelOrder: route('cancelOrder'),
  getExecutions: route('executions'),
  getTradingStatus: route('tradingStatus'),
  enableTrading: route('enableTrading'),
  getPositions: route('positions'),
  getAccountSummary: route('account'),
  getPnL: route('pnl'),
  getConnectionHealth: route('connectionHealth'),
  getWebSocketClients: route('websocketClients'),
  // The launch link of the banner, and the web console's admin routes (each by its name in API_ROUTES).
  launch: route('launch'),
  disconnectWebSocketClient: route('disconnectWebSocketClient'),
  getConsoleStatus: route('consoleStatus'),
  getTodaysOrders: route('todaysOrders'),
  getRecentLogs: route('recentLogs'),
  getRecentIbErrors: route('recentIbErrors'),
  getTrafficHistory: route('trafficHistory'),
  connectConfiguredTws: route('connectConfigured'),
  setTradingMode: route('setTradingMode'),
  getSettings: route('getSettings'),
  validateSettings: route('validateSettings'),
  saveSettings: route('saveSettings'),
  getAccessTokenInfo: route('accessToken'),
  rotateAccessToken: route('rotateAccessToken'),
  setCredentials: route('setCredentials'),
  simulateFault: route('simulatorFault'),
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof REST_ROUTES;
/** The decoded success body of a route. */
export type RouteResponse<R extends RouteName> = z.output<(typeof REST_ROUTES)[R]['response']>;

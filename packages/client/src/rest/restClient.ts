/**
 * Typed REST calls, one method per route of the proxy (REST_ROUTES). Each returns the decoded answer (the named
 * field when the body has one, such as `positions`) or throws a ProxyClientError (errors.ts).
 *
 * Placements (placeOrder, placeBracketOrder) always carry an Idempotency-Key: the caller's, or a new one per call.
 * The call repeats itself with the same key when no answer came back, and every error it throws carries the key,
 * so a retry by the caller (`{ idempotencyKey: error.idempotencyKey }`) is safe too.
 */
import type { Credentials, TokenSource } from '../auth/tokenSource.js';
import { newIdempotencyKey } from '../idempotency.js';
import type {
  AccountSummary,
  Bar,
  BracketOrderRequestInput,
  ConnectInput,
  ConnectionHealth,
  ConnectionStatus,
  ContractSearchResult,
  ExecutionReport,
  HealthResponse,
  HistoryOptions,
  IBKRPosition,
  LoginResponse,
  ModifyOrderInput,
  Order,
  OrderRequestInput,
  OrderResponse,
  PnL,
  Quote,
  SubscribeMarketDataInput,
  TradingStatus,
} from '../shapes.js';
import type {
  AccessTokenInfo,
  DemoFault,
  IBKRError,
  LogLevel,
  LogLine,
  ProxyStatus,
  SettingsObject,
  SettingsSnapshot,
  SettingsValidation,
  TrafficSample,
} from '../shapes.js';
import type { HttpTransport } from './httpTransport.js';
import type { RouteResponse } from './routes.js';

export interface PlacementOptions {
  /** Reuse the key of an earlier attempt of the same placement (e.g. error.idempotencyKey); a new one otherwise. */
  idempotencyKey?: string;
  timeoutMs?: number;
}

export interface RequestOptions {
  timeoutMs?: number;
}

export type OrderId = number | string;

export class ProxyRestClient {
  constructor(
    private readonly http: HttpTransport,
    private readonly tokens: TokenSource,
  ) {}

  // --- no authentication -------------------------------------------------------------------------------------

  health(o: RequestOptions = {}): Promise<HealthResponse> {
    return this.http.call('health', { repeatable: true, ...o });
  }

  getOpenApiDocument(o: RequestOptions = {}): Promise<RouteResponse<'getOpenApiDocument'>> {
    return this.http.call('getOpenApiDocument', { repeatable: true, ...o });
  }

  /**
   * Logs in (the proxy's local login, never IBKR credentials) and keeps the token for the following calls. With
   * `credentials` in the client's options there is no need: the client logs in by itself when it needs a token.
   */
  async login(credentials: Credentials, o: RequestOptions = {}): Promise<LoginResponse> {
    const r = await this.http.call('login', { body: credentials, ...o });
    this.tokens.adopt(r);
    return r;
  }

  /**
   * Exchanges the one-time code of the banner's console link (`#launch=<code>`) for a session, and keeps the
   * token for the following calls, as login() does. A code works once, for a few minutes.
   */
  async launch(code: string, o: RequestOptions = {}): Promise<LoginResponse> {
    const r = await this.http.call('launch', { body: { code }, ...o });
    this.tokens.adopt(r);
    return r;
  }

  // --- TWS connection ----------------------------------------------------------------------------------------

  async connectTws(settings: ConnectInput, o: RequestOptions = {}): Promise<{ message: string; connectionStatus: ConnectionStatus }> {
    const { success: _s, ...r } = await this.http.call('connectTws', { body: settings, ...o });
    return r;
  }

  async disconnectTws(o: RequestOptions = {}): Promise<{ message: string }> {
    const { message } = await this.http.call('disconnectTws', o);
    return { message };
  }

  async getConnectionHealth(o: RequestOptions = {}): Promise<ConnectionHealth> {
    return (await this.http.call('getConnectionHealth', { repeatable: true, ...o })).health;
  }

  async getWebSocketClients(o: RequestOptions = {}): Promise<Omit<RouteResponse<'getWebSocketClients'>, 'success'>> {
    const { success: _s, ...r } = await this.http.call('getWebSocketClients', { repeatable: true, ...o });
    return r;
  }

  /** Closes one WebSocket client of the proxy (close code 1000), by its id in getWebSocketClients(). */
  async disconnectWebSocketClient(clientId: string, o: RequestOptions = {}): Promise<{ message: string }> {
    const { message } = await this.http.call('disconnectWebSocketClient', { params: { id: clientId }, ...o });
    return { message };
  }

  // --- market data -------------------------------------------------------------------------------------------

  /**
   * A REST subscription: its ticks arrive on the WebSocket clients logged in as the same user. It lives on the
   * proxy until unsubscribed (a proxy restart ends it); ProxyWsClient.subscribeMarketData restores itself instead.
   */
  async subscribeMarketData(req: SubscribeMarketDataInput, o: RequestOptions = {}): Promise<{ subscriptionId: string; symbols: string[] }> {
    const { subscriptionId, symbols } = await this.http.call('subscribeMarketData', { body: req, ...o });
    return { subscriptionId, symbols };
  }

  async unsubscribeMarketData(subscriptionId: string, o: RequestOptions = {}): Promise<{ message: string }> {
    const { message } = await this.http.call('unsubscribeMarketData', { params: { id: subscriptionId }, ...o });
    return { message };
  }

  async getSnapshot(symbol: string, o: RequestOptions = {}): Promise<Quote> {
    return (await this.http.call('getSnapshot', { params: { symbol }, repeatable: true, ...o })).quote;
  }

  async getHistory(symbol: string, q: HistoryOptions = {}, o: RequestOptions = {}): Promise<{ symbol: string; duration: string; barSize: string; bars: Bar[] }> {
    const query = {
      duration: q.duration,
      barSize: q.barSize,
      whatToShow: q.whatToShow,
      useRTH: q.useRTH === undefined ? undefined : String(q.useRTH),
    };
    const { success: _s, ...r } = await this.http.call('getHistory', { params: { symbol }, query, repeatable: true, ...o });
    return r;
  }

  async searchContracts(text: string, o: RequestOptions = {}): Promise<ContractSearchResult[]> {
    return (await this.http.call('searchContracts', { query: { q: text }, repeatable: true, ...o })).contracts;
  }

  // --- orders ------------------------------------------------------------------------------------------------

  async placeOrder(order: OrderRequestInput, o: PlacementOptions = {}): Promise<OrderResponse> {
    const key = o.idempotencyKey ?? order.idempotencyKey ?? newIdempotencyKey();
    const r = await this.http.call('placeOrder', this.placement(order, key, o));
    return r.order;
  }

  /** Entry + take profit + stop loss in one OCA group: [parent, takeProfit, stopLoss]. */
  async placeBracketOrder(bracket: BracketOrderRequestInput, o: PlacementOptions = {}): Promise<OrderResponse[]> {
    const key = o.idempotencyKey ?? bracket.idempotencyKey ?? newIdempotencyKey();
    return (await this.http.call('placeBracketOrder', this.placement(bracket, key, o))).orders;
  }

  async modifyOrder(orderId: OrderId, changes: ModifyOrderInput, o: RequestOptions = {}): Promise<OrderResponse> {
    return (await this.http.call('modifyOrder', { params: { id: orderId }, body: changes, ...o })).order;
  }

  async cancelOrder(orderId: OrderId, o: RequestOptions = {}): Promise<{ message: string; order: OrderResponse }> {
    const { message, order } = await this.http.call('cancelOrder', { params: { id: orderId }, ...o });
    return { message, order };
  }

  async getOrders(o: RequestOptions = {}): Promise<Order[]> {
    return (await this.http.call('getOrders', { repeatable: true, ...o })).orders;
  }

  async getExecutions(o: RequestOptions = {}): Promise<ExecutionReport[]> {
    return (await this.http.call('getExecutions', { repeatable: true, ...o })).executions;
  }

  /** The kill switch: blocks new orders, then cancels every open one. */
  async cancelAllOrders(o: RequestOptions = {}): Promise<{ message: string; cancelled: number; tradingBlocked: boolean }> {
    const { success: _s, ...r } = await this.http.call('cancelAllOrders', o);
    return r;
  }

  async getTradingStatus(o: RequestOptions = {}): Promise<TradingStatus> {
    const { tradingBlocked, readOnly } = await this.http.call('getTradingStatus', { repeatable: true, ...o });
    return { tradingBlocked, readOnly };
  }

  /** Re-arms trading after the kill switch. */
  async enableTrading(o: RequestOptions = {}): Promise<TradingStatus & { message: string }> {
    const { success: _s, ...r } = await this.http.call('enableTrading', o);
    return r;
  }

  // --- portfolio ---------------------------------------------------------------------------------------------

  async getPositions(o: RequestOptions = {}): Promise<IBKRPosition[]> {
    return (await this.http.call('getPositions', { repeatable: true, ...o })).positions;
  }

  /** null until TWS has sent the account's first complete summary. */
  async getAccountSummary(o: RequestOptions = {}): Promise<AccountSummary | null> {
    return (await this.http.call('getAccountSummary', { repeatable: true, ...o })).account;
  }

  async getPnL(o: RequestOptions = {}): Promise<PnL[]> {
    return (await this.http.call('getPnL', { repeatable: true, ...o })).pnl;
  }

  // --- the web console (/api/admin/*): what the monitor and settings window show and change ------------------

  /** The proxy at a glance (pushed as `consoleStatus` to WebSocket clients that set consoleEvents). */
  async getConsoleStatus(o: RequestOptions = {}): Promise<ProxyStatus> {
    return (await this.http.call('getConsoleStatus', { repeatable: true, ...o })).status;
  }

  /** Today's orders, from the proxy's orders journal. */
  async getTodaysOrders(o: RequestOptions = {}): Promise<Order[]> {
    return (await this.http.call('getTodaysOrders', { repeatable: true, ...o })).orders;
  }

  /** The latest log lines, redacted, oldest first (pushed as `logLine`). */
  async getRecentLogs(q: { limit?: number; level?: LogLevel } = {}, o: RequestOptions = {}): Promise<LogLine[]> {
    const query = { limit: q.limit === undefined ? undefined : String(q.limit), level: q.level };
    return (await this.http.call('getRecentLogs', { query, repeatable: true, ...o })).lines;
  }

  async getRecentIbErrors(limit?: number, o: RequestOptions = {}): Promise<IBKRError[]> {
    const query = { limit: limit === undefined ? undefined : String(limit) };
    return (await this.http.call('getRecentIbErrors', { query, repeatable: true, ...o })).errors;
  }

  /** Message and tick rates of the last minutes, oldest first (pushed as `trafficSample`). */
  async getTrafficHistory(o: RequestOptions = {}): Promise<TrafficSample[]> {
    return (await this.http.call('getTrafficHistory', { repeatable: true, ...o })).samples;
  }

  /** Connects to TWS with the profile the proxy is configured with (connectTws takes the settings instead). */
  async connectConfiguredTws(o: RequestOptions = {}): Promise<{ message: string; connectionStatus: ConnectionStatus }> {
    const { success: _s, ...r } = await this.http.call('connectConfiguredTws', o);
    return r;
  }

  /** Live or paper profile (desktop only: refused with the mode's sentence elsewhere). */
  async setTradingMode(mode: 'live' | 'paper', o: RequestOptions = {}): Promise<{ message: string }> {
    const { message } = await this.http.call('setTradingMode', { body: { mode }, ...o });
    return { message };
  }

  async getSettings(o: RequestOptions = {}): Promise<SettingsSnapshot> {
    const { success: _s, ...r } = await this.http.call('getSettings', { repeatable: true, ...o });
    return r;
  }

  /** The core's verdict on `settings` (its own sentences); nothing is stored. */
  async validateSettings(settings: SettingsObject, o: RequestOptions = {}): Promise<SettingsValidation> {
    return (await this.http.call('validateSettings', { body: { settings }, repeatable: true, ...o })).validation;
  }

  /**
   * Saves and applies. Refusals are ProxyApiErrors: `invalid_settings` (400, with `issues`), `confirmation_required`
   * (409: a server host / port change; send again with confirmServerRestart), `not_in_this_mode` (409: this mode
   * keeps its settings elsewhere, the sentence says where).
   */
  async saveSettings(
    settings: SettingsObject,
    options: { confirmServerRestart?: boolean } = {},
    o: RequestOptions = {},
  ): Promise<{ settings: SettingsObject; restarted: string[] }> {
    const { success: _s, ...r } = await this.http.call('saveSettings', { body: { settings, ...options }, ...o });
    return r;
  }

  /** The login in use; the console is never sent the stored access token (`token` is null, `reason` says why). */
  async getAccessTokenInfo(o: RequestOptions = {}): Promise<AccessTokenInfo> {
    return (await this.http.call('getAccessTokenInfo', { repeatable: true, ...o })).accessToken;
  }

  /** A new access token, in the answer only; every session (this one too) is signed out. */
  async rotateAccessToken(o: RequestOptions = {}): Promise<AccessTokenInfo> {
    return (await this.http.call('rotateAccessToken', o)).accessToken;
  }

  /** A username and password of one's own instead of the access token; every session is signed out. */
  async setCredentials(username: string, password: string, o: RequestOptions = {}): Promise<{ message: string }> {
    const { message } = await this.http.call('setCredentials', { body: { username, password }, ...o });
    return { message };
  }

  /** Makes the demo's TWS simulator misbehave (restart, 1100 / 1101, ...); refused outside demo mode. */
  async simulateFault(fault: DemoFault, o: RequestOptions = {}): Promise<{ message: string }> {
    const { message } = await this.http.call('simulateFault', { body: { fault }, ...o });
    return { message };
  }

  /** A placement: the key in the Idempotency-Key header and the body's field (the server wants them to agree). */
  private placement(body: object, key: string, o: PlacementOptions) {
    return {
      body: { ...body, idempotencyKey: key },
      headers: { 'Idempotency-Key': key },
      repeatable: true,
      idempotencyKey: key,
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    };
  }
}

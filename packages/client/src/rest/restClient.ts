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

/**
 * The WebSocket client: typed requests for every message type of the proxy, server pushes as typed events, and
 * market-data subscriptions that survive reconnects and proxy restarts under a stable handle.
 *
 *   const ws = client.ws;                       // or new ProxyWsClient(...)
 *   ws.on('orderStatus', (order) => ...);
 *   await ws.connect();
 *   const aapl = await ws.subscribeMarketData({ symbols: ['AAPL'] });
 *   aapl.onData((tick) => ...);
 *   const placed = await ws.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT' });
 *
 * Requests made while the client is (re)connecting wait for the session (within their timeout). After a
 * reconnect the client authenticates, restores the batch option and every subscription, then emits `reconnected`
 * (a good moment to read orders and positions again: pushes sent while it was away are not replayed).
 */
import { backoffDelay } from '../backoff.js';
import { TypedEmitter } from '../emitter.js';
import { ProxyClosedError, ProxyConnectionError, ProxyProtocolError, ProxyTimeoutError, isApiError } from '../errors.js';
import type { ProxyClientError } from '../errors.js';
import type { TokenSource } from '../auth/tokenSource.js';
import { newIdempotencyKey } from '../idempotency.js';
import { cancelTimer, randomId, startTimer } from '../runtime.js';
import { WS_PUSH_TYPES, WS_SERVER_PAYLOADS } from '../shapes.js';
import type {
  AccountSummary,
  BracketOrderRequestInput,
  ConnectionHealth,
  ExecutionReport,
  IBKRPosition,
  MarketDataUpdate,
  ModifyOrderInput,
  Order,
  OrderRequestInput,
  OrderResponse,
  PnL,
  Quote,
  SubscribeMarketDataInput,
  TradingStatus,
  WsPushType,
} from '../shapes.js';
import type { PlacementOptions, RequestOptions } from '../rest/restClient.js';
import { Connection } from './connection.js';
import type { ConnectionOptions, DisconnectInfo, WsClientState } from './connection.js';
import type { ServerFrame, WsPushPayload, WsReply, WsRequestPayload, WsRequestType } from './protocol.js';
import { RequestQueue } from './requestQueue.js';
import type { SendLimits } from './sendBudget.js';
import { platformWebSocket } from './socket.js';
import type { WebSocketConstructor } from './socket.js';
import { MarketDataSubscription } from './subscription.js';

export interface WsClientOptions extends Omit<ConnectionOptions, 'url' | 'WebSocket' | 'requestTimeoutMs'> {
  /** ws://127.0.0.1:3001/ws */
  url: string;
  /** Defaults to globalThis.WebSocket (browsers); in Node pass the `ws` package's class. */
  WebSocket?: WebSocketConstructor;
  /** Default deadline of a request, from the call to its reply. Default 15 000 ms. */
  requestTimeoutMs?: number;
  /** Stay under the proxy's per-connection limits (see sendBudget.ts). */
  limits?: SendLimits;
  /** Check every push against its schema (a mismatch is reported as `clientError` and dropped). Default true. */
  validatePushes?: boolean;
}

export type ProxyWsEvents = {
  /** Server pushes, decoded. `marketDataBatch` also arrives as one `marketData` event per update. */
  [K in WsPushType]: [payload: WsPushPayload<K>];
} & {
  /** This client's own connection to the proxy (not the proxy's to TWS: that is `connectionStatus`). */
  state: [state: WsClientState, previous: WsClientState];
  /** A session after a reconnect is up and its subscriptions are restored. */
  reconnected: [];
  /** The session took a fresh token on the same socket, before the old one expired. */
  reauthenticated: [];
  disconnected: [info: DisconnectInfo];
  /** Trouble outside any call: a failed renewal or restore, an unreadable frame, or (state 'closed') the end. */
  clientError: [error: ProxyClientError];
};

/** Errors after which a subscription cannot be restored by trying again. */
const PERMANENT_SUBSCRIBE_ERRORS = ['invalid_symbols', 'invalid_payload'];

interface SubscriptionTracking {
  /** A subscribe request is on its way. */
  requesting: boolean;
  /** Tries of the current restore (backoff). */
  tries: number;
  /** Settles the subscribeMarketData call that created it. */
  settleFirst: ((error?: ProxyClientError) => void) | null;
}

export class ProxyWsClient extends TypedEmitter<ProxyWsEvents> {
  private readonly connection: Connection;
  private readonly queue: RequestQueue;
  private readonly requestTimeoutMs: number;
  private readonly validatePushes: boolean;
  private readonly subs = new Map<MarketDataSubscription, SubscriptionTracking>();
  /** The options last set (set_options), given again to every new session. */
  private options: { batchMarketData?: boolean; consoleEvents?: boolean } = {};
  private closedError: ProxyClientError | null = null;
  /** Why the client stopped by itself (a refused login), for connect() to reject with. */
  private fatalError: ProxyClientError | null = null;
  private _serverClientId: string | null = null;

  constructor(options: WsClientOptions, tokens: TokenSource) {
    super();
    const WebSocket = options.WebSocket ?? platformWebSocket();
    if (!WebSocket) throw new TypeError('No WebSocket in this runtime: pass one as the `WebSocket` option (in Node: the ws package)');
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.validatePushes = options.validatePushes ?? true;
    this.connection = new Connection({ ...options, WebSocket, requestTimeoutMs: this.requestTimeoutMs }, tokens, {
      frame: (f) => this.onFrame(f),
      sessionOpened: (reconnect) => this.onSessionOpened(reconnect),
      socketLost: (info) => this.onSocketLost(info),
      stateChanged: (state, previous) => this.emit('state', state, previous),
      reauthenticated: () => this.emit('reauthenticated'),
      problem: (e) => this.emit('clientError', e),
      fatal: (e) => this.shutDown(e),
    });
    // Wire ids: unique per client, so replies in logs can be told apart.
    this.queue = new RequestQueue(this.connection, options.limits ?? {}, `${randomId().slice(0, 8)}-`);
    this.connection.attach(this.queue);
  }

  get state(): WsClientState {
    return this.connection.state;
  }

  /** The proxy's id for the current connection (as GET /api/websocket/clients lists it). */
  get serverClientId(): string | null {
    return this._serverClientId;
  }

  /** The live subscriptions. */
  get subscriptions(): MarketDataSubscription[] {
    return [...this.subs.keys()];
  }

  /**
   * Starts the connection and resolves once the first session is authenticated. The client keeps (re)connecting
   * by itself until close(); `timeoutMs` only bounds this wait (ProxyTimeoutError), not the connecting.
   * Rejects when the login is refused (with that ProxyApiError): the client has stopped then.
   */
  connect(o: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closedError) return Promise.reject(this.fatalError ?? this.closedError);
    const opened = new Promise<void>((resolve, reject) => {
      if (this.connection.state === 'open') return resolve();
      let timer: ReturnType<typeof startTimer> | null = null;
      const offState = this.on('state', (state) => {
        if (state === 'open') done();
        else if (state === 'closed') done(this.fatalError ?? this.closedError ?? undefined);
      });
      const done = (error?: ProxyClientError): void => {
        offState();
        cancelTimer(timer);
        if (error) reject(error);
        else resolve();
      };
      if (o.timeoutMs !== undefined) {
        timer = startTimer(() => done(new ProxyTimeoutError(o.timeoutMs!, { operation: 'connect', transport: 'ws' })), o.timeoutMs);
      }
    });
    this.connection.start();
    return opened;
  }

  /** Closes the connection for good: waiting calls fail with ProxyClosedError, subscriptions end. */
  close(): void {
    this.shutDown(new ProxyClosedError('The client was closed', { operation: 'close', transport: 'ws' }));
  }

  /** Any request by its message type, typed from the server's own table (the methods below are shorthands). */
  request<T extends WsRequestType>(type: T, payload: WsRequestPayload<T>, o: RequestOptions & { idempotencyKey?: string } = {}): Promise<WsReply<T>> {
    if (this.closedError) return Promise.reject(this.closedError);
    return this.queue.enqueue(type, payload, { timeoutMs: o.timeoutMs ?? this.requestTimeoutMs, idempotencyKey: o.idempotencyKey });
  }

  // --- session -----------------------------------------------------------------------------------------------

  /** Authenticates the session again now, with a fresh token when the old one is close to expiry. */
  authenticate(): Promise<{ userId: string }> {
    if (this.closedError) return Promise.reject(this.closedError);
    return this.connection.reauthenticate();
  }

  ping(o: RequestOptions = {}): Promise<WsReply<'ping'>> {
    return this.request('ping', { timestamp: Date.now() }, o);
  }

  /**
   * `batchMarketData: true`: ticks come as `marketDataBatch` (and, unpacked, as `marketData`). `consoleEvents:
   * true`: the web console's pushes `consoleStatus`, `trafficSample` and `logLine`. Kept across reconnects.
   */
  async setOptions(
    options: { batchMarketData?: boolean; consoleEvents?: boolean },
    o: RequestOptions = {},
  ): Promise<{ batchMarketData: boolean; consoleEvents: boolean }> {
    const r = await this.request('set_options', options, o);
    this.options = { batchMarketData: r.batchMarketData, consoleEvents: r.consoleEvents };
    return r;
  }

  // --- market data -------------------------------------------------------------------------------------------

  /**
   * Subscribes and resolves with the subscription's handle once the proxy confirmed it. The handle stays valid
   * across reconnects and proxy restarts: the client subscribes again by itself and emits `restored` on it.
   * `onData` listens from the first update on (the current quote, sent with the confirmation).
   */
  subscribeMarketData(
    req: SubscribeMarketDataInput,
    o: RequestOptions & { onData?: (update: MarketDataUpdate) => void } = {},
  ): Promise<MarketDataSubscription> {
    if (this.closedError) return Promise.reject(this.closedError);
    const sub = new MarketDataSubscription(req, { release: (s) => this.release(s) });
    // Listening from the start: the proxy sends the current quote right behind its confirmation.
    if (o.onData) sub.onData(o.onData);
    const timeoutMs = o.timeoutMs ?? this.requestTimeoutMs;
    return new Promise((resolve, reject) => {
      const timer = startTimer(() => {
        void sub.unsubscribe();
        reject(new ProxyTimeoutError(timeoutMs, { operation: 'subscribe_market_data', transport: 'ws' }));
      }, timeoutMs);
      this.subs.set(sub, {
        requesting: false,
        tries: 0,
        settleFirst: (error) => {
          cancelTimer(timer);
          if (error) reject(error);
          else resolve(sub);
        },
      });
      if (this.connection.authenticated) void this.activate(sub, false);
      // Otherwise the next session's set-up subscribes it.
    });
  }

  /** Ends a subscription: a handle, or a proxy subscription id (e.g. one made over REST). */
  async unsubscribeMarketData(subscription: MarketDataSubscription | string, o: RequestOptions = {}): Promise<void> {
    if (typeof subscription !== 'string') return subscription.unsubscribe();
    await this.request('unsubscribe_market_data', { subscriptionId: subscription }, o);
  }

  async getMarketDataSnapshot(symbol: string, o: RequestOptions = {}): Promise<Quote> {
    return (await this.request('get_market_data_snapshot', { symbol }, o)).quote;
  }

  // --- orders ------------------------------------------------------------------------------------------------

  /**
   * Places an order with an Idempotency-Key (the caller's or a new one): if the connection drops before the reply,
   * the client sends it again with the same key after reconnecting and the proxy answers with the order it
   * placed, never a second one. Errors carry the key for a retry of the caller's own.
   */
  placeOrder(order: OrderRequestInput, o: PlacementOptions = {}): Promise<OrderResponse> {
    const key = o.idempotencyKey ?? order.idempotencyKey ?? newIdempotencyKey();
    return this.request('place_order', { ...order, idempotencyKey: key }, { ...o, idempotencyKey: key });
  }

  /** Entry + take profit + stop loss in one OCA group: [parent, takeProfit, stopLoss]. Same key rule as placeOrder. */
  async placeBracketOrder(bracket: BracketOrderRequestInput, o: PlacementOptions = {}): Promise<OrderResponse[]> {
    const key = o.idempotencyKey ?? bracket.idempotencyKey ?? newIdempotencyKey();
    return (await this.request('place_bracket_order', { ...bracket, idempotencyKey: key }, { ...o, idempotencyKey: key })).orders;
  }

  modifyOrder(orderId: number | string, changes: ModifyOrderInput, o: RequestOptions = {}): Promise<OrderResponse> {
    return this.request('modify_order', { orderId, ...changes }, o);
  }

  cancelOrder(orderId: number | string, o: RequestOptions = {}): Promise<OrderResponse> {
    return this.request('cancel_order', { orderId }, o);
  }

  /** The kill switch: blocks new orders, then cancels every open one. */
  cancelAllOrders(o: RequestOptions = {}): Promise<{ cancelled: number; tradingBlocked: boolean }> {
    return this.request('cancel_all_orders', {}, o);
  }

  /** Re-arms trading after the kill switch. Never repeated by the client after a lost reply (see protocol.ts). */
  enableTrading(o: RequestOptions = {}): Promise<TradingStatus> {
    return this.request('enable_trading', {}, o);
  }

  getTradingStatus(o: RequestOptions = {}): Promise<TradingStatus> {
    return this.request('get_trading_status', {}, o);
  }

  async getOrders(o: RequestOptions = {}): Promise<Order[]> {
    return (await this.request('get_orders', {}, o)).orders;
  }

  async getExecutions(o: RequestOptions = {}): Promise<ExecutionReport[]> {
    return (await this.request('get_executions', {}, o)).executions;
  }

  // --- portfolio and connection -----------------------------------------------------------------------------

  async getPositions(o: RequestOptions = {}): Promise<IBKRPosition[]> {
    return (await this.request('get_positions', {}, o)).positions;
  }

  /** null until TWS has sent the account's first complete summary. */
  async getAccountSummary(o: RequestOptions = {}): Promise<AccountSummary | null> {
    return (await this.request('get_account_summary', {}, o)).accountSummary;
  }

  async getPnL(o: RequestOptions = {}): Promise<PnL[]> {
    return (await this.request('get_pnl', {}, o)).pnl;
  }

  async getConnectionHealth(o: RequestOptions = {}): Promise<ConnectionHealth> {
    return (await this.request('get_connection_health', {}, o)).health;
  }

  // --- inside --------------------------------------------------------------------------------------------------

  private onFrame(frame: ServerFrame): void {
    if (this.queue.handleFrame(frame)) return;
    if (frame.type === 'connection_established') {
      const id = (frame.payload as { clientId?: unknown } | null)?.clientId;
      this._serverClientId = typeof id === 'string' ? id : null;
      return;
    }
    if ((WS_PUSH_TYPES as readonly string[]).includes(frame.type)) this.onPush(frame.type as WsPushType, frame.payload);
    // Any other type is from a newer proxy: ignored, as the contract only ever adds.
  }

  private onPush<K extends WsPushType>(type: K, raw: unknown): void {
    const payload = raw as WsPushPayload<K>;
    if (this.validatePushes) {
      const decoded = WS_SERVER_PAYLOADS[type].safeParse(raw);
      if (!decoded.success) {
        this.emit('clientError', new ProxyProtocolError(`A ${type} push does not match its schema; dropped`, { operation: type, transport: 'ws' }, decoded.error.issues));
        return;
      }
      // Checked, and passed on as sent (keepAsSent in protocol.ts).
    }
    if (type === 'marketData') this.deliver(payload as MarketDataUpdate);
    else if (type === 'marketDataBatch') {
      // A batch also arrives update by update, for listeners that do not care how the proxy framed it.
      for (const u of (payload as WsPushPayload<'marketDataBatch'>).updates) {
        this.deliver(u);
        this.emit('marketData', u);
      }
    }
    (this.emit as (event: K, payload: WsPushPayload<K>) => void)(type, payload);
  }

  private deliver(update: MarketDataUpdate): void {
    for (const sub of this.subs.keys()) sub.deliver(update);
  }

  private onSessionOpened(reconnect: boolean): void {
    const setUp: Array<Promise<unknown>> = [];
    if (Object.keys(this.options).length > 0) {
      setUp.push(
        this.queue
          .enqueue('set_options', this.options, { timeoutMs: this.requestTimeoutMs, first: true })
          .catch((e: ProxyClientError) => this.emit('clientError', e)),
      );
    }
    for (const sub of this.subs.keys()) setUp.push(this.activate(sub, true));
    if (reconnect) {
      void Promise.allSettled(setUp).then(() => {
        if (this.connection.authenticated) this.emit('reconnected');
      });
    }
  }

  private onSocketLost(info: DisconnectInfo): void {
    for (const sub of this.subs.keys()) sub.detached();
    this.emit('disconnected', info);
  }

  /** Subscribes `sub` on the current session (first time or restore); retries what may pass later. */
  private async activate(sub: MarketDataSubscription, first: boolean): Promise<void> {
    const t = this.subs.get(sub);
    if (!t || t.requesting || sub.state === 'closed') return;
    t.requesting = true;
    // Confirmed the moment the reply is read: the proxy sends the current quote right behind it.
    const confirm = (reply: unknown): void => {
      const r = reply as WsReply<'subscribe_market_data'>;
      if (!sub.closed) sub.confirmed(r.subscriptionId, r.symbols);
    };
    try {
      const r = await this.queue.enqueue('subscribe_market_data', sub.request, { timeoutMs: this.requestTimeoutMs, first, onReply: confirm });
      t.requesting = false;
      // Unsubscribed while the proxy was confirming: give the proxy's subscription back.
      if (sub.closed) return void this.dropAtProxy(r.subscriptionId);
      t.tries = 0;
      t.settleFirst?.();
      t.settleFirst = null;
    } catch (e) {
      t.requesting = false;
      this.activationFailed(sub, t, e as ProxyClientError);
    }
  }

  private activationFailed(sub: MarketDataSubscription, t: SubscriptionTracking, error: ProxyClientError): void {
    if (sub.state === 'closed' || error instanceof ProxyClosedError) return;
    if (error instanceof ProxyConnectionError) {
      // The connection dropped first: the next session subscribes it (or this one, if it is up already).
      if (this.connection.authenticated) void this.activate(sub, true);
      return;
    }
    // The caller's own subscribe call hears every refusal; a restore gives up only on what cannot pass later.
    if (t.settleFirst || isApiError(error, ...PERMANENT_SUBSCRIBE_ERRORS)) {
      this.subs.delete(sub);
      t.settleFirst?.(error);
      t.settleFirst = null;
      sub.failed(error);
      this.emit('clientError', error);
      return;
    }
    this.emit('clientError', error);
    startTimer(() => {
      if (this.connection.authenticated) void this.activate(sub, true);
    }, backoffDelay(t.tries++, { initialDelayMs: 250, maxDelayMs: 10_000 }));
  }

  private async release(sub: MarketDataSubscription): Promise<void> {
    this.subs.delete(sub);
    if (sub.serverId !== null && this.connection.authenticated) await this.dropAtProxy(sub.serverId);
  }

  /** Unsubscribes at the proxy; a subscription it no longer has (or a lost connection, which ended it) is fine. */
  private async dropAtProxy(subscriptionId: string): Promise<void> {
    try {
      await this.queue.enqueue('unsubscribe_market_data', { subscriptionId }, { timeoutMs: this.requestTimeoutMs });
    } catch (e) {
      if (isApiError(e, 'subscription_not_found') || e instanceof ProxyConnectionError || e instanceof ProxyClosedError) return;
      throw e;
    }
  }

  private shutDown(error: ProxyClientError): void {
    if (this.closedError) return;
    if (!(error instanceof ProxyClosedError)) this.fatalError = error;
    this.closedError = error instanceof ProxyClosedError ? error : new ProxyClosedError(`The client stopped: ${error.message}`, { operation: error.operation, transport: 'ws', cause: error });
    if (!(error instanceof ProxyClosedError)) this.emit('clientError', error);
    const closed = this.closedError;
    this.queue.failAll(() => closed);
    for (const [sub, t] of this.subs) {
      t.settleFirst?.(closed);
      sub.failed(closed);
    }
    this.subs.clear();
    this.connection.stop();
  }
}

/** The method of ProxyWsClient for each request type of the proxy (the coverage test checks it is complete). */
export const WS_REQUEST_METHODS = {
  authenticate: 'authenticate',
  ping: 'ping',
  subscribe_market_data: 'subscribeMarketData',
  unsubscribe_market_data: 'unsubscribeMarketData',
  place_order: 'placeOrder',
  cancel_order: 'cancelOrder',
  get_positions: 'getPositions',
  get_account_summary: 'getAccountSummary',
  get_connection_health: 'getConnectionHealth',
  modify_order: 'modifyOrder',
  place_bracket_order: 'placeBracketOrder',
  cancel_all_orders: 'cancelAllOrders',
  enable_trading: 'enableTrading',
  get_trading_status: 'getTradingStatus',
  get_orders: 'getOrders',
  get_executions: 'getExecutions',
  get_pnl: 'getPnL',
  get_market_data_snapshot: 'getMarketDataSnapshot',
  set_options: 'setOptions',
} as const satisfies Record<WsRequestType, keyof ProxyWsClient>;

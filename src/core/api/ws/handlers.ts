/**
 * WebSocket request handlers: one function per client message type. Each validates its payload with the shared
 * schema (the same object the REST route uses) and returns the reply; the hub sends it with the request's id.
 * A thrown error becomes exactly one `error` reply, so no request goes unanswered.
 */
import {
  AuthenticatePayloadSchema,
  BracketOrderRequestSchema,
  CancelOrderPayloadSchema,
  ModifyOrderPayloadSchema,
  SetOptionsPayloadSchema,
  SnapshotPayloadSchema,
  SubscribeMarketDataSchema,
  UnsubscribeMarketDataSchema,
  WS_REQUESTS,
} from '../../../common/apiMessages.js';
import type { WsRequestType } from '../../../common/apiMessages.js';
import { OrderRequestSchema } from '../../../common/contract.js';
import { ApiError, parseOrThrow } from '../errors.js';
import type { OrderService } from '../../orders/orderService.js';
import type { ApiGateway, ApiSettings } from '../ports.js';
import type { SubscriptionRegistry } from '../subscriptions.js';
import { initialQuoteUpdates } from '../quoteUpdates.js';
import { pnlList, toOrderResponse, tradingStatus } from '../views.js';
import type { WsClient } from './wsClient.js';

export interface Reply {
  type: string;
  payload: unknown;
  /** Runs after the reply is sent (e.g. the current quotes after subscription_confirmed). */
  after?: () => void;
}

export interface HandlerDeps {
  gateway: ApiGateway;
  orders: OrderService;
  subscriptions: SubscriptionRegistry;
  settings: ApiSettings;
  /** Marks the client authenticated (or closes it on a bad token); owned by the hub. */
  authenticate(client: WsClient, token: string): Reply;
  /** Sends the current quote of freshly subscribed lines to one client. */
  sendInitialQuotes(client: WsClient, updates: ReturnType<typeof initialQuoteUpdates>): void;
}

type Handler = (client: WsClient, payload: unknown, deps: HandlerDeps) => Promise<Reply | null> | Reply | null;

const ctx = (client: WsClient) => ({ source: 'ws' as const, client: client.id });

const HANDLERS: Record<WsRequestType, Handler> = {
  authenticate: (client, payload, deps) => {
    const token = (payload as { token?: unknown } | null | undefined)?.token;
    if (token === undefined || token === null || token === '') {
      throw new ApiError(400, 'missing_token', 'authenticate needs a token in its payload: {"token": "<JWT>"}');
    }
    const { token: t } = parseOrThrow(AuthenticatePayloadSchema, payload, 'authentication_failed');
    return deps.authenticate(client, t);
  },

  ping: (_client, payload) => ({
    type: 'pong',
    payload: { timestamp: (payload as { timestamp?: unknown } | null | undefined)?.timestamp ?? Date.now() },
  }),

  subscribe_market_data: async (client, payload, deps) => {
    const req = parseOrThrow(SubscribeMarketDataSchema, payload, 'invalid_symbols');
    let sub;
    try {
      sub = await deps.subscriptions.subscribe({ kind: 'ws', client }, req);
    } catch (e) {
      if (e instanceof Error && 'code' in e && e.code === 'unknown_symbol') {
        throw new ApiError(400, 'invalid_symbols', e.message);
      }
      throw e;
    }
    // Confirm first, then the current state, so the client knows the subscription before its data.
    return {
      type: 'subscription_confirmed',
      payload: { subscriptionId: sub.id, symbols: sub.symbols },
      after: () => deps.sendInitialQuotes(client, initialQuoteUpdates(sub)),
    };
  },

  unsubscribe_market_data: (client, payload, deps) => {
    const { subscriptionId } = parseOrThrow(UnsubscribeMarketDataSchema, payload);
    const sub = deps.subscriptions.get(subscriptionId);
    const mine = sub && (sub.owner.kind === 'ws' ? sub.owner.client === client : sub.owner.userId === client.userId);
    if (!mine) throw new ApiError(404, 'subscription_not_found', `No subscription with id ${subscriptionId}`);
    deps.subscriptions.remove(subscriptionId);
    return { type: 'unsubscription_confirmed', payload: { subscriptionId } };
  },

  place_order: async (client, payload, deps) => {
    const req = parseOrThrow(OrderRequestSchema, payload);
    const order = await deps.orders.place(req, ctx(client));
    return { type: 'order_response', payload: toOrderResponse(order) };
  },

  cancel_order: async (client, payload, deps) => {
    const { orderId } = parseOrThrow(CancelOrderPayloadSchema, payload);
    const order = await deps.orders.cancel(orderId, ctx(client));
    return { type: 'order_response', payload: toOrderResponse(order) };
  },

  modify_order: async (client, payload, deps) => {
    const { orderId, ...changes } = parseOrThrow(ModifyOrderPayloadSchema, payload);
    const order = await deps.orders.modify(orderId, changes, ctx(client));
    return { type: 'order_response', payload: toOrderResponse(order) };
  },

  place_bracket_order: async (client, payload, deps) => {
    const req = parseOrThrow(BracketOrderRequestSchema, payload);
    const orders = await deps.orders.placeBracket(req, ctx(client));
    return { type: 'bracket_order_response', payload: { orders: orders.map(toOrderResponse) } };
  },

  cancel_all_orders: async (client, _payload, deps) => {
    const { cancelled } = await deps.orders.cancelAll(ctx(client));
    return { type: 'cancel_all_response', payload: { cancelled, tradingBlocked: true } };
  },

  enable_trading: async (client, _payload, deps) => {
    await deps.orders.enableTrading(ctx(client));
    return { type: 'trading_status_response', payload: tradingStatus(deps) };
  },

  get_trading_status: (_c, _p, deps) => ({ type: 'trading_status_response', payload: tradingStatus(deps) }),

  get_positions: (_c, _p, deps) => ({ type: 'positions_response', payload: { positions: deps.gateway.getPositions() } }),

  get_account_summary: (_c, _p, deps) => ({
    type: 'account_summary_response',
    payload: { accountSummary: deps.gateway.getAccountSummary() ?? null },
  }),

  get_connection_health: (_c, _p, deps) => ({
    type: 'connection_health_response',
    payload: { health: deps.gateway.getHealth() },
  }),

  get_orders: (_c, _p, deps) => ({ type: 'orders_response', payload: { orders: deps.gateway.getOrders() } }),

  get_executions: (_c, _p, deps) => ({
    type: 'executions_response',
    payload: { executions: deps.gateway.getExecutions() },
  }),

  get_pnl: (_c, _p, deps) => ({ type: 'pnl_response', payload: { pnl: pnlList(deps.gateway.getPnL()) } }),

  get_market_data_snapshot: async (_c, payload, deps) => {
    const { symbol } = parseOrThrow(SnapshotPayloadSchema, payload, 'invalid_symbols');
    return { type: 'market_data_snapshot_response', payload: { quote: await deps.gateway.snapshot({ symbol }) } };
  },

  set_options: (client, payload) => {
    const opts = parseOrThrow(SetOptionsPayloadSchema, payload ?? {});
    if (opts.batchMarketData !== undefined) client.outbound.batchMode = opts.batchMarketData;
    if (opts.consoleEvents !== undefined) client.consoleEvents = opts.consoleEvents;
    return { type: 'options_updated', payload: { batchMarketData: client.outbound.batchMode, consoleEvents: client.consoleEvents } };
  },
};

export function isRequestType(type: string): type is WsRequestType {
  return Object.prototype.hasOwnProperty.call(WS_REQUESTS, type);
}

export function handlerFor(type: WsRequestType): Handler {
  return HANDLERS[type];
}

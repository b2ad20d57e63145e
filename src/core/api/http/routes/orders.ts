/**
 * Orders over REST: place (with Idempotency-Key), bracket, modify, cancel, the kill switch, and executions.
 * Every call goes through OrderService, the same path as the WebSocket handlers (journal first, then TWS).
 */
import { Router } from 'express';
import type { Request, RequestHandler } from 'express';
import { API_ROUTES } from '../../../../common/apiRoutes.js';
import { mount } from '../mount.js';
import { OrderIdSchema } from '../../../../common/apiMessages.js';
import { IdempotencyKeySchema } from '../../../../common/contract.js';
import { ApiError } from '../../errors.js';
import { toOrderResponse, tradingStatus } from '../../views.js';
import { body, clientOf, param } from '../middleware.js';
import type { RouteDeps } from './deps.js';

/**
 * One rule for every placement route: the key comes from the Idempotency-Key header or the idempotencyKey body
 * field (the same schema for both), and they must agree when both are given.
 */
function withIdempotencyKey<T extends { idempotencyKey?: string | undefined }>(req: Request, parsed: T): T {
  const header = req.headers['idempotency-key'];
  if (header === undefined) return parsed;
  const r = IdempotencyKeySchema.safeParse(Array.isArray(header) ? header[0] : header);
  if (!r.success) {
    throw new ApiError(400, 'invalid_payload', 'The Idempotency-Key header must be 1 to 64 characters with no control characters (such as tab)');
  }
  if (parsed.idempotencyKey !== undefined && parsed.idempotencyKey !== r.data) {
    throw new ApiError(400, 'invalid_payload', 'The Idempotency-Key header and the idempotencyKey field differ');
  }
  return { ...parsed, idempotencyKey: r.data };
}

export function orderRoutes(d: RouteDeps, auth: RequestHandler): Router {
  const r = Router();
  const ctx = (req: Request) => ({ source: 'rest' as const, client: clientOf(req) });

  mount(r, API_ROUTES.listOrders, auth, (_req, res) => {
    res.json({ success: true, orders: d.gateway.getOrders() });
  });

  mount(r, API_ROUTES.placeOrder, auth, async (req, res) => {
    const order = await d.orders.place(withIdempotencyKey(req, body(API_ROUTES.placeOrder.body, req)), ctx(req));
    res.json({ success: true, order: toOrderResponse(order) });
  });

  mount(r, API_ROUTES.placeBracket, auth, async (req, res) => {
    const orders = await d.orders.placeBracket(withIdempotencyKey(req, body(API_ROUTES.placeBracket.body, req)), ctx(req));
    res.json({ success: true, orders: orders.map(toOrderResponse) });
  });

  mount(r, API_ROUTES.cancelAllOrders, auth, async (req, res) => {
    const { cancelled } = await d.orders.cancelAll(ctx(req));
    res.json({
      success: true,
      message: `Cancelled ${cancelled} open order(s); new orders are blocked until trading is re-enabled`,
      cancelled,
      tradingBlocked: true,
    });
  });

  mount(r, API_ROUTES.modifyOrder, auth, async (req, res) => {
    const orderId = param(OrderIdSchema, req.params.id);
    const order = await d.orders.modify(orderId, body(API_ROUTES.modifyOrder.body, req), ctx(req));
    res.json({ success: true, order: toOrderResponse(order) });
  });

  mount(r, API_ROUTES.cancelOrder, auth, async (req, res) => {
    const orderId = param(OrderIdSchema, req.params.id);
    const order = await d.orders.cancel(orderId, ctx(req));
    res.json({ success: true, message: `Cancel requested for order ${orderId}`, order: toOrderResponse(order) });
  });

  mount(r, API_ROUTES.executions, auth, (_req, res) => {
    res.json({ success: true, executions: d.gateway.getExecutions() });
  });

  mount(r, API_ROUTES.tradingStatus, auth, (_req, res) => {
    res.json({ success: true, ...tradingStatus(d) });
  });

  mount(r, API_ROUTES.enableTrading, auth, async (req, res) => {
    await d.orders.enableTrading(ctx(req));
    res.json({ success: true, message: 'Trading re-enabled', ...tradingStatus(d) });
  });

  return r;
}

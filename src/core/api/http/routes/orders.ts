/**
 * Orders over REST: place (with Idempotency-Key), bracket, modify, cancel, the kill switch, and executions.
 * Every call goes through OrderService, the same path as the WebSocket handlers (journal first, then TWS).
 */
import { Router } from 'express';
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import {
  BracketOrderRequestSchema,
  ModifyOrderRequestSchema,
  OrderIdSchema,
} from '../../../../common/apiMessages.js';
import { OrderRequestSchema } from '../../../../common/contract.js';
import { ApiError } from '../../errors.js';
import { toOrderResponse } from '../../orderService.js';
import { tradingStatus } from '../../views.js';
import { body, clientOf, param } from '../middleware.js';
import type { RouteDeps } from './deps.js';

const IdempotencyKeyHeaderSchema = z.string().min(1).max(64);

/** The Idempotency-Key header, which must agree with an idempotencyKey body field when both are given. */
function idempotencyKey(req: Request, fromBody: string | undefined): string | undefined {
  const header = req.headers['idempotency-key'];
  if (header === undefined) return fromBody;
  const r = IdempotencyKeyHeaderSchema.safeParse(Array.isArray(header) ? header[0] : header);
  if (!r.success) throw new ApiError(400, 'invalid_payload', 'The Idempotency-Key header must be 1 to 64 characters');
  if (fromBody !== undefined && fromBody !== r.data) {
    throw new ApiError(400, 'invalid_payload', 'The Idempotency-Key header and the idempotencyKey field differ');
  }
  return r.data;
}

export function orderRoutes(d: RouteDeps, auth: RequestHandler): Router {
  const r = Router();
  const ctx = (req: Request) => ({ source: 'rest' as const, client: clientOf(req) });

  r.get('/api/orders', auth, (_req, res) => {
    res.json({ success: true, orders: d.gateway.getOrders() });
  });

  r.post('/api/orders', auth, async (req, res) => {
    const parsed = body(OrderRequestSchema, req);
    const key = idempotencyKey(req, parsed.idempotencyKey);
    const order = await d.orders.place(key === undefined ? parsed : { ...parsed, idempotencyKey: key }, ctx(req));
    res.json({ success: true, order: toOrderResponse(order) });
  });

  r.post('/api/orders/bracket', auth, async (req, res) => {
    const orders = await d.orders.placeBracket(body(BracketOrderRequestSchema, req), ctx(req));
    res.json({ success: true, orders: orders.map(toOrderResponse) });
  });

  r.post('/api/orders/cancel-all', auth, async (req, res) => {
    const { cancelled } = await d.orders.cancelAll(ctx(req));
    res.json({
      success: true,
      message: `Cancelled ${cancelled} open order(s); new orders are blocked until trading is re-enabled`,
      cancelled,
      tradingBlocked: true,
    });
  });

  r.put('/api/orders/:id', auth, async (req, res) => {
    const orderId = param(OrderIdSchema, req.params.id);
    const order = await d.orders.modify(orderId, body(ModifyOrderRequestSchema, req), ctx(req));
    res.json({ success: true, order: toOrderResponse(order) });
  });

  r.delete('/api/orders/:id', auth, async (req, res) => {
    const orderId = param(OrderIdSchema, req.params.id);
    const order = await d.orders.cancel(orderId, ctx(req));
    res.json({ success: true, message: `Cancel requested for order ${orderId}`, order: toOrderResponse(order) });
  });

  r.get('/api/executions', auth, (_req, res) => {
    res.json({ success: true, executions: d.gateway.getExecutions() });
  });

  r.get('/api/trading/status', auth, (_req, res) => {
    res.json({ success: true, ...tradingStatus(d) });
  });

  r.post('/api/trading/enable', auth, async (req, res) => {
    await d.orders.enableTrading(ctx(req));
    res.json({ success: true, message: 'Trading re-enabled', ...tradingStatus(d) });
  });

  return r;
}

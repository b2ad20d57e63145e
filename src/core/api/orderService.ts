/**
 * Order operations shared by REST and WebSocket: one path, so both transports journal, deduplicate and answer the
 * same way. Every request is journaled (and on disk) before it reaches the gateway, and every answer is journaled
 * before the caller may confirm it to a client.
 */
import type { Order, OrderRequest, OrderResponse } from '../../common/contract.js';
import type { BracketOrderRequest, ModifyOrderRequest } from '../../common/apiMessages.js';
import type { OrdersJournal, JournalInput } from '../journal/ordersJournal.js';
import { ApiError, toPublicError } from './errors.js';
import { IdempotencyCache } from './idempotency.js';
import type { ApiGateway, ApiLogger } from './ports.js';

export interface OrderContext {
  /** Where the request came from: the local API's transports, or the desktop app's tray and window. */
  source: 'rest' | 'ws' | 'desktop';
  /** WebSocket client id, remote address, or the desktop control used (tray, window). */
  client: string;
}

const OPEN_STATUSES = new Set(['PendingSubmit', 'PreSubmitted', 'Submitted', 'PartiallyFilled', 'PendingCancel']);

export function toOrderResponse(order: Order): OrderResponse {
  return {
    orderId: order.orderId,
    status: order.status,
    filled: order.filled,
    avgFillPrice: order.avgFillPrice,
    remaining: order.remaining,
    timestamp: order.timestamp,
    commission: order.commission,
    order,
  };
}

export class OrderService {
  private readonly idempotency = new IdempotencyCache<Order>();

  constructor(
    private readonly gateway: ApiGateway,
    private readonly journal: OrdersJournal,
    private readonly logger: ApiLogger,
  ) {}

  /** Places an order; a request carrying an idempotency key already seen returns the first order. */
  place(req: OrderRequest, ctx: OrderContext): Promise<Order> {
    const key = req.idempotencyKey;
    if (key === undefined) return this.placeOnce(req, ctx);
    const { idempotencyKey: _k, ...rest } = req;
    return this.idempotency.run(key, JSON.stringify(rest), () => this.placeOnce(req, ctx)).promise;
  }

  private async placeOnce(req: OrderRequest, ctx: OrderContext): Promise<Order> {
    const base = { source: ctx.source, client: ctx.client, ...(req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : {}) };
    await this.write({ ...base, event: 'request', request: req });
    return this.settle(base, () => this.gateway.placeOrder(req));
  }

  async placeBracket(req: BracketOrderRequest, ctx: OrderContext): Promise<Order[]> {
    const { takeProfitPrice, stopLossPrice, ...parent } = req;
    const base = { source: ctx.source, client: ctx.client };
    await this.write({ ...base, event: 'request', request: req });
    try {
      const orders = await this.gateway.placeBracket({ parent: parent as OrderRequest, takeProfitPrice, stopLossPrice });
      await this.write({ ...base, event: 'response', orders });
      return orders;
    } catch (e) {
      await this.journalFailure(base, e);
      throw e;
    }
  }

  async modify(orderId: number, changes: ModifyOrderRequest, ctx: OrderContext): Promise<Order> {
    const base = { source: ctx.source, client: ctx.client, orderId };
    await this.write({ ...base, event: 'modify', request: changes });
    return this.settle(base, () => this.gateway.modifyOrder(orderId, changes));
  }

  async cancel(orderId: number, ctx: OrderContext): Promise<Order> {
    const base = { source: ctx.source, client: ctx.client, orderId };
    await this.write({ ...base, event: 'cancel' });
    return this.settle(base, () => this.gateway.cancelOrder(orderId));
  }

  /**
   * The kill switch: block new orders first (so none slips in while the journal write waits for the disk), journal
   * what is being cancelled, then cancel every open order. If the journal or the cancel fails, trading stays
   * blocked: the safe side.
   */
  async cancelAll(ctx: OrderContext): Promise<{ cancelled: number }> {
    this.gateway.setTradingBlocked(true);
    const open = this.gateway.getOrders().filter((o) => OPEN_STATUSES.has(o.status));
    await this.write({ source: ctx.source, client: ctx.client, event: 'cancel_all', orders: open });
    await this.gateway.cancelAllOrders();
    return { cancelled: open.length };
  }

  async enableTrading(ctx: OrderContext): Promise<void> {
    await this.write({ source: ctx.source, client: ctx.client, event: 'trading_enabled' });
    this.gateway.setTradingBlocked(false);
  }

  private async settle(base: Omit<JournalInput, 'event'>, call: () => Promise<Order>): Promise<Order> {
    let order: Order;
    try {
      order = await call();
    } catch (e) {
      await this.journalFailure(base, e);
      throw e;
    }
    await this.write({ ...base, event: 'response', orderId: order.orderId, order });
    return order;
  }

  private async journalFailure(base: Omit<JournalInput, 'event'>, e: unknown): Promise<void> {
    const pub = toPublicError(e);
    await this.write({ ...base, event: 'rejected', error: { code: pub.code, message: pub.message } }).catch(() => {
      // The original failure is what the client must hear about; a journal failure is logged by write().
    });
  }

  /** Journal append; a journal that cannot write stops order flow rather than trading without a record. */
  private async write(entry: JournalInput): Promise<void> {
    try {
      await this.journal.append(entry);
    } catch (e) {
      this.logger.error('orders journal write failed', e);
      const sent = entry.event === 'response' || entry.event === 'rejected';
      throw new ApiError(
        503,
        'journal_unavailable',
        sent
          ? 'The request reached TWS but the orders journal cannot be written; check GET /api/orders and the data folder'
          : 'The orders journal cannot be written, so the request was not sent to TWS',
      );
    }
  }
}

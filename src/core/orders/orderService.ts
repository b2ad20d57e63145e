/**
 * The order desk: the one path every order takes, whoever asks (REST, WebSocket, the desktop's tray and window).
 * Owned by the app (ProxyApp), not by a transport, so fills are journaled and the kill switch works whether or not
 * the local API is up.
 *
 *  - Journal first: every request is on disk before it reaches the gateway, every answer before the caller may
 *    confirm it; a journal that cannot write stops order flow rather than trading without a record.
 *  - Idempotency: a key returns the first placement for it; the same key with another order is a 409, also after
 *    a restart (idempotency.ts). One rule for single orders and brackets.
 *  - Fair turns: placements, modifications and cancels of each client wait in the client's own lane and are sent
 *    round robin (fairQueue.ts), so one client's flood cannot put another client's order behind it. The kill
 *    switch never waits in a lane.
 *  - Every gateway event that changes an order is journaled for as long as the desk lives (journalGatewayEvents.ts).
 */
import type { Order, OrderRequest } from '../../common/contract.js';
import type { BracketOrderRequest, ModifyOrderRequest } from '../../common/apiMessages.js';
import type { JournalInput, OrdersJournal } from '../journal/ordersJournal.js';
import { FairQueue } from './fairQueue.js';
import { IdempotencyCache, placementFingerprint } from './idempotency.js';
import { journalGatewayEvents } from './journalGatewayEvents.js';
import { OrderError } from './orderError.js';
import type { OrdersGateway, OrdersLogger } from './ports.js';

export interface OrderContext {
  /** Where the request came from: the local API's transports, or the desktop app's tray and window. */
  source: 'rest' | 'ws' | 'desktop';
  /** WebSocket client id, remote address, or the desktop control used (tray, window): also the fairness lane. */
  client: string;
}

export interface OrderServiceOptions {
  gateway: OrdersGateway;
  journal: OrdersJournal;
  logger: OrdersLogger;
  /** Clock of the idempotency memory (tests). */
  now?: () => number;
}

/**
 * Gateway order calls running at once, across all clients. A call holds its slot until TWS answers (tens of ms),
 * so four keep TWS's ~40 messages/s busy while @stoqey/ib's FIFO never holds more than four order messages: a
 * client's order waits behind at most these and one turn of each other busy client.
 */
export const ORDER_CALLS_IN_FLIGHT = 4;

const OPEN_STATUSES = new Set(['PendingSubmit', 'PreSubmitted', 'Submitted', 'PartiallyFilled', 'PendingCancel']);

/** Journal fields of one request: where it came from and, for a placement, its key and fingerprint. */
type Base = Omit<JournalInput, 'event'>;

export class OrderService {
  private readonly gateway: OrdersGateway;
  private readonly journal: OrdersJournal;
  private readonly logger: OrdersLogger;
  private readonly idempotency: IdempotencyCache<Order[]>;
  private readonly turns = new FairQueue(ORDER_CALLS_IN_FLIGHT);
  private readonly stopJournaling: () => void;

  constructor(options: OrderServiceOptions) {
    this.gateway = options.gateway;
    this.journal = options.journal;
    this.logger = options.logger;
    this.idempotency = new IdempotencyCache<Order[]>(options.now ? { now: options.now } : {});
    // Keys of earlier runs: the same key with another order stays refused after a restart.
    this.idempotency.seed(options.journal.idempotencyKeys());
    this.stopJournaling = journalGatewayEvents(options.gateway, options.journal, options.logger);
  }

  /** Places an order; a request carrying an idempotency key already seen returns the first order. */
  async place(req: OrderRequest, ctx: OrderContext): Promise<Order> {
    const [order] = await this.keyed('order', req, ctx, (base) =>
      this.settle(base, ctx, async () => [await this.gateway.placeOrder(req)]),
    );
    if (!order) throw new OrderError(502, 'order_rejected', 'The gateway answered the placement without an order');
    return order;
  }

  /** Places a bracket (parent, take profit, stop loss); keyed like a single order. */
  placeBracket(req: BracketOrderRequest, ctx: OrderContext): Promise<Order[]> {
    const { takeProfitPrice, stopLossPrice, ...parent } = req;
    return this.keyed('bracket', req, ctx, (base) =>
      this.settle(base, ctx, () => this.gateway.placeBracket({ parent: parent as OrderRequest, takeProfitPrice, stopLossPrice })),
    );
  }

  async modify(orderId: number, changes: ModifyOrderRequest, ctx: OrderContext): Promise<Order> {
    const base = { source: ctx.source, client: ctx.client, orderId };
    await this.write({ ...base, event: 'modify', request: changes });
    const [order] = await this.settle(base, ctx, async () => [await this.gateway.modifyOrder(orderId, changes)]);
    return order!;
  }

  async cancel(orderId: number, ctx: OrderContext): Promise<Order> {
    const base = { source: ctx.source, client: ctx.client, orderId };
    await this.write({ ...base, event: 'cancel' });
    const [order] = await this.settle(base, ctx, async () => [await this.gateway.cancelOrder(orderId)]);
    return order!;
  }

  /**
   * The kill switch: block new orders first (so none slips in while the journal write waits for the disk), journal
   * what is being cancelled, then cancel every open order. Never waits for a turn. If the journal or the cancel
   * fails, trading stays blocked: the safe side.
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

  /**
   * The client went away: its calls still waiting for a turn are not sent (each journaled as rejected). A call
   * already sent runs to its end; its answer is journaled as usual. Returns how many were dropped.
   */
  dropQueued(client: string): number {
    return this.turns.drop(
      client,
      new OrderError(499, 'client_gone', 'The client disconnected before its request was sent to TWS; it was not sent'),
    );
  }

  /** Orders waiting for their turn, all clients together. */
  get queued(): number {
    return this.turns.waiting;
  }

  /** Stops journaling gateway events (the app is stopping, after the gateway has said its last word). */
  close(): void {
    this.stopJournaling();
  }

  /** A placement under the idempotency rule: journaled with its key and fingerprint, coalesced by key. */
  private keyed(
    kind: 'order' | 'bracket',
    req: OrderRequest | BracketOrderRequest,
    ctx: OrderContext,
    send: (base: Base) => Promise<Order[]>,
  ): Promise<Order[]> {
    const key = req.idempotencyKey;
    const placeOnce = async (fingerprint?: string): Promise<Order[]> => {
      const base: Base = { source: ctx.source, client: ctx.client, ...(key !== undefined ? { idempotencyKey: key, fingerprint } : {}) };
      await this.write({ ...base, event: 'request', request: req });
      return send(base);
    };
    if (key === undefined) return placeOnce();
    const fingerprint = placementFingerprint(kind, req);
    return this.idempotency.run(key, fingerprint, () => placeOnce(fingerprint));
  }

  /** Runs a gateway call in the client's turn and journals its answer (or its failure) before returning it. */
  private async settle(base: Base, ctx: OrderContext, call: () => Promise<Order[]>): Promise<Order[]> {
    const { fingerprint: _f, ...answerBase } = base;
    let orders: Order[];
    try {
      orders = await this.turns.run(ctx.client, call);
    } catch (e) {
      await this.journalFailure(answerBase, e);
      throw e;
    }
    const first = orders[0];
    await this.write(
      orders.length === 1 && first ? { ...answerBase, event: 'response', orderId: first.orderId, order: first } : { ...answerBase, event: 'response', orders },
    );
    return orders;
  }

  private async journalFailure(base: Base, e: unknown): Promise<void> {
    const error = e instanceof Error && 'code' in e && typeof e.code === 'string' ? { code: e.code, message: e.message } : { code: 'internal_error', message: 'Internal error' };
    await this.write({ ...base, event: 'rejected', error }).catch(() => {
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
      throw new OrderError(
        503,
        'journal_unavailable',
        sent
          ? 'The request reached TWS but the orders journal cannot be written; check GET /api/orders and the data folder'
          : 'The orders journal cannot be written, so the request was not sent to TWS',
      );
    }
  }
}

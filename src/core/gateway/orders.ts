/**
 * Orders, one module in four parts (as ib_async splits client and wrapper), wired here:
 *   orderCommands.ts        the client: placement, brackets, modify, cancel, global cancel; the one risk check;
 *                           idempotent placement
 *   orderEvents.ts          the wrapper: openOrder / orderStatus / execDetails / commissionReport folded into one
 *                           record per order (orderRecord.ts), acknowledgements settled, errors routed
 *   orderReconciliation.ts  open orders, completed orders and executions re-read after every (re)connect
 *   commissionHold.ts       each fill reported once, with its commission
 * around the order book (orderBook.ts: the records, their idempotency keys, the coalesced change events) and the
 * acknowledgements in flight (pending.ts, keyed by order id).
 */
import { EventName } from '@stoqey/ib';
import type { ExecutionReport, Order, OrderRequest } from '../../common/contract.js';
import { CommissionHold } from './commissionHold.js';
import type { GatewayContext } from './context.js';
import { GatewayError } from './errors.js';
import { OrderBook } from './orderBook.js';
import { OrderCommands, type OrderDeps } from './orderCommands.js';
import { OrderEvents } from './orderEvents.js';
import { OrderReconciliation } from './orderReconciliation.js';
import { PendingRequests } from './pending.js';
import type { Session } from './session.js';
import type { BracketRequest, OrderChanges } from './types.js';

export type { OrderDeps } from './orderCommands.js';

export class OrderManager {
  private readonly book: OrderBook;
  private readonly acks = new PendingRequests();
  private readonly fills: CommissionHold;
  private readonly events: OrderEvents;
  private readonly reconciliation: OrderReconciliation;
  private readonly commands: OrderCommands;

  constructor(ctx: GatewayContext, deps: OrderDeps) {
    this.book = new OrderBook((order) => ctx.emit('orderStatus', order));
    this.fills = new CommissionHold((report) => ctx.emit('executionReport', report), () => deps.commissionWaitMs());
    this.events = new OrderEvents(this.book, this.acks, this.fills);
    this.reconciliation = new OrderReconciliation(ctx, this.book, (orderId) => this.acks.has(orderId));
    this.commands = new OrderCommands(ctx, deps, this.book, this.acks, this.reconciliation);
  }

  attach(session: Session): void {
    this.commands.noteNextValidId(session.nextValidId);
    session.on(EventName.nextValidId, (id: number) => this.commands.noteNextValidId(id));
    this.events.attach(session);
    this.reconciliation.attach(session);
  }

  detach(): void {
    this.reconciliation.detach();
    // Commission reports only come on the live socket: publish what we have rather than hold fills back.
    this.fills.flush();
    this.acks.rejectEach(
      (orderId) =>
        new GatewayError(
          'connection_lost',
          `connection to TWS lost before order ${orderId} was acknowledged; its state is reconciled after reconnect (retry with the same idempotency key to get it)`,
        ),
    );
  }

  placeOrder(req: OrderRequest): Promise<Order> {
    return this.commands.placeOrder(req);
  }

  placeBracket(req: BracketRequest): Promise<Order[]> {
    return this.commands.placeBracket(req);
  }

  modifyOrder(orderId: number, changes: OrderChanges): Promise<Order> {
    return this.commands.modifyOrder(orderId, changes);
  }

  cancelOrder(orderId: number): Promise<Order> {
    return this.commands.cancelOrder(orderId);
  }

  cancelAll(): void {
    this.commands.cancelAll();
  }

  /** Routes an error whose id is an order id; returns true when it was ours. */
  onError(id: number, code: number, message: string): boolean {
    return this.events.onError(id, code, message);
  }

  getOrders(): Order[] {
    return this.book.orders();
  }

  getOrder(orderId: number): Order | undefined {
    return this.book.order(orderId);
  }

  getExecutions(): ExecutionReport[] {
    return this.fills.reports();
  }
}

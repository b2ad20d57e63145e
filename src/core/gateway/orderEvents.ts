/**
 * The "wrapper" half of the orders module (as ib_async splits client and wrapper): TWS's order messages folded
 * into the order book, acknowledgements settled, fills handed to the commission hold, errors with an order id
 * routed. Nothing here sends anything to TWS.
 *
 * openOrder / completedOrder say what an order is, orderStatus where it stands, execDetails each fill and
 * commissionReport each fill's cost; orderRecord.ts folds them into one record, the book emits its changes.
 * An order we did not place in this process (an earlier run, or TWS itself) is adopted from its openOrder.
 */
import { EventName, type CommissionReport, type Contract, type Execution, type Order as IbOrder, type OrderState } from '@stoqey/ib';
import type { ExecutionReport } from '../../common/contract.js';
import type { CommissionHold } from './commissionHold.js';
import { GatewayError } from './errors.js';
import type { OrderBook, Tracked } from './orderBook.js';
import { applyCommission, applyExecution, applyOpenOrder, applyOrderStatus, isTerminal, markRejected, newOrderTrack } from './orderRecord.js';
import type { PendingRequests } from './pending.js';
import { roundPrice } from './portfolioRounding.js';
import type { Session } from './session.js';

/** What an acknowledgement waits for; the tag of its entry in the acks (PendingRequests keyed by order id). */
export type AckKind = 'place' | 'modify' | 'cancel';

/** Errors with an order id that mean "this order was refused". */
const REJECT_CODES: ReadonlySet<number> = new Set([103, 110, 201, 203, 320, 321, 322, 434, 10006]);
/** Errors with an order id that refuse a modify or cancel but leave the order as it was. */
const REFUSE_CHANGE_CODES: ReadonlySet<number> = new Set([104, 105, 135, 161, 10147, 10148]);

export class OrderEvents {
  constructor(
    private readonly book: OrderBook,
    private readonly acks: PendingRequests,
    private readonly fills: CommissionHold,
  ) {}

  attach(session: Session): void {
    session.on(EventName.openOrder, (orderId: number, contract: Contract, order: IbOrder, state: OrderState) =>
      this.onOpenOrder(orderId, contract, order, state),
    );
    session.on(EventName.completedOrder, (contract: Contract, order: IbOrder, state: OrderState) => {
      const b = this.book;
      const id = order.orderId || b.findByPermId(order.permId) || (order.orderRef ? b.idForKey(order.orderRef) : undefined) || 0;
      if (id > 0) this.onOpenOrder(id, contract, order, state);
    });
    session.on(
      EventName.orderStatus,
      (orderId: number, status: string, filled: number, remaining: number, avgFillPrice: number, permId?: number, parentId?: number, lastFillPrice?: number, _clientId?: number, whyHeld?: string) =>
        this.onOrderStatus(orderId, { status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, whyHeld }),
    );
    session.on(EventName.execDetails, (_reqId: number, contract: Contract, execution: Execution) => this.onExecution(contract, execution));
    session.on(EventName.commissionReport, (report: CommissionReport) => this.onCommission(report));
  }

  /** Routes an error whose id is an order id; returns true when it was ours. */
  onError(id: number, code: number, message: string): boolean {
    const t = this.book.get(id);
    const kind = this.acks.tagOf(id) as AckKind | undefined;
    if (!t && !kind) return false;
    if (code === 399 || (code >= 2100 && code < 3000)) return true; // warnings: the order goes on
    if (code === 202) {
      // Cancel confirmed; the orderStatus (Cancelled) carries the state change.
      if (kind === 'cancel' && t) this.settle(id, ['cancel']);
      return true;
    }
    if (REFUSE_CHANGE_CODES.has(code) && kind && kind !== 'place') {
      this.acks.reject(id, new GatewayError('order_rejected', `order ${id}: ${message} (${code})`, code));
      return true;
    }
    if (REJECT_CODES.has(code) || (kind === 'place' && code < 2000)) {
      if (t && kind !== 'modify' && markRejected(t, message, new Date().toISOString())) this.book.changed(t);
      if (kind) this.acks.reject(id, new GatewayError('order_rejected', `order ${id} rejected by TWS: ${message} (${code})`, code));
      return true;
    }
    return true;
  }

  private onOpenOrder(orderId: number, contract: Contract, order: IbOrder, state: OrderState): void {
    const now = new Date().toISOString();
    let t = this.book.get(orderId);
    if (!t) {
      // An order we did not place in this process (earlier run, or TWS itself): adopt it.
      const base = newOrderTrack(
        { orderId, symbol: contract.symbol ?? '', action: order.action === 'SELL' ? 'SELL' : 'BUY', quantity: order.totalQuantity ?? 0, orderType: 'MKT' },
        now,
      );
      t = { ...base, contract: { ...contract, exchange: contract.exchange || 'SMART' }, ibOrder: { ...order }, acknowledged: true };
      this.book.add(t);
    }
    t.acknowledged = true;
    const changed = applyOpenOrder(
      t,
      {
        symbol: contract.symbol,
        action: order.action,
        totalQuantity: order.totalQuantity,
        orderType: order.orderType,
        lmtPrice: order.lmtPrice,
        auxPrice: order.auxPrice,
        tif: order.tif,
        ocaGroup: order.ocaGroup,
        parentId: order.parentId,
        permId: order.permId,
        account: order.account,
        orderRef: order.orderRef,
        status: state?.status,
        commission: state?.commission,
      },
      now,
    );
    if (order.orderRef) this.book.noteKey(order.orderRef, orderId);
    if (changed) this.book.changed(t);
    this.settle(orderId, ['place', 'modify']);
    if (isTerminal(t.order.status)) this.settle(orderId, ['cancel']);
  }

  private onOrderStatus(orderId: number, input: Parameters<typeof applyOrderStatus>[1]): void {
    const t = this.book.get(orderId);
    if (!t) return; // another client's order we have no openOrder for
    t.acknowledged = true;
    if (applyOrderStatus(t, input, new Date().toISOString())) this.book.changed(t);
    this.settle(orderId, ['place', 'modify']);
    if (isTerminal(t.order.status) || t.order.status === 'PendingCancel') this.settle(orderId, ['cancel']);
  }

  private onExecution(contract: Contract, e: Execution): void {
    if (!e.execId) return;
    const orderId = e.orderId ?? 0;
    const now = new Date().toISOString();
    const t = this.book.get(orderId);
    if (t && e.shares !== undefined && e.price !== undefined) {
      t.acknowledged = true;
      if (applyExecution(t, e.execId, e.shares, e.price, now)) this.book.changed(t);
      this.settle(orderId, ['place', 'modify']);
    }
    this.fills.noteOrder(e.execId, orderId);
    if (this.fills.has(e.execId)) return; // replayed by reqExecutions: already known, never reported twice
    const report: ExecutionReport = {
      orderId,
      execId: e.execId,
      symbol: contract.symbol ?? t?.order.symbol ?? '',
      side: e.side === 'SLD' ? 'SLD' : 'BOT',
      shares: e.shares ?? 0,
      // Rounded as the Order record is (orderRecord.ts): prices to 8 decimals, money to cents.
      price: roundPrice(e.price ?? 0),
      time: e.time ?? now,
      commission: 0,
      realizedPnL: 0,
      account: e.acctNumber ?? '',
    };
    if (e.permId) report.permId = e.permId;
    if (e.cumQty !== undefined) report.cumQty = e.cumQty;
    if (e.avgPrice !== undefined) report.avgPrice = roundPrice(e.avgPrice);
    this.fills.hold(report);
  }

  private onCommission(r: CommissionReport): void {
    if (!r.execId) return;
    this.fills.commission(r.execId, r.commission, r.realizedPNL);
    const orderId = this.fills.orderIdOf(r.execId);
    const t = orderId !== undefined ? this.book.get(orderId) : undefined;
    if (t && r.commission !== undefined && applyCommission(t, r.execId, r.commission, new Date().toISOString())) this.book.changed(t);
  }

  /** Resolves the order's pending acknowledgement if it waits for one of `kinds`. */
  private settle(orderId: number, kinds: readonly AckKind[]): void {
    const kind = this.acks.tagOf(orderId) as AckKind | undefined;
    const t: Tracked | undefined = this.book.get(orderId);
    if (!kind || !t || !kinds.includes(kind)) return;
    this.acks.resolve(orderId, { ...t.order });
  }
}

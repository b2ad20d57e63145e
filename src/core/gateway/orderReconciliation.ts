/**
 * Reconciliation after every (re)connect: open orders, completed orders and executions are re-read together, so
 * nothing that happened while we were away is missed, and the idempotency keys TWS holds (as orderRef) are known
 * before a keyed placement may go out. Order events are held back meanwhile (the book's hold), so a fill replayed
 * by TWS arrives as one complete record. Orders we created whose acknowledgement was lost with the old socket,
 * and that TWS does not know, never reached TWS: they are marked Inactive and their key freed, so a retry places
 * them.
 */
import { EventName } from '@stoqey/ib';
import { requireSession, type GatewayContext } from './context.js';
import { GatewayError } from './errors.js';
import type { OrderBook } from './orderBook.js';
import { isTerminal, markRejected } from './orderRecord.js';
import { PendingRequests } from './pending.js';
import type { Session } from './session.js';

/** Pseudo request ids of the two "End" messages that carry none. */
const OPEN_ORDERS_END = -1;
const COMPLETED_ORDERS_END = -2;

export class OrderReconciliation {
  private readonly ends = new PendingRequests();
  private running: Promise<void> = Promise.resolve();
  /** Id of the session whose reconciliation completed; keyed placements need it to be the current one. */
  private reconciledFor = -1;
  private sessionId = 0;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly book: OrderBook,
    /** Whether an acknowledgement for this order is still awaited (then it is not "lost"). */
    private readonly awaitingAck: (orderId: number) => boolean,
  ) {}

  attach(session: Session): void {
    this.sessionId = session.id;
    session.on(EventName.openOrderEnd, () => this.ends.resolve(OPEN_ORDERS_END));
    session.on(EventName.completedOrdersEnd, () => this.ends.resolve(COMPLETED_ORDERS_END));
    session.on(EventName.execDetailsEnd, (reqId: number) => this.ends.resolve(reqId));
    this.running = this.run(session);
  }

  detach(): void {
    this.book.release();
    this.ends.rejectAll(new GatewayError('not_connected', 'connection lost during reconciliation'));
  }

  /**
   * Until reconciliation has completed on the *current* session we cannot know whether TWS already holds a key
   * (a reconnect during an earlier reconciliation starts a new one). If it cannot complete, a keyed placement
   * fails rather than risk a second order.
   */
  async waitReconciled(): Promise<void> {
    for (;;) {
      const session = requireSession(this.ctx);
      if (this.reconciledFor === session.id) return;
      const running = this.running;
      await running;
      const now = requireSession(this.ctx);
      if (running === this.running && this.reconciledFor !== now.id) {
        throw new GatewayError('timeout', 'order reconciliation with TWS did not complete; an order with an idempotency key cannot be placed safely yet');
      }
    }
  }

  private async run(session: Session): Promise<void> {
    const timeout = this.ctx.requestTimeoutMs();
    const execReq = this.ctx.nextReqId();
    this.book.hold();
    const results = await Promise.allSettled([
      this.ends.request(OPEN_ORDERS_END, timeout, 'open orders', () => session.api.reqOpenOrders()),
      this.ends.request(COMPLETED_ORDERS_END, timeout, 'completed orders', () => session.api.reqCompletedOrders(true)),
      this.ends.request(execReq, timeout, 'executions', () => session.api.reqExecutions(execReq, {})),
    ]);
    if (session.id !== this.sessionId) return;
    this.book.release();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      this.ctx.logger.warn('[gateway] order reconciliation incomplete', failed.reason);
      return;
    }
    this.reconciledFor = session.id;
    // Orders we created but TWS never heard of: their placement died with the old socket.
    const now = new Date().toISOString();
    for (const t of this.book.all()) {
      if (t.acknowledged || this.awaitingAck(t.order.orderId) || isTerminal(t.order.status)) continue;
      markRejected(t, 'not received by TWS (connection lost before acknowledgement)', now);
      if (t.order.idempotencyKey) this.book.releaseKey(t.order.idempotencyKey, t.order.orderId);
      this.book.changed(t);
    }
    this.book.flush();
  }
}

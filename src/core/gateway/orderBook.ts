/**
 * The gateway's orders as one record each (folded by orderRecord.ts), the idempotency keys they carry, and the
 * 'orderStatus' events consumers get: once per real change.
 *
 * Change events are coalesced: TWS reports one transition through several messages (openOrder, orderStatus,
 * execDetails, commissionReport, often repeated), all decoded from the same socket read. Emitting after the burst
 * (one setImmediate), and only when the record differs from what was last emitted (ignoring its timestamp), gives
 * one event per real change. While held (reconciliation after a reconnect) nothing is emitted, so a fill replayed
 * by TWS arrives whole, not as a series of partial records.
 */
import type { Contract, Order as IbOrder } from '@stoqey/ib';
import type { Order, RiskChecks } from '../../common/contract.js';
import type { OrderTrack } from './orderRecord.js';

export interface Tracked extends OrderTrack {
  contract: Contract;
  ibOrder: IbOrder;
  /** true once TWS has said anything about this order (openOrder, orderStatus or an execution). */
  acknowledged: boolean;
  /** The order's own risk limits, from its placement: a modification is held to them too. */
  riskChecks?: RiskChecks;
}

export class OrderBook {
  private readonly tracks = new Map<number, Tracked>();
  private readonly byKey = new Map<string, number>();
  private readonly dirty = new Set<Tracked>();
  /** What was last emitted per order id, minus the timestamp. */
  private readonly lastEmitted = new Map<number, string>();
  private flushTimer: NodeJS.Immediate | null = null;
  private held = false;

  constructor(private readonly emit: (order: Order) => void) {}

  get(orderId: number): Tracked | undefined {
    return this.tracks.get(orderId);
  }

  all(): IterableIterator<Tracked> {
    return this.tracks.values();
  }

  /** A new order of ours, before it is sent: from now on its key answers retries. */
  add(t: Tracked): void {
    this.tracks.set(t.order.orderId, t);
    if (t.order.idempotencyKey) this.byKey.set(t.order.idempotencyKey, t.order.orderId);
  }

  /** Takes back an order that was never sent (its send was refused): it never existed for anyone. */
  remove(orderId: number): void {
    const t = this.tracks.get(orderId);
    if (!t) return;
    this.tracks.delete(orderId);
    this.dirty.delete(t);
    const key = t.order.idempotencyKey;
    if (key && this.byKey.get(key) === orderId) this.byKey.delete(key);
  }

  /** TWS knows an order under this key (orderRef): the first one it named wins. */
  noteKey(key: string, orderId: number): void {
    if (!this.byKey.has(key)) this.byKey.set(key, orderId);
  }

  /** The key no longer answers retries (its order never reached TWS): a retry places it again. */
  releaseKey(key: string, orderId: number): void {
    if (this.byKey.get(key) === orderId) this.byKey.delete(key);
  }

  idForKey(key: string): number | undefined {
    return this.byKey.get(key);
  }

  findByPermId(permId: number | undefined): number | undefined {
    if (!permId) return undefined;
    for (const t of this.tracks.values()) if (t.order.permId === permId) return t.order.orderId;
    return undefined;
  }

  /** The orders placed under `key`: a single order, or a bracket's parent with its `:tp` and `:sl` children. */
  existingForKey(key: string): Order[] | null {
    const id = this.byKey.get(key);
    const t = id !== undefined ? this.tracks.get(id) : undefined;
    if (!t) return null;
    const out = [{ ...t.order }];
    for (const suffix of [':tp', ':sl']) {
      const child = this.byKey.get(key + suffix);
      const ct = child !== undefined ? this.tracks.get(child) : undefined;
      if (ct) out.push({ ...ct.order });
    }
    return out;
  }

  orders(): Order[] {
    return [...this.tracks.values()].map((t) => ({ ...t.order }));
  }

  order(orderId: number): Order | undefined {
    const t = this.tracks.get(orderId);
    return t ? { ...t.order } : undefined;
  }

  /** `t` changed: it is emitted after this burst of messages (or when the hold ends). */
  changed(t: Tracked): void {
    this.dirty.add(t);
    if (!this.flushTimer && !this.held) this.flushTimer = setImmediate(() => this.flush());
  }

  /** Holds change events back (reconciliation) until release(). */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.flush();
  }

  /** Emits every changed record that differs from what was last emitted for it. */
  flush(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = null;
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const t of batch) {
      const { timestamp: _t, ...rest } = t.order;
      const key = JSON.stringify(rest);
      if (this.lastEmitted.get(t.order.orderId) === key) continue;
      this.lastEmitted.set(t.order.orderId, key);
      this.emit({ ...t.order });
    }
  }
}

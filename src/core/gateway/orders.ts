/**
 * Orders: placement (single and bracket), modify, cancel, global cancel, one consistent record per order, fills
 * reported exactly once per execId, idempotent placement, and reconciliation after every (re)connect.
 *
 * Idempotency: the client's key is sent as orderRef. Locally a key maps to its order id the moment the order is
 * created (before it is sent), so a concurrent or later retry gets the same order. After a reconnect, or after a
 * restart of this process, reconciliation (reqOpenOrders + reqCompletedOrders + reqExecutions) rebuilds the map
 * from what TWS holds, and placements with a key wait for it, so a retry never creates a second order. An order
 * whose acknowledgement was lost with the socket, and that TWS does not know after reconciliation, never reached
 * TWS: it is marked Inactive and its key freed, so a retry places it.
 */
import { EventName, type CommissionReport, type Contract, type Execution, type Order as IbOrder, type OrderState } from '@stoqey/ib';
import { OrderRequestSchema, type ExecutionReport, type Order, type OrderRequest, type RiskChecks } from '../../common/contract.js';
import { requireSession, type GatewayContext } from './context.js';
import type { ContractResolver, ResolvedContract } from './contracts.js';
import { GatewayError } from './errors.js';
import { opposite, orderSpecIssues, toIbOrder, type OrderSpec } from './orderMapping.js';
import {
  applyCommission,
  applyExecution,
  applyOpenOrder,
  applyOrderStatus,
  isTerminal,
  markRejected,
  newOrderTrack,
  type OrderTrack,
} from './orderRecord.js';
import { PendingRequests } from './pending.js';
import { roundMoney, roundPrice } from './portfolioRounding.js';
import { checkRisk, mergeRiskChecks, orderReferencePrice } from './riskChecks.js';
import type { Session } from './session.js';
import type { BracketRequest, OrderChanges, Quote } from './types.js';

/** Errors with an order id that mean "this order was refused". */
const REJECT_CODES: ReadonlySet<number> = new Set([103, 110, 201, 203, 320, 321, 322, 434, 10006]);
/** Errors with an order id that refuse a modify or cancel but leave the order as it was. */
const REFUSE_CHANGE_CODES: ReadonlySet<number> = new Set([104, 105, 135, 161, 10147, 10148]);

interface Tracked extends OrderTrack {
  contract: Contract;
  ibOrder: IbOrder;
  /** true once TWS has said anything about this order (openOrder, orderStatus or an execution). */
  acknowledged: boolean;
}

interface PendingOp {
  kind: 'place' | 'modify' | 'cancel';
  resolve(o: Order): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

interface PendingExec {
  report: ExecutionReport;
  timer: NodeJS.Timeout | null;
}

export interface OrderDeps {
  contracts: ContractResolver;
  quote(symbol: string): Quote | undefined;
  position(symbol: string): number;
  gate(): void; // throws when read-only or trading is blocked
  readOnlyGate(): void; // throws when read-only (cancels are allowed while trading is blocked)
  defaultRiskChecks(): RiskChecks | undefined;
  commissionWaitMs(): number;
}

export class OrderManager {
  private readonly tracks = new Map<number, Tracked>();
  private readonly byKey = new Map<string, number>();
  private readonly inFlightByKey = new Map<string, Promise<Order[]>>();
  private readonly ops = new Map<number, PendingOp>();
  private readonly execs = new Map<string, PendingExec>();
  private readonly execOrder = new Map<string, number>();
  private readonly reconcileReqs = new PendingRequests();
  private nextId = 0;
  /** Orders changed since the last flush, and what was last emitted for each (minus the timestamp). */
  private readonly dirty = new Set<Tracked>();
  private readonly lastEmitted = new Map<number, string>();
  private flushTimer: NodeJS.Immediate | null = null;
  private reconciling = false;
  private reconciled: Promise<void> = Promise.resolve();
  /** Id of the session whose reconciliation completed; keyed placements need it to be the current one. */
  private reconciledFor = -1;
  private sessionGen = 0;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly deps: OrderDeps,
  ) {}

  // ---------------------------------------------------------------- session wiring

  attach(session: Session): void {
    this.sessionGen = session.id;
    this.nextId = Math.max(this.nextId, session.nextValidId);
    session.on(EventName.nextValidId, (id: number) => {
      this.nextId = Math.max(this.nextId, id);
    });
    session.on(EventName.openOrder, (orderId: number, contract: Contract, order: IbOrder, state: OrderState) =>
      this.onOpenOrder(orderId, contract, order, state),
    );
    session.on(EventName.completedOrder, (contract: Contract, order: IbOrder, state: OrderState) => {
      const id = order.orderId || this.findByPermId(order.permId) || (order.orderRef ? this.byKey.get(order.orderRef) : undefined) || 0;
      if (id > 0) this.onOpenOrder(id, contract, order, state);
    });
    session.on(
      EventName.orderStatus,
      (orderId: number, status: string, filled: number, remaining: number, avgFillPrice: number, permId?: number, parentId?: number, lastFillPrice?: number, _clientId?: number, whyHeld?: string) =>
        this.onOrderStatus(orderId, { status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, whyHeld }),
    );
    session.on(EventName.execDetails, (_reqId: number, contract: Contract, execution: Execution) => this.onExecution(contract, execution));
    session.on(EventName.commissionReport, (report: CommissionReport) => this.onCommission(report));
    session.on(EventName.openOrderEnd, () => this.reconcileReqs.resolve(-1));
    session.on(EventName.completedOrdersEnd, () => this.reconcileReqs.resolve(-2));
    session.on(EventName.execDetailsEnd, (reqId: number) => this.reconcileReqs.resolve(reqId));
    this.reconciled = this.reconcile(session);
  }

  detach(): void {
    this.reconciling = false;
    this.flushChanges();
    // Commission reports only come on the live socket: publish what we have rather than hold fills back.
    this.flushExecs();
    this.reconcileReqs.rejectAll(new GatewayError('not_connected', 'connection lost during reconciliation'));
    for (const [orderId, op] of [...this.ops]) {
      this.ops.delete(orderId);
      clearTimeout(op.timer);
      op.reject(
        new GatewayError(
          'connection_lost',
          `connection to TWS lost before order ${orderId} was acknowledged; its state is reconciled after reconnect (retry with the same idempotency key to get it)`,
        ),
      );
    }
  }

  /** Re-reads open orders, completed orders and executions so nothing that happened while we were away is missed. */
  private async reconcile(session: Session): Promise<void> {
    const timeout = this.ctx.requestTimeoutMs();
    const execReq = this.ctx.nextReqId();
    // Fixed pseudo ids for the two "End" messages that carry no request id.
    const waits = [
      this.reconcileReqs.start(-1, timeout, 'open orders'),
      this.reconcileReqs.start(-2, timeout, 'completed orders'),
      this.reconcileReqs.start(execReq, timeout, 'executions'),
    ];
    this.reconciling = true;
    session.api.reqOpenOrders();
    session.api.reqCompletedOrders(true);
    session.api.reqExecutions(execReq, {});
    const results = await Promise.allSettled(waits);
    if (session.id !== this.sessionGen) return;
    this.reconciling = false;
    this.flushChanges();
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      this.ctx.logger.warn('[gateway] order reconciliation incomplete', (failed as PromiseRejectedResult).reason);
      return;
    }
    this.reconciledFor = session.id;
    // Orders we created but TWS never heard of: their placement died with the old socket.
    const now = new Date().toISOString();
    for (const t of this.tracks.values()) {
      if (t.acknowledged || this.ops.has(t.order.orderId) || isTerminal(t.order.status)) continue;
      markRejected(t, 'not received by TWS (connection lost before acknowledgement)', now);
      if (t.order.idempotencyKey && this.byKey.get(t.order.idempotencyKey) === t.order.orderId) this.byKey.delete(t.order.idempotencyKey);
      this.changed(t);
    }
    this.flushChanges();
  }

  // ---------------------------------------------------------------- change events

  /**
   * Coalesces order changes: TWS reports one transition through several messages (openOrder, orderStatus,
   * execDetails, commissionReport, often repeated), all decoded from the same socket read. Emitting after the burst,
   * and only when the record differs from what was last emitted, gives consumers one event per real change.
   * During reconciliation the flush waits for the end, so a fill replayed after a reconnect arrives whole.
   */
  private changed(t: Tracked): void {
    this.dirty.add(t);
    if (!this.flushTimer && !this.reconciling) this.flushTimer = setImmediate(() => this.flushChanges());
  }

  private flushChanges(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = null;
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const t of batch) {
      const { timestamp: _t, ...rest } = t.order;
      const key = JSON.stringify(rest);
      if (this.lastEmitted.get(t.order.orderId) === key) continue;
      this.lastEmitted.set(t.order.orderId, key);
      this.ctx.emit('orderStatus', { ...t.order });
    }
  }

  // ---------------------------------------------------------------- queries

  getOrders(): Order[] {
    return [...this.tracks.values()].map((t) => ({ ...t.order }));
  }

  getOrder(orderId: number): Order | undefined {
    const t = this.tracks.get(orderId);
    return t ? { ...t.order } : undefined;
  }

  getExecutions(): ExecutionReport[] {
    return [...this.execs.values()].map((e) => ({ ...e.report }));
  }

  // ---------------------------------------------------------------- placement

  async placeOrder(input: OrderRequest): Promise<Order> {
    const req = this.validate(input);
    this.deps.gate();
    const orders = await this.idempotent(req.idempotencyKey, async () => {
      const resolved = await this.prepare(req, req);
      return [await this.send(resolved, req, {})];
    });
    const first = orders[0];
    if (!first) throw new GatewayError('order_rejected', 'order was not placed');
    return first;
  }

  async placeBracket(input: BracketRequest): Promise<Order[]> {
    const parent = this.validate(input.parent);
    this.deps.gate();
    const { takeProfitPrice, stopLossPrice } = input;
    for (const [name, v] of [
      ['takeProfitPrice', takeProfitPrice],
      ['stopLossPrice', stopLossPrice],
    ] as const) {
      if (!(v > 0 && Number.isFinite(v))) throw new GatewayError('invalid_request', `${name} must be a positive number`);
    }
    const buy = parent.action === 'BUY';
    const entry = parent.price ?? parent.auxPrice;
    if (entry !== undefined && (buy ? !(takeProfitPrice > entry && stopLossPrice < entry) : !(takeProfitPrice < entry && stopLossPrice > entry))) {
      throw new GatewayError('invalid_request', `a ${parent.action} bracket needs take-profit ${buy ? 'above' : 'below'} and stop-loss ${buy ? 'below' : 'above'} the entry price ${entry}`);
    }
    return this.idempotent(parent.idempotencyKey, async () => {
      const resolved = await this.prepare(parent, parent);
      const session = requireSession(this.ctx);
      const parentId = this.allocateId(session);
      const oca = `bracket-${parentId}-${Date.now()}`;
      const key = parent.idempotencyKey;
      const exit = opposite(parent.action);
      const common = { quantity: parent.quantity, timeInForce: parent.timeInForce, outsideRth: parent.outsideRth, accountId: parent.accountId, strategyId: parent.strategyId };
      const tp: OrderSpec & { strategyId?: string } = { ...common, action: exit, orderType: 'LMT', price: takeProfitPrice, idempotencyKey: key ? `${key}:tp` : undefined };
      const sl: OrderSpec & { strategyId?: string } = { ...common, action: exit, orderType: 'STP', auxPrice: stopLossPrice, idempotencyKey: key ? `${key}:sl` : undefined };
      // TWS holds the parent and first child until the last one arrives with transmit=true: all or nothing.
      const sends = [
        this.send(resolved, parent, { transmit: false }, parentId),
        this.send(resolved, tp, { parentId, ocaGroup: oca, transmit: false }),
        this.send(resolved, sl, { parentId, ocaGroup: oca, transmit: true }),
      ];
      return Promise.all(sends);
    });
  }

  private validate(input: OrderRequest): OrderRequest {
    const parsed = OrderRequestSchema.safeParse(input);
    if (!parsed.success) {
      throw new GatewayError('invalid_request', parsed.error.issues.map((i) => `${i.path.join('.') || 'order'}: ${i.message}`).join('; '));
    }
    return parsed.data;
  }

  /** Runs a placement once per idempotency key; retries (concurrent or later) get the same orders back. */
  private async idempotent(key: string | undefined, place: () => Promise<Order[]>): Promise<Order[]> {
    if (!key) return place();
    const running = this.inFlightByKey.get(key);
    if (running) return running;
    const p = (async () => {
      await this.waitReconciled();
      const existing = this.existingForKey(key);
      if (existing) return existing;
      return place();
    })().finally(() => this.inFlightByKey.delete(key));
    this.inFlightByKey.set(key, p);
    return p;
  }

  /**
   * Until reconciliation has completed on the *current* session we cannot know whether TWS already holds a key
   * (a reconnect during an earlier reconciliation starts a new one). If it cannot complete, a keyed placement
   * fails rather than risk a second order.
   */
  private async waitReconciled(): Promise<void> {
    for (;;) {
      const session = requireSession(this.ctx);
      if (this.reconciledFor === session.id) return;
      const running = this.reconciled;
      await running;
      const now = requireSession(this.ctx);
      if (running === this.reconciled && this.reconciledFor !== now.id) {
        throw new GatewayError('timeout', 'order reconciliation with TWS did not complete; an order with an idempotency key cannot be placed safely yet');
      }
    }
  }

  private existingForKey(key: string): Order[] | null {
    const id = this.byKey.get(key);
    if (id === undefined) return null;
    const t = this.tracks.get(id);
    if (!t) return null;
    const out = [{ ...t.order }];
    for (const suffix of [':tp', ':sl']) {
      const child = this.byKey.get(key + suffix);
      const ct = child !== undefined ? this.tracks.get(child) : undefined;
      if (ct) out.push({ ...ct.order });
    }
    return out;
  }

  private async prepare(req: OrderRequest, risk: OrderRequest): Promise<ResolvedContract> {
    requireSession(this.ctx);
    const resolved = await this.deps.contracts.resolve({
      symbol: req.symbol,
      secType: req.secType,
      exchange: req.exchange,
      currency: req.currency,
      conId: req.conId,
    });
    const checks = mergeRiskChecks(this.deps.defaultRiskChecks(), risk.riskChecks);
    if (checks) {
      const q = this.deps.quote(resolved.symbol);
      const market = q ? (risk.action === 'BUY' ? (q.ask ?? q.last) : (q.bid ?? q.last)) ?? q.last ?? q.close : undefined;
      const problems = checkRisk(risk, checks, {
        referencePrice: orderReferencePrice(risk, market),
        currentPosition: this.deps.position(resolved.symbol),
      });
      if (problems.length > 0) throw new GatewayError('risk_check_failed', `risk check failed: ${problems.join('; ')}`);
    }
    return resolved;
  }

  private allocateId(session: Session): number {
    const id = Math.max(this.nextId, session.nextValidId, 1);
    this.nextId = id + 1;
    return id;
  }

  private send(
    resolved: ResolvedContract,
    spec: OrderSpec & { strategyId?: string },
    extra: Partial<IbOrder>,
    presetId?: number,
  ): Promise<Order> {
    // The gate again, right before the wire: the kill switch may have been thrown while we resolved the contract.
    this.deps.gate();
    const session = requireSession(this.ctx);
    const orderId = presetId ?? this.allocateId(session);
    const ibOrder = toIbOrder(spec, extra);
    const now = new Date().toISOString();
    const t = newOrderTrack(
      {
        orderId,
        symbol: resolved.symbol,
        action: spec.action,
        quantity: spec.quantity,
        orderType: spec.orderType,
        price: ibOrder.lmtPrice,
        auxPrice: ibOrder.auxPrice,
        timeInForce: spec.timeInForce,
        strategyId: spec.strategyId ?? '',
        account: spec.accountId ?? '',
        idempotencyKey: spec.idempotencyKey,
        parentId: extra.parentId,
        ocaGroup: extra.ocaGroup,
      },
      now,
    );
    const tracked: Tracked = { ...t, contract: resolved.contract, ibOrder, acknowledged: false };
    // Drop undefined optional fields so the record matches the contract's shape exactly.
    for (const k of Object.keys(tracked.order) as Array<keyof Order>) if (tracked.order[k] === undefined) delete tracked.order[k];
    this.tracks.set(orderId, tracked);
    if (spec.idempotencyKey) this.byKey.set(spec.idempotencyKey, orderId);
    const ack = this.expect(orderId, 'place');
    session.api.placeOrder(orderId, resolved.contract, ibOrder);
    this.changed(tracked);
    return ack;
  }

  private expect(orderId: number, kind: PendingOp['kind']): Promise<Order> {
    const previous = this.ops.get(orderId);
    if (previous) {
      clearTimeout(previous.timer);
      this.ops.delete(orderId);
      previous.reject(new GatewayError('order_rejected', `order ${orderId}: superseded by a newer ${kind}`));
    }
    return new Promise<Order>((resolve, reject) => {
      const timeoutMs = this.ctx.requestTimeoutMs();
      const timer = setTimeout(() => {
        this.ops.delete(orderId);
        reject(new GatewayError('timeout', `order ${orderId}: no ${kind} acknowledgement from TWS within ${timeoutMs} ms`));
      }, timeoutMs);
      this.ops.set(orderId, { kind, resolve, reject, timer });
    });
  }

  private settle(orderId: number, kinds: ReadonlyArray<PendingOp['kind']>): void {
    const op = this.ops.get(orderId);
    const t = this.tracks.get(orderId);
    if (!op || !t || !kinds.includes(op.kind)) return;
    this.ops.delete(orderId);
    clearTimeout(op.timer);
    op.resolve({ ...t.order });
  }

  // ---------------------------------------------------------------- changes

  async modifyOrder(orderId: number, changes: OrderChanges): Promise<Order> {
    this.deps.gate();
    const t = this.tracks.get(orderId);
    if (!t) throw new GatewayError('order_not_found', `order ${orderId} not found`);
    if (isTerminal(t.order.status)) throw new GatewayError('order_rejected', `order ${orderId} is ${t.order.status} and cannot be modified`);
    const spec: OrderSpec = {
      action: t.order.action,
      quantity: changes.quantity ?? t.order.quantity,
      orderType: changes.orderType ?? t.order.orderType,
      price: changes.price ?? t.order.price,
      auxPrice: changes.auxPrice ?? t.order.auxPrice,
      timeInForce: changes.timeInForce ?? t.order.timeInForce,
    };
    if (spec.orderType === 'MKT') delete spec.price;
    const issues = orderSpecIssues(spec);
    if (issues.length > 0) throw new GatewayError('invalid_request', issues.join('; '));
    const checks = this.deps.defaultRiskChecks();
    if (checks) {
      const q = this.deps.quote(t.order.symbol);
      // What is still to trade after the change, valued and added to the current position like a new order.
      const rest = { ...spec, symbol: t.order.symbol, quantity: Math.max(0, spec.quantity - t.order.filled) };
      const problems = checkRisk(rest, checks, {
        referencePrice: orderReferencePrice(rest, q?.last),
        currentPosition: this.deps.position(t.order.symbol),
      });
      if (problems.length > 0) throw new GatewayError('risk_check_failed', `risk check failed: ${problems.join('; ')}`);
    }
    const session = requireSession(this.ctx);
    const { orderType, action, totalQuantity, lmtPrice, auxPrice, tif } = toIbOrder(spec);
    const ibOrder: IbOrder = { ...t.ibOrder, orderType, action, totalQuantity, tif, lmtPrice, auxPrice, transmit: true };
    if (lmtPrice === undefined) delete ibOrder.lmtPrice;
    if (auxPrice === undefined) delete ibOrder.auxPrice;
    t.ibOrder = ibOrder;
    const ack = this.expect(orderId, 'modify');
    session.api.placeOrder(orderId, t.contract, ibOrder); // same id = modify
    return ack;
  }

  async cancelOrder(orderId: number): Promise<Order> {
    this.deps.readOnlyGate();
    const t = this.tracks.get(orderId);
    if (!t) throw new GatewayError('order_not_found', `order ${orderId} not found`);
    if (isTerminal(t.order.status)) throw new GatewayError('order_rejected', `order ${orderId} is already ${t.order.status}`);
    const session = requireSession(this.ctx);
    const ack = this.expect(orderId, 'cancel');
    session.api.cancelOrder(orderId);
    return ack;
  }

  cancelAll(): void {
    this.deps.readOnlyGate();
    requireSession(this.ctx).api.reqGlobalCancel();
  }

  // ---------------------------------------------------------------- TWS events

  private findByPermId(permId: number | undefined): number | undefined {
    if (!permId) return undefined;
    for (const t of this.tracks.values()) if (t.order.permId === permId) return t.order.orderId;
    return undefined;
  }

  private onOpenOrder(orderId: number, contract: Contract, order: IbOrder, state: OrderState): void {
    const now = new Date().toISOString();
    let t = this.tracks.get(orderId);
    if (!t) {
      // An order we did not place in this process (earlier run, or TWS itself): adopt it.
      const base = newOrderTrack(
        {
          orderId,
          symbol: contract.symbol ?? '',
          action: order.action === 'SELL' ? 'SELL' : 'BUY',
          quantity: order.totalQuantity ?? 0,
          orderType: 'MKT',
        },
        now,
      );
      t = { ...base, contract: { ...contract, exchange: contract.exchange || 'SMART' }, ibOrder: { ...order }, acknowledged: true };
      this.tracks.set(orderId, t);
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
    if (order.orderRef && !this.byKey.has(order.orderRef)) this.byKey.set(order.orderRef, orderId);
    if (changed) this.changed(t);
    this.settle(orderId, ['place', 'modify']);
    if (isTerminal(t.order.status)) this.settle(orderId, ['cancel']);
  }

  private onOrderStatus(orderId: number, input: Parameters<typeof applyOrderStatus>[1]): void {
    const t = this.tracks.get(orderId);
    if (!t) return; // another client's order we have no openOrder for
    t.acknowledged = true;
    if (applyOrderStatus(t, input, new Date().toISOString())) this.changed(t);
    this.settle(orderId, ['place', 'modify']);
    if (isTerminal(t.order.status) || t.order.status === 'PendingCancel') this.settle(orderId, ['cancel']);
  }

  private onExecution(contract: Contract, e: Execution): void {
    if (!e.execId) return;
    const orderId = e.orderId ?? 0;
    const now = new Date().toISOString();
    const t = this.tracks.get(orderId);
    if (t && e.shares !== undefined && e.price !== undefined) {
      t.acknowledged = true;
      if (applyExecution(t, e.execId, e.shares, e.price, now)) this.changed(t);
      this.settle(orderId, ['place', 'modify']);
    }
    this.execOrder.set(e.execId, orderId);
    if (this.execs.has(e.execId)) return; // replayed by reqExecutions: already known, never reported twice
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
    // Wait briefly for the commissionReport that TWS sends right after, so the one report carries the commission.
    const pending: PendingExec = { report, timer: null };
    pending.timer = setTimeout(() => this.publishExec(pending), this.deps.commissionWaitMs());
    this.execs.set(e.execId, pending);
  }

  private publishExec(p: PendingExec): void {
    if (!p.timer) return;
    clearTimeout(p.timer);
    p.timer = null;
    this.ctx.emit('executionReport', { ...p.report });
  }

  private onCommission(r: CommissionReport): void {
    if (!r.execId) return;
    const p = this.execs.get(r.execId);
    if (p) {
      if (r.commission !== undefined && Number.isFinite(r.commission)) p.report.commission = roundMoney(r.commission);
      if (r.realizedPNL !== undefined && Number.isFinite(r.realizedPNL)) p.report.realizedPnL = roundMoney(r.realizedPNL);
      this.publishExec(p);
    }
    const orderId = this.execOrder.get(r.execId);
    const t = orderId !== undefined ? this.tracks.get(orderId) : undefined;
    if (t && r.commission !== undefined && applyCommission(t, r.execId, r.commission, new Date().toISOString())) {
      this.changed(t);
    }
  }

  /** Routes an error whose id is an order id; returns true when it was ours. */
  onError(id: number, code: number, message: string): boolean {
    const t = this.tracks.get(id);
    const op = this.ops.get(id);
    if (!t && !op) return false;
    if (code === 399 || (code >= 2100 && code < 3000)) return true; // warnings: the order goes on
    if (code === 202) {
      // Cancel confirmed; the orderStatus (Cancelled) carries the state change.
      if (op?.kind === 'cancel' && t) this.settle(id, ['cancel']);
      return true;
    }
    if (REFUSE_CHANGE_CODES.has(code) && op && op.kind !== 'place') {
      this.ops.delete(id);
      clearTimeout(op.timer);
      op.reject(new GatewayError('order_rejected', `order ${id}: ${message} (${code})`, code));
      return true;
    }
    if (REJECT_CODES.has(code) || (op?.kind === 'place' && code < 2000)) {
      if (t && op?.kind !== 'modify' && markRejected(t, message, new Date().toISOString())) {
        this.changed(t);
      }
      if (op) {
        this.ops.delete(id);
        clearTimeout(op.timer);
        op.reject(new GatewayError('order_rejected', `order ${id} rejected by TWS: ${message} (${code})`, code));
      }
      return true;
    }
    return true;
  }

  /** Ends timers (used by the service on disconnect so nothing outlives it). */
  flushExecs(): void {
    for (const p of this.execs.values()) this.publishExec(p);
  }
}

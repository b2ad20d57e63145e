/**
 * The "client" half of the orders module (as ib_async splits client and wrapper): everything that sends an order
 * message to TWS. Placement (single and bracket), modify, cancel, global cancel; validation, the one risk check,
 * order ids, and idempotent placement. Answers come back through orderEvents.ts, which settles the
 * acknowledgement each command waits for (PendingRequests keyed by order id, tagged with the kind).
 *
 * Idempotency: the client's key is sent as orderRef. Locally a key maps to its order id the moment the order is
 * created (before it is sent), so a concurrent or later retry gets the same order. Placements with a key wait for
 * the session's reconciliation (orderReconciliation.ts), which rebuilds that map from what TWS holds, so a retry
 * after a reconnect or a restart never creates a second order.
 */
import type { Order as IbOrder } from '@stoqey/ib';
import { OrderRequestSchema, type Order, type OrderRequest, type RiskChecks } from '../../common/contract.js';
import { bracketPriceIssues } from '../../common/apiMessages.js';
import { requireSession, type GatewayContext } from './context.js';
import type { ContractResolver, ResolvedContract } from './contracts.js';
import { GatewayError } from './errors.js';
import type { OrderBook, Tracked } from './orderBook.js';
import type { AckKind } from './orderEvents.js';
import { opposite, orderSpecIssues, toIbOrder, type OrderSpec } from './orderMapping.js';
import { isTerminal, newOrderTrack } from './orderRecord.js';
import type { OrderReconciliation } from './orderReconciliation.js';
import type { PendingRequests } from './pending.js';
import { checkRiskLayers, marketPrice, orderReferencePrice, type RiskInput } from './riskChecks.js';
import type { Session } from './session.js';
import type { BracketRequest, OrderChanges, Quote } from './types.js';

export interface OrderDeps {
  contracts: ContractResolver;
  quote(symbol: string): Quote | undefined;
  position(symbol: string): number;
  gate(): void; // throws when read-only or trading is blocked
  readOnlyGate(): void; // throws when read-only (cancels are allowed while trading is blocked)
  defaultRiskChecks(): RiskChecks | undefined;
  commissionWaitMs(): number;
}

type Spec = OrderSpec & { strategyId?: string };

export class OrderCommands {
  private readonly inFlightByKey = new Map<string, Promise<Order[]>>();
  private nextId = 0;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly deps: OrderDeps,
    private readonly book: OrderBook,
    private readonly acks: PendingRequests,
    private readonly reconciliation: OrderReconciliation,
  ) {}

  /** TWS's lowest acceptable order id for this client (nextValidId), as it arrives. */
  noteNextValidId(id: number): void {
    this.nextId = Math.max(this.nextId, id);
  }

  async placeOrder(input: OrderRequest): Promise<Order> {
    const req = this.validate(input);
    this.deps.gate();
    const orders = await this.idempotent(req.idempotencyKey, async () => {
      const resolved = await this.prepare(req);
      return [await this.send(resolved, req, {}, req.riskChecks)];
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
    const priceIssue = bracketPriceIssues({ action: parent.action, price: parent.price, takeProfitPrice, stopLossPrice })[0];
    if (priceIssue) throw new GatewayError('invalid_request', priceIssue[1]);
    return this.idempotent(parent.idempotencyKey, async () => {
      const resolved = await this.prepare(parent);
      const session = requireSession(this.ctx);
      const parentId = this.allocateId(session);
      const oca = `bracket-${parentId}-${Date.now()}`;
      const key = parent.idempotencyKey;
      const exit = opposite(parent.action);
      const common = { quantity: parent.quantity, timeInForce: parent.timeInForce, outsideRth: parent.outsideRth, accountId: parent.accountId, strategyId: parent.strategyId };
      const tp: Spec = { ...common, action: exit, orderType: 'LMT', price: takeProfitPrice, idempotencyKey: key ? `${key}:tp` : undefined };
      const sl: Spec = { ...common, action: exit, orderType: 'STP', auxPrice: stopLossPrice, idempotencyKey: key ? `${key}:sl` : undefined };
      // TWS holds the parent and first child until the last one arrives with transmit=true: all or nothing.
      return Promise.all([
        this.send(resolved, parent, { transmit: false }, parent.riskChecks, parentId),
        this.send(resolved, tp, { parentId, ocaGroup: oca, transmit: false }, parent.riskChecks),
        this.send(resolved, sl, { parentId, ocaGroup: oca, transmit: true }, parent.riskChecks),
      ]);
    });
  }

  async modifyOrder(orderId: number, changes: OrderChanges): Promise<Order> {
    this.deps.gate();
    const t = this.book.get(orderId);
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
    // What is still to trade after the change, checked like a new order, against the limits the order was placed with.
    this.assessRisk({ ...spec, symbol: t.order.symbol, quantity: Math.max(0, spec.quantity - t.order.filled) }, t.riskChecks);
    const session = requireSession(this.ctx);
    const { orderType, action, totalQuantity, lmtPrice, auxPrice, tif } = toIbOrder(spec);
    const ibOrder: IbOrder = { ...t.ibOrder, orderType, action, totalQuantity, tif, lmtPrice, auxPrice, transmit: true };
    if (lmtPrice === undefined) delete ibOrder.lmtPrice;
    if (auxPrice === undefined) delete ibOrder.auxPrice;
    const { ack, sent } = this.sendAwaitingAck(orderId, 'modify', () => session.api.placeOrder(orderId, t.contract, ibOrder)); // same id = modify
    if (sent) t.ibOrder = ibOrder;
    return ack;
  }

  async cancelOrder(orderId: number): Promise<Order> {
    this.deps.readOnlyGate();
    const t = this.book.get(orderId);
    if (!t) throw new GatewayError('order_not_found', `order ${orderId} not found`);
    if (isTerminal(t.order.status)) throw new GatewayError('order_rejected', `order ${orderId} is already ${t.order.status}`);
    const session = requireSession(this.ctx);
    return this.sendAwaitingAck(orderId, 'cancel', () => session.api.cancelOrder(orderId)).ack;
  }

  cancelAll(): void {
    this.deps.readOnlyGate();
    requireSession(this.ctx).api.reqGlobalCancel();
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
      await this.reconciliation.waitReconciled();
      return this.book.existingForKey(key) ?? place();
    })().finally(() => this.inFlightByKey.delete(key));
    this.inFlightByKey.set(key, p);
    return p;
  }

  /** Resolves the contract and applies the risk check: what every new order goes through before it is sent. */
  private async prepare(req: OrderRequest): Promise<ResolvedContract> {
    requireSession(this.ctx);
    const resolved = await this.deps.contracts.resolve({
      symbol: req.symbol,
      secType: req.secType,
      exchange: req.exchange,
      currency: req.currency,
      conId: req.conId,
    });
    this.assessRisk({ ...req, symbol: resolved.symbol }, req.riskChecks);
    return resolved;
  }

  /**
   * The one risk check, for new orders and changes alike: the configured limits and the order's own, the order
   * valued at its limit or stop price, else at what the market would pay or charge for it (marketPrice).
   */
  private assessRisk(o: RiskInput, own: RiskChecks | undefined): void {
    const defaults = this.deps.defaultRiskChecks();
    if (!defaults && !own) return;
    const problems = checkRiskLayers(o, [defaults, own], {
      referencePrice: orderReferencePrice(o, marketPrice(this.deps.quote(o.symbol), o.action)),
      currentPosition: this.deps.position(o.symbol),
    });
    if (problems.length > 0) throw new GatewayError('risk_check_failed', `risk check failed: ${problems.join('; ')}`);
  }

  private allocateId(session: Session): number {
    const id = Math.max(this.nextId, session.nextValidId, 1);
    this.nextId = id + 1;
    return id;
  }

  private send(resolved: ResolvedContract, spec: Spec, extra: Partial<IbOrder>, riskChecks: RiskChecks | undefined, presetId?: number): Promise<Order> {
    // The gate again, right before the wire: the kill switch may have been thrown while we resolved the contract.
    this.deps.gate();
    const session = requireSession(this.ctx);
    const orderId = presetId ?? this.allocateId(session);
    const ibOrder = toIbOrder(spec, extra);
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
      new Date().toISOString(),
    );
    const tracked: Tracked = { ...t, contract: resolved.contract, ibOrder, acknowledged: false, ...(riskChecks ? { riskChecks } : {}) };
    // Drop undefined optional fields so the record matches the contract's shape exactly.
    for (const k of Object.keys(tracked.order) as Array<keyof Order>) if (tracked.order[k] === undefined) delete tracked.order[k];
    this.book.add(tracked);
    const { ack, sent } = this.sendAwaitingAck(orderId, 'place', () => session.api.placeOrder(orderId, resolved.contract, ibOrder));
    // Refused before it left (the outbound guard): it never existed, for TWS or anyone else.
    if (sent) this.book.changed(tracked);
    else this.book.remove(orderId);
    return ack;
  }

  /**
   * Sends and waits for TWS's acknowledgement of `kind`, settled by orderEvents.ts. A newer command for the same
   * order supersedes the wait; a send that throws leaves nothing waiting (`sent` false, `ack` rejects with why).
   */
  private sendAwaitingAck(orderId: number, kind: AckKind, send: () => void): { ack: Promise<Order>; sent: boolean } {
    let sent = true;
    const ack = this.acks.request<Order>(
      orderId,
      this.ctx.requestTimeoutMs(),
      `order ${orderId}: no ${kind} acknowledgement`,
      () => {
        try {
          send();
        } catch (error) {
          sent = false;
          throw error;
        }
      },
      kind,
      new GatewayError('order_rejected', `order ${orderId}: superseded by a newer ${kind}`),
    );
    return { ack, sent };
  }
}

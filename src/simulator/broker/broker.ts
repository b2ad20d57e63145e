/**
 * The simulated broker: accepts, modifies and cancels orders with TWS semantics, matches them against the
 * market's quotes on every market change, books fills into accounts, and tells the wire layer what happened
 * through events. State outlives client connections. See types.ts for the public contract.
 */
import { formatEasternDateTime, parseTwsDateTime } from '../market/easternTime.js';
import type { ContractDetails, Market, Quote } from '../market/types.js';
import { formatVenueInstant, nextWorkingInstant, orderCanWork, workingSessionEnd } from '../market/tradingHours.js';
import {
  accountNumberOf,
  accountPnL,
  accountValueRows,
  computeAccountNumbers,
  portfolioRow,
  positionPnL,
  positionRecord,
  summaryValue,
} from './accountValues.js';
import type { AccountNumbers } from './accountValues.js';
import { orderCommission } from './commission.js';
import { BrokerEventHub } from './events.js';
import { exchangeRates, type ExchangeRates } from './exchangeRates.js';
import { AccountLedger } from './ledger.js';
import { isStopType, marketable, roundToTick, stopTouched, updateTrailingStop } from './matching.js';
import { validateOrder } from './orderValidation.js';
import type { NormalisedOrder } from './orderValidation.js';
import { ACCOUNT_SUMMARY_TAGS } from './types.js';
import type {
  AccountPnL,
  AccountValue,
  BrokerApi,
  BrokerError,
  BrokerEvents,
  BrokerOptions,
  CancelOrderResult,
  CommissionReport,
  ExecutionFilter,
  ExecutionRecord,
  ExecutionWithCommission,
  InitialPosition,
  OrderRecord,
  OrderStatus,
  PlaceOrderRequest,
  PlaceOrderResult,
  PortfolioRow,
  PositionPnL,
  PositionRecord,
} from './types.js';

/** Broker-private state kept next to the public record. */
interface OrderEntry {
  readonly rec: OrderRecord;
  readonly details: ContractDetails;
  /** Placed with transmit=false and not yet released by a transmitting order of its group. */
  pendingTransmit: boolean;
  /** Released to the market (transmitted and not held behind its parent). */
  active: boolean;
  /** Σ fill quantity × price, for the average fill price. */
  filledValue: number;
  /** Waiting for its market to open (or for regular hours): PreSubmitted, nothing fills until then. */
  heldForSession: boolean;
  /** Cancels of the clock work scheduled for this order (its wake-up at the open, its DAY expiry). */
  timers: (() => void)[];
}

/** The simulated accounts are USD-based, like most IBKR paper accounts: summary values and account P&L are in USD. */
const BASE_CURRENCY = 'USD';
const DONE: ReadonlySet<OrderStatus> = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);
const clean = (x: number): number => Math.round(x * 1e8) / 1e8;
const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** Where IBKR reports a fill as executed. */
function venue(details: ContractDetails): string {
  const c = details.contract;
  // SMART-routed options report the options exchange that filled them.
  if (c.secType === 'OPT') return 'CBOE';
  if (c.secType !== 'STK') return c.exchange;
  return c.primaryExchange === 'NASDAQ' ? 'ISLAND' : c.primaryExchange;
}

export class Broker implements BrokerApi {
  private readonly hub = new BrokerEventHub();
  private readonly ledgers = new Map<string, AccountLedger>();
  private readonly accountList: readonly string[];
  private readonly entries: OrderEntry[] = [];
  private readonly byKey = new Map<string, OrderEntry>();
  /** Active orders per conId: the only thing the per-tick path looks at. */
  private readonly working = new Map<number, OrderEntry[]>();
  private readonly highestOrderId = new Map<number, number>();
  private readonly execs: ExecutionWithCommission[] = [];
  private readonly firstOrderId: number;
  private nextPermId: number;
  private execCounter = 0x6553f1c8;
  private readonly detach: () => void;
  private readonly at: NonNullable<BrokerOptions['at']>;
  private readonly rates: ExchangeRates;

  constructor(
    private readonly market: Market,
    options: BrokerOptions = {},
  ) {
    this.accountList = options.accounts && options.accounts.length > 0 ? [...options.accounts] : ['DU1234567'];
    for (const a of this.accountList) this.ledgers.set(a, new AccountLedger(a, BASE_CURRENCY, options.startingCash ?? 1_000_000));
    this.rates = exchangeRates(market, BASE_CURRENCY);
    this.firstOrderId = options.firstOrderId ?? 1;
    this.nextPermId = options.firstPermId ?? 1_100_000_000;
    this.at = options.at ?? (() => () => undefined);
    this.detach = market.onChange((conId, _changed, quote) => this.onQuote(conId, quote));
  }

  accounts(): readonly string[] {
    return this.accountList;
  }

  nextOrderId(clientId: number): number {
    return Math.max(this.firstOrderId, (this.highestOrderId.get(clientId) ?? 0) + 1);
  }

  on<K extends keyof BrokerEvents>(event: K, listener: BrokerEvents[K]): () => void {
    return this.hub.on(event, listener);
  }

  dispose(): void {
    this.detach();
  }

  // ---- orders ------------------------------------------------------------------------------------------------

  placeOrder(req: PlaceOrderRequest): PlaceOrderResult {
    const id = req.orderId;
    const fail = (error: BrokerError): PlaceOrderResult => ({ ok: false, error });
    const accountText = (req.account ?? '').trim();
    const account = accountText === '' ? this.accountList[0]! : accountText;
    if (!this.ledgers.has(account)) return fail({ id, code: 201, message: `Order rejected - reason:Invalid account code '${account}'.` });
    const matches = this.market.catalogue.find(req.contract);
    if (matches.length === 0) return fail({ id, code: 200, message: 'No security definition has been found for the request' });
    if (matches.length > 1) {
      return fail({ id, code: 200, message: `The contract description specified for ${req.contract.symbol ?? ''} is ambiguous.` });
    }
    const details = matches[0]!;
    const existing = this.byKey.get(`${req.clientId}:${id}`);
    if (existing) return this.modify(existing, req, details, account);
    if (id <= (this.highestOrderId.get(req.clientId) ?? 0) || id < 0) return fail({ id, code: 103, message: 'Duplicate order id' });
    const n = validateOrder(req, details);
    if ('code' in n) return fail(n);
    const parentId = req.parentId ?? 0;
    if (parentId > 0) {
      const parent = this.byKey.get(`${req.clientId}:${parentId}`);
      if (!parent) return fail({ id, code: 201, message: `Order rejected - reason:Parent order ${parentId} not found.` });
      if (DONE.has(parent.rec.status) && parent.rec.status !== 'Filled') {
        return fail({ id, code: 201, message: 'Order rejected - reason:Parent order is being cancelled.' });
      }
    }
    const now = this.market.now();
    const rec: OrderRecord = {
      orderId: id, clientId: req.clientId, permId: this.nextPermId++, account, contract: details.contract, action: n.action,
      totalQuantity: n.totalQuantity, orderType: n.orderType, lmtPrice: n.lmtPrice, auxPrice: n.auxPrice, tif: n.tif,
      ocaGroup: (req.ocaGroup ?? '').trim(), ocaType: req.ocaType ?? 0, parentId, transmit: req.transmit !== false,
      outsideRth: req.outsideRth === true, orderRef: req.orderRef ?? '', trailStopPrice: n.trailStopPrice, trailingPercent: n.trailingPercent,
      lmtPriceOffset: n.lmtPriceOffset, status: 'PreSubmitted', filled: 0, remaining: n.totalQuantity, avgFillPrice: 0, lastFillPrice: 0,
      whyHeld: '', triggered: false, commission: 0, commissionCurrency: details.contract.currency, createdAt: now, updatedAt: now,
    };
    const entry: OrderEntry = { rec, details, pendingTransmit: !rec.transmit, active: false, filledValue: 0, heldForSession: false, timers: [] };
    this.entries.push(entry);
    this.byKey.set(`${req.clientId}:${id}`, entry);
    this.highestOrderId.set(req.clientId, id);
    if (entry.pendingTransmit) this.emitStatus(entry);
    else this.transmitGroup(entry);
    return { ok: true, order: { ...rec } };
  }

  private modify(entry: OrderEntry, req: PlaceOrderRequest, details: ContractDetails, account: string): PlaceOrderResult {
    const o = entry.rec;
    const id = o.orderId;
    if (o.status === 'Filled') return { ok: false, error: { id, code: 104, message: 'Cannot modify a filled order.' } };
    if (DONE.has(o.status)) return { ok: false, error: { id, code: 201, message: `Order rejected - reason:Cannot modify an order in state ${o.status}.` } };
    if (details.contract.conId !== o.contract.conId || account !== o.account) {
      return { ok: false, error: { id, code: 105, message: 'Order being modified does not match original order.' } };
    }
    const n = validateOrder(req, details);
    if ('code' in n) return { ok: false, error: n };
    if (n.action !== o.action) return { ok: false, error: { id, code: 105, message: 'Order being modified does not match original order.' } };
    if (n.totalQuantity < o.filled) {
      return { ok: false, error: { id, code: 201, message: `Order rejected - reason:The quantity cannot be less than the filled quantity ${o.filled}.` } };
    }
    this.applyChanges(entry, n, req);
    if (o.remaining <= 0) {
      this.setStatus(entry, 'Filled');
      return { ok: true, order: { ...o } };
    }
    if (entry.pendingTransmit && o.transmit) this.transmitGroup(entry);
    else if (entry.active) {
      this.emitStatus(entry);
      this.evaluate(entry, this.quoteOf(entry), true);
    } else this.emitStatus(entry);
    return { ok: true, order: { ...o } };
  }

  private applyChanges(entry: OrderEntry, n: NormalisedOrder, req: PlaceOrderRequest): void {
    const o = entry.rec;
    const stopChanged = n.orderType !== o.orderType || n.auxPrice !== o.auxPrice || n.trailingPercent !== o.trailingPercent;
    o.totalQuantity = n.totalQuantity;
    o.remaining = clean(n.totalQuantity - o.filled);
    o.orderType = n.orderType;
    o.lmtPrice = n.lmtPrice;
    o.auxPrice = n.auxPrice;
    o.tif = n.tif;
    o.trailingPercent = n.trailingPercent;
    o.lmtPriceOffset = n.lmtPriceOffset;
    o.outsideRth = req.outsideRth === true;
    if (req.orderRef !== undefined) o.orderRef = req.orderRef;
    if (req.ocaGroup !== undefined) o.ocaGroup = req.ocaGroup.trim();
    if (req.ocaType !== undefined) o.ocaType = req.ocaType;
    o.transmit = req.transmit !== false;
    if (stopChanged) {
      // A new stop definition starts over: re-armed, trailing from the client's stop or the current market.
      o.triggered = false;
      o.trailStopPrice = n.trailStopPrice;
      if (entry.active) {
        o.status = isStopType(o) ? 'PreSubmitted' : 'Submitted';
        this.initTrail(entry);
      }
    }
    o.updatedAt = this.market.now();
  }

  cancelOrder(clientId: number, orderId: number): CancelOrderResult {
    const entry = this.byKey.get(`${clientId}:${orderId}`);
    if (!entry) {
      return { ok: false, error: { id: orderId, code: 10147, message: `OrderId ${orderId} that needs to be cancelled is not found.` } };
    }
    if (DONE.has(entry.rec.status)) {
      const message = `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: ${entry.rec.status}.`;
      return { ok: false, error: { id: orderId, code: 10148, message } };
    }
    this.cancel(entry, true);
    return { ok: true, order: { ...entry.rec } };
  }

  globalCancel(): void {
    for (const entry of this.entries) if (!DONE.has(entry.rec.status)) this.cancel(entry, true);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  /** Releases every untransmitted order of this order's group (parent id), then this one, TWS-style. */
  private transmitGroup(trigger: OrderEntry): void {
    const o = trigger.rec;
    const group = o.parentId || o.orderId;
    const members = this.entries.filter(
      (e) => e.rec.clientId === o.clientId && (e.rec.orderId === group || e.rec.parentId === group) && (e.pendingTransmit || e === trigger),
    );
    for (const e of members) e.pendingTransmit = false;
    members.sort((a, b) => a.rec.orderId - b.rec.orderId);
    for (const e of members) if (!DONE.has(e.rec.status)) this.release(e);
  }

  /** A transmitted order goes to the market, or waits as a held child until its parent has filled. */
  private release(entry: OrderEntry): void {
    const o = entry.rec;
    if (o.parentId > 0) {
      const parent = this.byKey.get(`${o.clientId}:${o.parentId}`);
      if (parent && parent.rec.status !== 'Filled') {
        o.status = 'PreSubmitted';
        o.whyHeld = 'child';
        this.emitStatus(entry);
        return;
      }
    }
    this.activate(entry);
  }

  private activate(entry: OrderEntry): void {
    const o = entry.rec;
    entry.active = true;
    o.whyHeld = '';
    // IBKR holds (simulates) stop-type orders until triggered and reports them PreSubmitted.
    o.status = isStopType(o) && !o.triggered ? 'PreSubmitted' : 'Submitted';
    o.updatedAt = this.market.now();
    this.initTrail(entry);
    let list = this.working.get(o.contract.conId);
    if (!list) this.working.set(o.contract.conId, (list = []));
    if (!list.includes(entry)) list.push(entry);
    if (this.canWorkNow(entry)) this.startWorking(entry);
    else this.holdForSession(entry);
    this.emitStatus(entry);
    this.evaluate(entry, this.quoteOf(entry), true);
    // IOC/FOK: whatever did not trade on arrival is cancelled.
    if ((o.tif === 'IOC' || o.tif === 'FOK') && !DONE.has(o.status) && (!isStopType(o) || o.triggered)) this.cancel(entry, true);
  }

  /** Whether the order's market is open for it now (regular hours, or extended hours for an outsideRth order). */
  private canWorkNow(entry: OrderEntry): boolean {
    const venue = this.market.venue(entry.rec.contract.conId);
    return venue === undefined || orderCanWork(venue, this.market.now(), entry.rec.orderType, entry.rec.outsideRth);
  }

  /**
   * The market is closed for this order: like TWS, accept it PreSubmitted, warn (399) when it will be placed, and
   * wake it then. Nothing trades before.
   */
  private holdForSession(entry: OrderEntry): void {
    const o = entry.rec;
    const venue = this.market.venue(o.contract.conId)!;
    const when = nextWorkingInstant(venue, this.market.now(), o.orderType, o.outsideRth);
    entry.heldForSession = true;
    o.status = 'PreSubmitted';
    const what = `${o.action} ${o.totalQuantity} ${o.contract.localSymbol} ${o.contract.primaryExchange || o.contract.exchange}.${o.contract.tradingClass}`;
    this.hub.emit('orderMessage', o.clientId, {
      id: o.orderId,
      code: 399,
      message: `Order Message:\n${what}\nWarning: your order will not be placed at the exchange until ${formatVenueInstant(venue, when)}`,
    });
    entry.timers.push(this.at(when, () => this.evaluate(entry, this.quoteOf(entry), false)));
  }

  /** The order works from now on; a DAY order ends with the session it works in. */
  private startWorking(entry: OrderEntry): void {
    const o = entry.rec;
    entry.heldForSession = false;
    const venue = this.market.venue(o.contract.conId);
    if (o.tif !== 'DAY' || venue === undefined) return;
    const end = workingSessionEnd(venue, this.market.now(), o.orderType, o.outsideRth);
    if (end !== undefined) entry.timers.push(this.at(end, () => this.cancel(entry, false)));
  }

  private initTrail(entry: OrderEntry): void {
    const o = entry.rec;
    if ((o.orderType === 'TRAIL' || o.orderType === 'TRAIL LIMIT') && !o.triggered) {
      updateTrailingStop(o, this.quoteOf(entry), entry.details.minTick);
    }
  }

  private quoteOf(entry: OrderEntry): Readonly<Quote> {
    return this.market.quote(entry.rec.contract.conId)!;
  }

  private onQuote(conId: number, quote: Readonly<Quote>): void {
    const list = this.working.get(conId);
    if (list === undefined || list.length === 0) return;
    for (const entry of list.slice()) this.evaluate(entry, quote, false);
  }

  /** Triggers stops, follows trailing stops and fills what is marketable against the displayed size. */
  private evaluate(entry: OrderEntry, quote: Readonly<Quote>, arriving: boolean): void {
    const o = entry.rec;
    if (!entry.active || DONE.has(o.status)) return;
    if (!this.canWorkNow(entry)) return;
    if (entry.heldForSession) {
      // The market opened for it: the order goes to the exchange now.
      this.startWorking(entry);
      o.status = isStopType(o) && !o.triggered ? 'PreSubmitted' : 'Submitted';
      o.updatedAt = this.market.now();
      this.emitStatus(entry);
    }
    if (isStopType(o) && !o.triggered) {
      if (o.orderType === 'TRAIL' || o.orderType === 'TRAIL LIMIT') updateTrailingStop(o, quote, entry.details.minTick);
      if (!stopTouched(o, quote)) return;
      o.triggered = true;
      if (o.orderType === 'TRAIL LIMIT' && o.lmtPriceOffset !== undefined && o.trailStopPrice !== undefined) {
        const off = o.lmtPriceOffset;
        o.lmtPrice = roundToTick(o.action === 'SELL' ? o.trailStopPrice - off : o.trailStopPrice + off, entry.details.minTick, 'near');
      }
      o.status = 'Submitted';
      o.updatedAt = this.market.now();
      this.emitStatus(entry);
    }
    const chance = marketable(o, quote);
    if (!chance || chance.available <= 0) return;
    if (o.tif === 'FOK' && chance.available < o.remaining) return;
    const qty = Math.min(o.remaining, chance.available);
    this.fill(entry, qty, chance.price, arriving ? 2 : 1);
  }

  private fill(entry: OrderEntry, qty: number, price: number, liquidity: number): void {
    const o = entry.rec;
    const c = o.contract;
    const multiplier = Number(c.multiplier) || 1;
    const now = this.market.now();
    o.filled = clean(o.filled + qty);
    o.remaining = clean(o.totalQuantity - o.filled);
    entry.filledValue += qty * price;
    o.avgFillPrice = clean(entry.filledValue / o.filled);
    o.lastFillPrice = price;
    const total = orderCommission(c, o.filled, entry.filledValue * multiplier);
    const commission = Math.round((total - o.commission) * 1e4) / 1e4;
    o.commission = total;
    const ledger = this.ledgers.get(o.account)!;
    const booked = ledger.applyFill(c, o.action === 'BUY' ? qty : -qty, price, commission);
    const execution: ExecutionRecord = {
      execId: `0000e0d5.${hex8(this.execCounter++)}.01.01`, orderId: o.orderId, clientId: o.clientId, permId: o.permId,
      account: o.account, contract: c, time: formatEasternDateTime(now, '  '), timeMs: now, exchange: venue(entry.details),
      side: o.action === 'BUY' ? 'BOT' : 'SLD', shares: qty, price, cumQty: o.filled, avgPrice: o.avgFillPrice, orderRef: o.orderRef,
      lastLiquidity: liquidity,
    };
    const report: CommissionReport = {
      execId: execution.execId, commission, currency: c.currency, realizedPNL: booked.realized, yield: undefined, yieldRedemptionDate: undefined,
    };
    this.execs.push({ execution, commissionReport: report });
    o.updatedAt = now;
    if (o.remaining <= 0) {
      o.status = 'Filled';
      this.unwork(entry);
    }
    this.hub.emit('execution', execution, report);
    this.emitStatus(entry);
    this.hub.emit('position', positionRecord(o.account, booked.position, this.market));
    this.hub.emit('portfolio', portfolioRow(o.account, booked.position, this.market));
    this.hub.emit('accountChanged', o.account);
    this.afterFill(entry, qty);
  }

  /** OCA groups, bracket siblings and children released by a filled parent. */
  private afterFill(entry: OrderEntry, qty: number): void {
    const o = entry.rec;
    if (o.ocaGroup !== '') {
      const others = this.entries.filter(
        (e) => e !== entry && e.rec.clientId === o.clientId && e.rec.ocaGroup === o.ocaGroup && !DONE.has(e.rec.status),
      );
      for (const e of others) {
        if (o.ocaType === 1 || o.ocaType === 0) this.cancel(e, false);
        else this.reduce(e, qty);
      }
    }
    if (o.parentId > 0) {
      // Bracket children protect the same position: what one fills, the others no longer need.
      const siblings = this.entries.filter(
        (e) => e !== entry && e.rec.clientId === o.clientId && e.rec.parentId === o.parentId && !DONE.has(e.rec.status),
      );
      for (const e of siblings) this.reduce(e, qty);
    }
    if (o.status === 'Filled') {
      const children = this.entries.filter((e) => e.rec.clientId === o.clientId && e.rec.parentId === o.orderId && !DONE.has(e.rec.status));
      for (const e of children) if (!e.pendingTransmit && !e.active) this.activate(e);
    }
  }

  private reduce(entry: OrderEntry, qty: number): void {
    const o = entry.rec;
    o.totalQuantity = clean(Math.max(o.filled, o.totalQuantity - qty));
    o.remaining = clean(o.totalQuantity - o.filled);
    if (o.remaining <= 0) this.cancel(entry, false);
    else {
      o.updatedAt = this.market.now();
      this.emitStatus(entry);
    }
  }

  private cancel(entry: OrderEntry, notifyClient: boolean): void {
    const o = entry.rec;
    if (DONE.has(o.status)) return;
    this.setStatus(entry, 'Cancelled');
    if (notifyClient) this.hub.emit('orderMessage', o.clientId, { id: o.orderId, code: 202, message: 'Order Canceled - reason:' });
    // Children cannot outlive their parent.
    for (const e of this.entries) {
      if (e.rec.clientId === o.clientId && e.rec.parentId === o.orderId && !DONE.has(e.rec.status)) this.cancel(e, notifyClient);
    }
  }

  private setStatus(entry: OrderEntry, status: OrderStatus): void {
    entry.rec.status = status;
    entry.rec.updatedAt = this.market.now();
    if (DONE.has(status)) this.unwork(entry);
    this.emitStatus(entry);
  }

  private unwork(entry: OrderEntry): void {
    entry.active = false;
    for (const cancel of entry.timers.splice(0)) cancel();
    const list = this.working.get(entry.rec.contract.conId);
    const i = list ? list.indexOf(entry) : -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  private emitStatus(entry: OrderEntry): void {
    this.hub.emit('orderStatus', { ...entry.rec });
  }

  // ---- queries -----------------------------------------------------------------------------------------------

  orders(): Readonly<OrderRecord>[] {
    return this.entries.map((e) => ({ ...e.rec }));
  }

  openOrders(clientId?: number): Readonly<OrderRecord>[] {
    return this.entries.filter((e) => !DONE.has(e.rec.status) && (clientId === undefined || e.rec.clientId === clientId)).map((e) => ({ ...e.rec }));
  }

  completedOrders(): Readonly<OrderRecord>[] {
    return this.entries.filter((e) => DONE.has(e.rec.status)).map((e) => ({ ...e.rec }));
  }

  order(clientId: number, orderId: number): Readonly<OrderRecord> | undefined {
    const e = this.byKey.get(`${clientId}:${orderId}`);
    return e ? { ...e.rec } : undefined;
  }

  executions(filter: ExecutionFilter = {}): ExecutionWithCommission[] {
    const since = filter.time ? parseTwsDateTime(filter.time) : undefined;
    const side = filter.side?.trim().toUpperCase();
    const wantSide = side === 'BUY' ? 'BOT' : side === 'SELL' ? 'SLD' : side || undefined;
    const eq = (a: string | undefined, b: string): boolean => a === undefined || a.trim() === '' || a.trim().toUpperCase() === b.toUpperCase();
    return this.execs.filter(({ execution: x }) => {
      // clientId 0 and unset filters see everything, as with TWS's ExecutionFilter defaults.
      if (filter.clientId !== undefined && filter.clientId !== 0 && x.clientId !== filter.clientId) return false;
      if (since !== undefined && x.timeMs < since) return false;
      if (wantSide !== undefined && x.side !== wantSide) return false;
      return eq(filter.account, x.account) && eq(filter.symbol, x.contract.symbol) && eq(filter.secType, x.contract.secType) && eq(filter.exchange, x.exchange);
    });
  }

  seedPosition(position: InitialPosition): PositionRecord {
    const account = (position.account ?? '').trim() || this.accountList[0]!;
    const ledger = this.ledgers.get(account);
    if (!ledger) throw new Error(`initial position: unknown account '${account}'`);
    const { account: _account, quantity, avgCost, ...query } = position;
    const matches = this.market.catalogue.find(query);
    if (matches.length !== 1) {
      throw new Error(`initial position: '${position.symbol}' matches ${matches.length} instruments; give secType, expiry, strike … to pick one`);
    }
    const c = matches[0]!.contract;
    if (c.secType === 'IND') throw new Error(`initial position: an index (${c.symbol}) cannot be held`);
    if (!Number.isFinite(quantity) || quantity === 0) throw new Error(`initial position: quantity must be a non-zero number, got ${quantity}`);
    const multiplier = Number(c.multiplier) || 1;
    const price = avgCost !== undefined ? avgCost / multiplier : this.market.markPrice(c.conId);
    if (!(price > 0)) throw new Error(`initial position: avgCost must be positive, got ${avgCost}`);
    // Today's P&L of a position held overnight runs from the previous close, not from what it cost.
    const previousClose = this.market.quote(c.conId)?.close ?? price;
    return positionRecord(account, ledger.carryIn(c, quantity, price, previousClose), this.market);
  }

  positions(account?: string): PositionRecord[] {
    const out: PositionRecord[] = [];
    for (const ledger of this.ledgerList(account)) {
      for (const p of ledger.positions.values()) out.push(positionRecord(ledger.account, p, this.market));
    }
    return out;
  }

  portfolio(account: string): PortfolioRow[] {
    return this.ledgerList(account).flatMap((l) => [...l.positions.values()].map((p) => portfolioRow(l.account, p, this.market)));
  }

  accountValues(account?: string): AccountValue[] {
    return this.ledgerList(account).flatMap((l) => accountValueRows(l.account, this.numbers(l), ACCOUNT_SUMMARY_TAGS));
  }

  accountSummary(account: string, tags: readonly string[] = ACCOUNT_SUMMARY_TAGS): AccountValue[] {
    const ledger = this.ledgers.get(account);
    if (!ledger) return [];
    const numbers = this.numbers(ledger);
    return tags.map((t) => summaryValue(account, t, numbers)).filter((v): v is AccountValue => v !== undefined);
  }

  accountNumber(account: string, key: string, currency?: string): number {
    const ledger = this.ledgers.get(account);
    return ledger ? accountNumberOf(this.numbers(ledger), key, currency) : NaN;
  }

  pnl(account: string): AccountPnL | undefined {
    const ledger = this.ledgers.get(account);
    return ledger ? accountPnL(ledger, this.market, this.rates) : undefined;
  }

  pnlSingle(account: string, conId: number): PositionPnL | undefined {
    const p = this.ledgers.get(account)?.positions.get(conId);
    return p ? positionPnL(p, this.market) : undefined;
  }

  private numbers(ledger: AccountLedger): AccountNumbers {
    return computeAccountNumbers(ledger, this.market, this.rates);
  }

  private ledgerList(account?: string): AccountLedger[] {
    if (account === undefined || account === '') return [...this.ledgers.values()];
    const l = this.ledgers.get(account);
    return l ? [l] : [];
  }
}

/**
 * One consistent Order record per order id, folded from TWS's four overlapping streams: openOrder (what the order
 * is), orderStatus (where it stands), execDetails (each fill) and commissionReport (each fill's cost). Every apply
 * function returns whether anything a consumer can see changed, so the service emits 'orderStatus' only then.
 * Prices and commissions are rounded as they come in, by the portfolio's rules (portfolioRounding.ts: fill prices
 * to 8 decimals, commission to cents), before they are compared, so float noise alone is never a change.
 * Pure: no I/O, no clock (the caller passes the time).
 */
import type { Order, OrderStatus, OrderType, TimeInForce } from '../../common/contract.js';
import { roundMoney, roundPrice } from './portfolioRounding.js';

export interface OrderTrack {
  order: Order;
  /** execId → fill, so a fill replayed by reqExecutions after a reconnect is not counted twice. */
  fills: Map<string, { shares: number; price: number }>;
  /** execId → commission, in cents (rounded as it came in). */
  commissions: Map<string, number>;
}

const IB_TO_ORDER_TYPE: Record<string, OrderType> = {
  MKT: 'MKT',
  LMT: 'LMT',
  STP: 'STP',
  'STP LMT': 'STP_LMT',
  TRAIL: 'TRAIL',
  'TRAIL LIMIT': 'TRAIL_LIMIT',
};

export const ORDER_TYPE_TO_IB: Record<OrderType, string> = {
  MKT: 'MKT',
  LMT: 'LMT',
  STP: 'STP',
  STP_LMT: 'STP LMT',
  TRAIL: 'TRAIL',
  TRAIL_LIMIT: 'TRAIL LIMIT',
};

const TERMINAL: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}

export function mapOrderType(ibType: string | undefined, lmtPrice?: number): OrderType {
  if (ibType !== undefined) {
    const t = IB_TO_ORDER_TYPE[ibType];
    if (t) return t;
  }
  // An order type the frontend has no name for (placed manually in TWS, e.g. REL): show its nearest kind.
  return lmtPrice !== undefined ? 'LMT' : 'MKT';
}

/** IB's status words mapped to the contract's; PartiallyFilled is derived because TWS never sends it. */
export function mapStatus(ibStatus: string | undefined, filled: number, remaining: number): OrderStatus {
  switch (ibStatus) {
    case 'ApiPending':
    case 'PendingSubmit':
      return 'PendingSubmit';
    case 'PendingCancel':
    case 'PreSubmitted':
    case 'Cancelled':
    case 'Filled':
    case 'Inactive':
    case 'ApiCancelled':
      return ibStatus;
    case 'Submitted':
      return filled > 0 && remaining > 0 ? 'PartiallyFilled' : 'Submitted';
    default:
      return 'Unknown';
  }
}

export function newOrderTrack(init: Partial<Order> & Pick<Order, 'orderId' | 'symbol' | 'action' | 'quantity' | 'orderType'>, nowIso: string): OrderTrack {
  const order: Order = {
    permId: 0,
    status: 'PendingSubmit',
    filled: 0,
    remaining: init.quantity,
    avgFillPrice: 0,
    lastFillPrice: 0,
    commission: 0,
    timestamp: nowIso,
    strategyId: '',
    account: '',
    ...init,
  };
  return { order, fills: new Map(), commissions: new Map() };
}

/** Sets a field when the new value differs; returns whether it did. */
function set<K extends keyof Order>(o: Order, key: K, value: Order[K] | undefined): boolean {
  if (value === undefined || o[key] === value) return false;
  o[key] = value;
  return true;
}

function setStatus(o: Order, next: OrderStatus): boolean {
  if (o.status === next) return false;
  // TWS can deliver a stale "Submitted" after the fill (openOrder and orderStatus race); never resurrect a finished order.
  if (isTerminal(o.status) && !isTerminal(next)) return false;
  // Once filled, a late cancel acknowledgement does not undo the fill.
  if (o.status === 'Filled' && next !== 'Filled') return false;
  o.status = next;
  return true;
}

export interface OpenOrderInput {
  symbol?: string;
  action?: string;
  totalQuantity?: number;
  orderType?: string;
  lmtPrice?: number;
  auxPrice?: number;
  tif?: string;
  ocaGroup?: string;
  parentId?: number;
  permId?: number;
  account?: string;
  orderRef?: string;
  status?: string;
  commission?: number;
}

export function applyOpenOrder(t: OrderTrack, i: OpenOrderInput, nowIso: string): boolean {
  const o = t.order;
  let changed = false;
  changed = set(o, 'symbol', i.symbol) || changed;
  if (i.action === 'BUY' || i.action === 'SELL') changed = set(o, 'action', i.action) || changed;
  if (i.totalQuantity !== undefined && i.totalQuantity > 0) {
    if (o.quantity !== i.totalQuantity) {
      o.quantity = i.totalQuantity;
      o.remaining = Math.max(0, i.totalQuantity - o.filled);
      changed = true;
    }
  }
  if (i.orderType !== undefined) changed = set(o, 'orderType', mapOrderType(i.orderType, i.lmtPrice)) || changed;
  changed = set(o, 'price', i.lmtPrice) || changed;
  changed = set(o, 'auxPrice', i.auxPrice) || changed;
  if (i.tif === 'DAY' || i.tif === 'GTC' || i.tif === 'IOC' || i.tif === 'FOK') changed = set(o, 'timeInForce', i.tif as TimeInForce) || changed;
  if (i.ocaGroup) changed = set(o, 'ocaGroup', i.ocaGroup) || changed;
  if (i.parentId) changed = set(o, 'parentId', i.parentId) || changed;
  if (i.permId) changed = set(o, 'permId', i.permId) || changed;
  if (i.account) changed = set(o, 'account', i.account) || changed;
  if (i.orderRef && o.idempotencyKey === undefined) changed = set(o, 'idempotencyKey', i.orderRef) || changed;
  if (i.status !== undefined) {
    const next = mapStatus(i.status, o.filled, o.remaining);
    changed = setStatus(o, next) || changed;
    // A Filled openOrder / completedOrder means every share is done, even before orderStatus or the executions
    // (which carry the prices) have arrived: never show "Filled" with 0 filled.
    if (o.status === 'Filled' && o.filled < o.quantity) {
      o.filled = o.quantity;
      o.remaining = 0;
      changed = true;
    }
  }
  // openOrder's commission is the order's running total; commissionReports give the same per fill. Take the larger
  // so neither stream can make the number go backwards.
  const commission = i.commission !== undefined && Number.isFinite(i.commission) ? roundMoney(i.commission) : undefined;
  if (commission !== undefined && commission > o.commission) {
    o.commission = commission;
    changed = true;
  }
  if (changed) o.timestamp = nowIso;
  return changed;
}

export interface OrderStatusInput {
  status: string;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  permId?: number;
  parentId?: number;
  lastFillPrice?: number;
  whyHeld?: string;
}

export function applyOrderStatus(t: OrderTrack, i: OrderStatusInput, nowIso: string): boolean {
  const o = t.order;
  let changed = false;
  // Cumulative fill numbers only grow: an older orderStatus arriving late must not roll them back.
  if (Number.isFinite(i.filled) && i.filled >= o.filled) {
    changed = set(o, 'filled', i.filled) || changed;
    if (Number.isFinite(i.remaining)) changed = set(o, 'remaining', i.remaining) || changed;
    if (Number.isFinite(i.avgFillPrice) && i.avgFillPrice > 0) changed = set(o, 'avgFillPrice', roundPrice(i.avgFillPrice)) || changed;
    if (i.lastFillPrice !== undefined && Number.isFinite(i.lastFillPrice) && i.lastFillPrice > 0) {
      changed = set(o, 'lastFillPrice', roundPrice(i.lastFillPrice)) || changed;
    }
  }
  if (i.permId) changed = set(o, 'permId', i.permId) || changed;
  if (i.parentId) changed = set(o, 'parentId', i.parentId) || changed;
  if (i.whyHeld) changed = set(o, 'whyHeld', i.whyHeld) || changed;
  changed = setStatus(o, mapStatus(i.status, o.filled, o.remaining)) || changed;
  if (changed) o.timestamp = nowIso;
  return changed;
}

/** Records one fill. Returns false for an execId already counted (replayed after a reconnect). */
export function applyExecution(t: OrderTrack, execId: string, shares: number, price: number, nowIso: string): boolean {
  if (t.fills.has(execId)) return false;
  t.fills.set(execId, { shares, price });
  const o = t.order;
  let totalShares = 0;
  let notional = 0;
  for (const f of t.fills.values()) {
    totalShares += f.shares;
    notional += f.shares * f.price;
  }
  let changed = false;
  const avg = roundPrice(notional / totalShares);
  // The execution stream can be ahead of orderStatus (or the only thing we get, after a reconnect).
  if (totalShares > o.filled) {
    o.filled = totalShares;
    o.remaining = Math.max(0, o.quantity - totalShares);
    o.avgFillPrice = avg;
    changed = true;
  } else if (o.avgFillPrice === 0) {
    // Filled is known (e.g. from a Filled completedOrder) but no price yet: the fills give it. Otherwise
    // orderStatus's own average wins, so the two streams never make the number flip back and forth.
    o.avgFillPrice = avg;
    changed = true;
  }
  changed = set(o, 'lastFillPrice', roundPrice(price)) || changed;
  if (o.filled >= o.quantity) changed = setStatus(o, 'Filled') || changed;
  else if (o.filled > 0 && !isTerminal(o.status)) changed = setStatus(o, 'PartiallyFilled') || changed;
  if (changed) o.timestamp = nowIso;
  return changed;
}

/**
 * Records one fill's commission. Each is kept in cents, as its executionReport shows it, and the order's commission
 * is their sum (rounded again: adding cents in doubles leaves noise). openOrder's running total, rounded from the
 * unrounded fills, can be a cent above that sum; the larger one stays (applyOpenOrder), so it never goes back.
 */
export function applyCommission(t: OrderTrack, execId: string, rawCommission: number, nowIso: string): boolean {
  if (!Number.isFinite(rawCommission)) return false;
  const commission = roundMoney(rawCommission);
  if (t.commissions.get(execId) === commission) return false;
  t.commissions.set(execId, commission);
  let total = 0;
  for (const c of t.commissions.values()) total += c;
  total = roundMoney(total);
  if (total <= t.order.commission) return false;
  t.order.commission = total;
  t.order.timestamp = nowIso;
  return true;
}

export function markRejected(t: OrderTrack, reason: string, nowIso: string): boolean {
  const o = t.order;
  if (isTerminal(o.status) && o.rejectReason === reason) return false;
  o.rejectReason = reason;
  setStatus(o, 'Inactive');
  o.timestamp = nowIso;
  return true;
}

/**
 * When and at what price a working order trades against the simulated quote. Pure functions over one order and
 * one quote: the broker decides what to do with the answer.
 *
 * Rules (TWS-like, simplified): stops and trailing stops trigger on the last price; marketable orders take the
 * touch (buy at the ask, sell at the bid) and at most the displayed size there, so large orders fill in parts
 * over several market steps.
 */
import type { Quote } from '../market/types.js';
import type { OrderRecord } from './types.js';

const clean = (x: number): number => Math.round(x * 1e8) / 1e8;
export const roundToTick = (price: number, tick: number, mode: 'down' | 'up' | 'near'): number => {
  const units = price / tick;
  const r = mode === 'down' ? Math.floor(units + 1e-9) : mode === 'up' ? Math.ceil(units - 1e-9) : Math.round(units);
  return clean(r * tick);
};

/** Distance of a trailing stop from the market for this order at `price`. */
function trailDistance(order: OrderRecord, price: number): number {
  return order.trailingPercent !== undefined ? (price * order.trailingPercent) / 100 : (order.auxPrice ?? 0);
}

/**
 * Moves a trailing stop with the market (only ever in the order's favour). Returns true when the stop moved.
 * The first call on a new order sets the initial stop (from `trailStopPrice` when the client gave one).
 */
export function updateTrailingStop(order: OrderRecord, quote: Readonly<Quote>, tick: number): boolean {
  if (order.orderType !== 'TRAIL' && order.orderType !== 'TRAIL LIMIT') return false;
  if (order.triggered) return false;
  const sell = order.action === 'SELL';
  const candidate = sell
    ? roundToTick(quote.last - trailDistance(order, quote.last), tick, 'down')
    : roundToTick(quote.last + trailDistance(order, quote.last), tick, 'up');
  const current = order.trailStopPrice;
  if (current === undefined || (sell ? candidate > current : candidate < current)) {
    order.trailStopPrice = candidate;
    return true;
  }
  return false;
}

/** Whether a stop-type order's trigger has been touched by the last price. */
export function stopTouched(order: OrderRecord, quote: Readonly<Quote>): boolean {
  const stop = order.orderType === 'TRAIL' || order.orderType === 'TRAIL LIMIT' ? order.trailStopPrice : order.auxPrice;
  if (stop === undefined) return false;
  return order.action === 'BUY' ? quote.last >= stop : quote.last <= stop;
}

export const isStopType = (order: OrderRecord): boolean => order.orderType !== 'MKT' && order.orderType !== 'LMT';

/** The price limit in force (undefined = market), once any stop has triggered. */
export function effectiveLimit(order: OrderRecord): number | undefined {
  switch (order.orderType) {
    case 'LMT':
    case 'STP LMT':
    case 'TRAIL LIMIT':
      return order.lmtPrice;
    default:
      return undefined;
  }
}

export interface FillChance {
  price: number;
  /** Displayed size available at that price. */
  available: number;
}

/** The touch this order can trade at now, or undefined when it is not marketable. */
export function marketable(order: OrderRecord, quote: Readonly<Quote>): FillChance | undefined {
  if (!quote.hasQuotes || quote.bid <= 0 || quote.ask <= 0) return undefined;
  const limit = effectiveLimit(order);
  if (order.action === 'BUY') {
    if (limit !== undefined && quote.ask > limit + 1e-9) return undefined;
    return { price: quote.ask, available: quote.askSize };
  }
  if (limit !== undefined && quote.bid < limit - 1e-9) return undefined;
  return { price: quote.bid, available: quote.bidSize };
}

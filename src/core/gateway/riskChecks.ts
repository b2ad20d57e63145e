/**
 * Pre-trade risk checks, evaluated before anything reaches TWS, the same way for a new order and for a change to
 * one (orderCommands.ts). Pure: the caller supplies the reference price (limit or stop price, else the market:
 * marketPrice) and the current position, so the rules are testable on their own.
 */
import type { OrderAction, OrderType, RiskChecks } from '../../common/contract.js';
import type { Quote } from './types.js';

export interface RiskInput {
  symbol: string;
  action: OrderAction;
  quantity: number;
  orderType: OrderType;
  price?: number;
  auxPrice?: number;
}

export interface RiskContext {
  /** Best price estimate for valuing the order; undefined when nothing is known (e.g. MKT with no quote). */
  referencePrice?: number;
  /** Signed current position in the symbol (all accounts the order may go to). */
  currentPosition: number;
}

/**
 * The configured limits and the order's own both apply (an order can tighten the trader's limits, never loosen
 * them): each set is checked on its own, and every rule either breaks is reported once.
 */
export function checkRiskLayers(o: RiskInput, layers: ReadonlyArray<RiskChecks | undefined>, ctx: RiskContext): string[] {
  return [...new Set(layers.flatMap((checks) => checkRisk(o, checks, ctx)))];
}

/**
 * What the market would pay or charge: the ask for a buy, the bid for a sell, else the last trade, else the
 * close. Forex has bid and ask but no last trade, so a market order on EUR.USD can be valued.
 */
export function marketPrice(q: Quote | undefined, action: OrderAction): number | undefined {
  if (!q) return undefined;
  return (action === 'BUY' ? q.ask : q.bid) ?? q.last ?? q.close;
}

/** Price used to value an order: its own limit/stop price when it has one, else the market. */
export function orderReferencePrice(o: RiskInput, market: number | undefined): number | undefined {
  if (o.orderType === 'LMT' || o.orderType === 'STP_LMT' || o.orderType === 'TRAIL_LIMIT') return o.price ?? market;
  if (o.orderType === 'STP') return o.auxPrice ?? market;
  return market;
}

/** Returns the violated rules as sentences; an empty list means the order may go. */
export function checkRisk(o: RiskInput, checks: RiskChecks | undefined, ctx: RiskContext): string[] {
  if (!checks) return [];
  const problems: string[] = [];
  if (checks.maxOrderQuantity !== undefined && o.quantity > checks.maxOrderQuantity) {
    // The fat-finger bound: the settings default (trading.riskChecks.maxOrderQuantity) is raised there if meant.
    problems.push(`quantity ${o.quantity} exceeds maxOrderQuantity ${checks.maxOrderQuantity}`);
  }
  if (checks.allowedOrderTypes && checks.allowedOrderTypes.length > 0 && !checks.allowedOrderTypes.includes(o.orderType)) {
    problems.push(`order type ${o.orderType} is not allowed (allowed: ${checks.allowedOrderTypes.join(', ')})`);
  }
  if (checks.maxOrderValue !== undefined) {
    if (ctx.referencePrice === undefined || !(ctx.referencePrice > 0)) {
      // Refusing is the safe side: an unvalued order cannot be shown to respect a value cap.
      problems.push(`cannot value the order against maxOrderValue ${checks.maxOrderValue}: no price known for ${o.symbol}`);
    } else {
      const value = o.quantity * ctx.referencePrice;
      if (value > checks.maxOrderValue) {
        problems.push(`order value ${round2(value)} exceeds maxOrderValue ${checks.maxOrderValue}`);
      }
    }
  }
  if (checks.maxPositionSize !== undefined) {
    const after = ctx.currentPosition + (o.action === 'BUY' ? o.quantity : -o.quantity);
    if (Math.abs(after) > checks.maxPositionSize && Math.abs(after) > Math.abs(ctx.currentPosition)) {
      problems.push(`resulting position ${after} in ${o.symbol} exceeds maxPositionSize ${checks.maxPositionSize}`);
    }
  }
  return problems;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

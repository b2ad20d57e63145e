/**
 * Pre-trade risk checks, evaluated before anything reaches TWS. Pure: the caller supplies the reference price
 * (limit price, else the latest quote) and the current position, so the rules are testable on their own.
 */
import type { OrderAction, OrderType, RiskChecks } from '../../common/contract.js';

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

/** The effective checks: the order's own override the defaults field by field. */
export function mergeRiskChecks(defaults: RiskChecks | undefined, own: RiskChecks | undefined): RiskChecks | undefined {
  if (!defaults) return own;
  if (!own) return defaults;
  return { ...defaults, ...Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) };
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

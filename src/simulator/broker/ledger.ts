/**
 * One account's books: USD cash and positions with IB's average-cost accounting (avgCost per unit includes the
 * multiplier and the opening commissions; realized P&L is net of commissions).
 *
 * Cash flows: stocks and FX pay/receive the full value; futures are marked to market, so only realized P&L and
 * commissions move cash (their open P&L counts in NetLiquidation as FuturesPNL).
 */
import type { ContractSpec } from '../market/types.js';

export interface PositionState {
  readonly contract: ContractSpec;
  readonly multiplier: number;
  qty: number;
  /** Per unit, incl. multiplier and commissions; 0 when flat. */
  avgCost: number;
  /** Like avgCost but without commissions: what futures are marked against (their commissions are paid in cash at once). */
  priceBasis: number;
  realized: number;
}

export interface FillOutcome {
  /** Realized P&L of the closing part (net of its share of commission), undefined when nothing was closed. */
  realized: number | undefined;
  position: PositionState;
}

export class AccountLedger {
  cash: number;
  readonly startingCash: number;
  readonly positions = new Map<number, PositionState>();

  constructor(
    readonly account: string,
    startingCash: number,
  ) {
    this.cash = startingCash;
    this.startingCash = startingCash;
  }

  /** Books one execution: `signedQty` > 0 bought, < 0 sold, at `price`, paying `commission`. */
  applyFill(contract: ContractSpec, signedQty: number, price: number, commission: number): FillOutcome {
    const multiplier = Number(contract.multiplier) || 1;
    let pos = this.positions.get(contract.conId);
    if (!pos) {
      pos = { contract, multiplier, qty: 0, avgCost: 0, priceBasis: 0, realized: 0 };
      this.positions.set(contract.conId, pos);
    }
    const qtyAbs = Math.abs(signedQty);
    const unitValue = price * multiplier;
    // The part of this fill that reduces an opposite position, and the part that opens/extends one.
    const closing = pos.qty !== 0 && Math.sign(pos.qty) !== Math.sign(signedQty) ? Math.min(qtyAbs, Math.abs(pos.qty)) : 0;
    const opening = qtyAbs - closing;
    const closeCommission = (commission * closing) / qtyAbs;
    const openCommission = commission - closeCommission;
    let realized: number | undefined;
    let variation = 0;
    if (closing > 0) {
      const wasLong = pos.qty > 0;
      realized = (wasLong ? unitValue - pos.avgCost : pos.avgCost - unitValue) * closing - closeCommission;
      variation = (wasLong ? unitValue - pos.priceBasis : pos.priceBasis - unitValue) * closing;
      pos.realized += realized;
      pos.qty += wasLong ? -closing : closing;
      if (pos.qty === 0) pos.avgCost = pos.priceBasis = 0;
    }
    if (opening > 0) {
      const side = Math.sign(signedQty);
      const held = Math.abs(pos.qty);
      // Longs carry commission as extra cost, shorts as reduced proceeds: both make the average less favourable.
      const unitCost = side > 0 ? unitValue + openCommission / opening : unitValue - openCommission / opening;
      pos.avgCost = (held * pos.avgCost + opening * unitCost) / (held + opening);
      pos.priceBasis = (held * pos.priceBasis + opening * unitValue) / (held + opening);
      pos.qty += side * opening;
    }
    pos.qty = Math.round(pos.qty * 1e8) / 1e8;
    // Futures settle the price variation of the closed part; their commissions were already paid in full.
    if (contract.secType === 'FUT') this.cash += variation - commission;
    else this.cash += -signedQty * unitValue - commission;
    return { realized, position: pos };
  }

  totalRealized(): number {
    let sum = 0;
    for (const p of this.positions.values()) sum += p.realized;
    return sum;
  }
}

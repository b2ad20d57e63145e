/**
 * One account's books, kept as IBKR keeps them for a multi-currency account: cash per currency (a negative
 * balance is a loan in that currency, as when a USD account buys a EUR stock without converting first) and
 * positions with IB's average-cost accounting in the instrument's own currency (avgCost per unit includes the
 * multiplier and the opening commissions; realized P&L is net of commissions).
 *
 * Every cash flow is in the instrument's currency: stocks, options and crypto pay/receive the full value;
 * futures are marked to market, so only realized P&L and commissions move cash (their open P&L counts in
 * NetLiquidation as FuturesPNL); an FX trade (EUR.USD) moves both currencies: the EUR bought arrive in EUR cash
 * and are paid for in USD.
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
  /**
   * Per unit, incl. multiplier: what today's P&L is measured from. The previous close for a position carried in
   * from before the session, the cost (like avgCost) for what was opened today; 0 when flat.
   */
  dailyBasis: number;
  /** Realized P&L of today's closes against dailyBasis (equals `realized` for positions opened today). */
  dailyRealized: number;
}

export interface FillOutcome {
  /** Realized P&L of the closing part (net of its share of commission), undefined when nothing was closed. */
  realized: number | undefined;
  position: PositionState;
}

export class AccountLedger {
  private readonly balances = new Map<string, number>();
  readonly positions = new Map<number, PositionState>();

  constructor(
    readonly account: string,
    /** The currency the account reports in (IBKR's base currency). */
    readonly baseCurrency: string,
    /** Deposited in the base currency before the session. */
    readonly startingCash: number,
  ) {
    this.balances.set(baseCurrency, startingCash);
  }

  /** Cash per currency: the base currency, then every currency a trade has touched (a touched currency stays listed at 0). */
  cashBalances(): ReadonlyMap<string, number> {
    return this.balances;
  }

  cash(currency: string): number {
    return this.balances.get(currency) ?? 0;
  }

  /** Books one execution: `signedQty` > 0 bought, < 0 sold, at `price`, paying `commission` (in the contract's currency). */
  applyFill(contract: ContractSpec, signedQty: number, price: number, commission: number): FillOutcome {
    return this.book(contract, signedQty, price, commission, undefined);
  }

  /**
   * Books a position held from before the session: bought at `price` without commission (cash pays for it like a
   * fill), with today's P&L measured from `previousClose` rather than from the cost.
   */
  carryIn(contract: ContractSpec, signedQty: number, price: number, previousClose: number): PositionState {
    return this.book(contract, signedQty, price, 0, previousClose).position;
  }

  private book(contract: ContractSpec, signedQty: number, price: number, commission: number, previousClose: number | undefined): FillOutcome {
    const multiplier = Number(contract.multiplier) || 1;
    let pos = this.positions.get(contract.conId);
    if (!pos) {
      pos = { contract, multiplier, qty: 0, avgCost: 0, priceBasis: 0, realized: 0, dailyBasis: 0, dailyRealized: 0 };
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
      const gain = (basis: number): number => (wasLong ? unitValue - basis : basis - unitValue) * closing;
      realized = gain(pos.avgCost) - closeCommission;
      variation = gain(pos.priceBasis);
      pos.realized += realized;
      pos.dailyRealized += gain(pos.dailyBasis) - closeCommission;
      pos.qty += wasLong ? -closing : closing;
      if (pos.qty === 0) pos.avgCost = pos.priceBasis = pos.dailyBasis = 0;
    }
    if (opening > 0) {
      const side = Math.sign(signedQty);
      const held = Math.abs(pos.qty);
      // Longs carry commission as extra cost, shorts as reduced proceeds: both make the average less favourable.
      const unitCost = side > 0 ? unitValue + openCommission / opening : unitValue - openCommission / opening;
      const average = (current: number, added: number): number => (held * current + opening * added) / (held + opening);
      pos.avgCost = average(pos.avgCost, unitCost);
      pos.priceBasis = average(pos.priceBasis, unitValue);
      pos.dailyBasis = average(pos.dailyBasis, previousClose === undefined ? unitCost : previousClose * multiplier);
      pos.qty += side * opening;
    }
    pos.qty = Math.round(pos.qty * 1e8) / 1e8;
    const currency = contract.currency;
    // Futures settle the price variation of the closed part; their commissions were already paid in full.
    if (contract.secType === 'FUT') this.credit(currency, variation - commission);
    else this.credit(currency, -signedQty * unitValue - commission);
    // A currency pair's symbol is the currency bought or sold (EUR of EUR.USD).
    if (contract.secType === 'CASH') this.credit(contract.symbol, signedQty);
    return { realized, position: pos };
  }

  private credit(currency: string, amount: number): void {
    this.balances.set(currency, this.cash(currency) + amount);
  }
}

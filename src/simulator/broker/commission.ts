/**
 * IBKR-like commissions, in the instrument's currency, charged per order and split over its executions: each
 * fill pays the order's cumulative commission so far minus what earlier fills paid, so the per-order minimum is
 * charged once (as IBKR does) and the sum over executions equals the order's commission.
 *
 * US instruments follow IBKR Pro "fixed"; EUR instruments (XETRA stocks, EUREX futures and options) IBKR Pro
 * "tiered" at the lowest volume tier, with the exchange and clearing fees folded into the per-contract rates.
 */
import type { ContractSpec } from '../market/types.js';

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const clamp = (x: number, min: number, max: number): number => Math.min(Math.max(x, min), max);

/** Total commission of an order that has filled `quantity` for `notional` (price × quantity × multiplier). */
export function orderCommission(contract: Pick<ContractSpec, 'secType' | 'currency'>, quantity: number, notional: number): number {
  if (quantity <= 0) return 0;
  const euro = contract.currency === 'EUR';
  switch (contract.secType) {
    case 'STK':
      // EUR: 0.05 % of the trade value, at least EUR 1.25, at most EUR 29.00.
      if (euro) return round4(clamp(notional * 0.0005, 1.25, 29));
      // USD 0.005 per share, at least 1.00, at most 1 % of the trade value.
      return round4(Math.min(Math.max(quantity * 0.005, 1), Math.max(notional * 0.01, 1)));
    case 'FUT':
      // Per contract, all-in: CME E-mini USD 2.25; EUREX (FESX, FDAX) EUR 0.65 commission plus about 0.55 of fees.
      return round4(quantity * (euro ? 1.2 : 2.25));
    case 'CASH':
      // 0.2 basis points of the value, at least USD 2.00.
      return round4(Math.max(notional * 0.00002, 2));
    case 'OPT':
      // EUREX index options (OESX, ODAX): EUR 0.90 commission plus about 0.30 of fees per contract.
      if (euro) return round4(quantity * 1.2);
      // USD 0.65 per contract, at least 1.00.
      return round4(Math.max(quantity * 0.65, 1));
    case 'CRYPTO':
      // 0.18 % of the trade value, at least USD 1.75 (capped at 1 % like stocks).
      return round4(Math.min(Math.max(notional * 0.0018, 1.75), Math.max(notional * 0.01, 1.75)));
    case 'IND':
      return 0;
  }
}

/**
 * IBKR-like commissions (IBKR Pro "fixed" schedule), charged per order and split over its executions: each fill
 * pays the order's cumulative commission so far minus what earlier fills paid, so the per-order minimum is
 * charged once (as IBKR does) and the sum over executions equals the order's commission.
 */
import type { SecType } from '../market/types.js';

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Total commission of an order that has filled `quantity` for `notional` (price × quantity × multiplier). */
export function orderCommission(secType: SecType, quantity: number, notional: number): number {
  if (quantity <= 0) return 0;
  switch (secType) {
    case 'STK':
      // USD 0.005 per share, at least 1.00, at most 1 % of the trade value.
      return round4(Math.min(Math.max(quantity * 0.005, 1), Math.max(notional * 0.01, 1)));
    case 'FUT':
      // CME E-mini all-in: commission plus exchange and regulatory fees per contract.
      return round4(quantity * 2.25);
    case 'CASH':
      // 0.2 basis points of the value, at least USD 2.00.
      return round4(Math.max(notional * 0.00002, 2));
    case 'OPT':
      // USD 0.65 per contract, at least 1.00.
      return round4(Math.max(quantity * 0.65, 1));
    case 'CRYPTO':
      // 0.18 % of the trade value, at least USD 1.75 (capped at 1 % like stocks).
      return round4(Math.min(Math.max(notional * 0.0018, 1.75), Math.max(notional * 0.01, 1.75)));
    case 'IND':
      return 0;
  }
}

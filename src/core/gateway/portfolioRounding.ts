/**
 * Rounding of the portfolio, account, order and execution values TWS sends, applied once where they enter the
 * proxy (portfolio.ts, accountTags.ts, orderRecord.ts, orders.ts), so every client sees the same clean numbers.
 *
 * TWS and the simulator compute these as doubles (value minus cost, total over quantity), so they arrive as
 * -1.4999999999995453 or 1409.5900000000001: the trailing digits are binary floating-point noise, not data,
 * yet clients would show, compare and store them.
 *  - Money (P&L, market values, the account's cash / equity / margin figures, commissions, an execution's realized
 *    P&L): cents. Every account currency IBKR offers has at most 2 decimals, and that is what TWS itself displays.
 *  - Prices and per-unit average cost (also fill prices: an order's average and last fill price, an execution's
 *    price and average price): 8 decimals. Finer than any IB tick (bond futures trade in 1/128 = 0.0078125;
 *    forex in 1/20 pip), and per-unit cost is total cost / quantity / multiplier, whose digits are real (a fee
 *    spread over 7 shares), just not beyond the 8th. Still far above the noise (~1e-13 at these magnitudes).
 *  - Ratios (cushion, leverage): 8 decimals as well; integers (day trades left, a time) are unchanged by it.
 */
const MONEY_DECIMALS = 2;
const FINE_DECIMALS = 8;

/** Half away from zero, in decimal: 1.005 → 1.01 (1.005 * 100 in doubles is 100.49999999999999). Never -0. */
export function roundTo(value: number, decimals: number): number {
  // Where value * 10^decimals passes 2^53 a double no longer holds that decimal: nothing to clean. NaN and
  // ±Infinity pass through too.
  if (!Number.isFinite(value) || Math.abs(value) * 10 ** decimals >= Number.MAX_SAFE_INTEGER) return value;
  // Shift the decimal point in the number's shortest string form, which is the value TWS meant.
  const [mantissa = '0', exponent = '0'] = String(Math.abs(value)).split('e');
  const scaled = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
  const rounded = Number(`${scaled}e-${decimals}`);
  return rounded === 0 ? 0 : Math.sign(value) * rounded;
}

export const roundMoney = (value: number): number => roundTo(value, MONEY_DECIMALS);
export const roundPrice = (value: number): number => roundTo(value, FINE_DECIMALS);
export const roundRatio = roundPrice;

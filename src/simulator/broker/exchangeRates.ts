/**
 * Exchange rates into the account's base currency, read live from the market's currency pairs (EUR.USD on
 * IDEALPRO): a EUR amount is worth `amount × rate('EUR')` USD at the pair's current mark, as TWS converts
 * account values at its live rates.
 */
import type { Market } from '../market/types.js';

/** Base-currency units per unit of `currency` (1 for the base itself). */
export type ExchangeRates = (currency: string) => number;

export function exchangeRates(market: Market, baseCurrency: string): ExchangeRates {
  // currency → [pair conId, whether the pair is quoted the other way round (USD.XXX)]; looked up once.
  const pairs = new Map<string, { conId: number; inverted: boolean }>();
  const pairOf = (currency: string): { conId: number; inverted: boolean } => {
    let pair = pairs.get(currency);
    if (pair) return pair;
    const direct = market.catalogue.resolve({ symbol: currency, secType: 'CASH', currency: baseCurrency });
    const inverse = direct ? undefined : market.catalogue.resolve({ symbol: baseCurrency, secType: 'CASH', currency });
    const found = direct ?? inverse;
    if (!found) throw new Error(`no ${currency}.${baseCurrency} currency pair in the catalogue to value ${currency} amounts`);
    pair = { conId: found.contract.conId, inverted: inverse !== undefined };
    pairs.set(currency, pair);
    return pair;
  };
  return (currency) => {
    if (currency === baseCurrency) return 1;
    const { conId, inverted } = pairOf(currency);
    const mark = market.markPrice(conId);
    return inverted ? 1 / mark : mark;
  };
}

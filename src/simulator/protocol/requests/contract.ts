/** The contract block as each request carries it (the set of fields differs per message and per version). */
import type { FieldReader } from '../fields.js';
import type { WireContract } from '../wireTypes.js';

/** reqMktData / placeOrder / reqHistoricalData / tickByTick order: conId … tradingClass (primaryExch included). */
export function readContractWithPrimary(r: FieldReader): WireContract {
  const conId = r.intOpt();
  const symbol = r.str();
  const secType = r.str();
  const lastTradeDateOrContractMonth = r.str();
  const strike = r.doubleOpt();
  const right = r.str();
  const multiplier = r.str();
  const exchange = r.str();
  const primaryExch = r.str();
  const currency = r.str();
  const localSymbol = r.str();
  const tradingClass = r.str();
  return { conId, symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier, exchange, primaryExch, currency, localSymbol, tradingClass };
}

/** BAG combo legs as reqMktData / reqHistoricalData send them: count, then (conId, ratio, action, exchange)×n. */
export function skipBagLegs(r: FieldReader, contract: WireContract): void {
  if (contract.secType.toUpperCase() !== 'BAG') return;
  const count = r.int();
  r.skip(count * 4);
}

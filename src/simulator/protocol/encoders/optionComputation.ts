/**
 * tickOptionComputation (21). From 156 (PRICE_BASED_VOLATILITY, below the range spoken here) it has no version
 * field, carries tickAttrib and always the full set of values, so the layout is the same from 157 to 193.
 * "Not computed" is -1 for volatility and prices, -2 for the greeks, as TWS writes it.
 */
import { joinFields } from '../fields.js';
import { OUT } from '../messageIds.js';

/** The tick type of an answer to calculateImpliedVolatility / calculateOptionPrice. */
export const CUST_OPTION_COMPUTATION = 53;

export interface OptionComputation {
  /** 0 return-based, 1 price-based. */
  tickAttrib: number;
  impliedVol: number | undefined;
  delta: number | undefined;
  optPrice: number | undefined;
  pvDividend: number | undefined;
  gamma: number | undefined;
  vega: number | undefined;
  theta: number | undefined;
  undPrice: number | undefined;
}

export function encodeTickOptionComputation(tickerId: number, tickType: number, c: OptionComputation): string {
  const price = (v: number | undefined) => v ?? -1;
  const greek = (v: number | undefined) => v ?? -2;
  return joinFields([
    OUT.TICK_OPTION_COMPUTATION, tickerId, tickType, c.tickAttrib, price(c.impliedVol), greek(c.delta), price(c.optPrice),
    price(c.pvDividend), greek(c.gamma), greek(c.vega), greek(c.theta), price(c.undPrice),
  ]);
}

/**
 * calculateImpliedVolatility (54) and calculateOptionPrice (55): version, reqId, the contract (with tradingClass),
 * the option price or volatility, the underlying's price, then options whose encoding differs between clients
 * (IBKR's and stoqey's send one tag/value string, ib_async a count first) and that TWS ignores, as we do.
 */
import type { FieldReader } from '../fields.js';
import type { WireContract } from '../wireTypes.js';
import { readContractWithPrimary } from './contract.js';

export interface OptionCalculationRequest {
  reqId: number;
  contract: WireContract;
  /** The option price (implied volatility) or the volatility (option price). */
  value: number | undefined;
  underPrice: number | undefined;
}

export function decodeOptionCalculation(r: FieldReader): OptionCalculationRequest {
  r.int(); // version
  const reqId = r.int();
  const contract = readContractWithPrimary(r);
  const value = r.doubleOpt();
  const underPrice = r.doubleOpt();
  return { reqId, contract, value, underPrice };
}

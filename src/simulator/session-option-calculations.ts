/**
 * calculateImpliedVolatility / calculateOptionPrice: TWS runs its option model on the values the client gives (an
 * option price or a volatility, and the underlying's price) and answers one tickOptionComputation of tick type 53.
 * The simulator uses the model its own option quotes come from (Black-Scholes, no dividends, the market's rate), so
 * a calculation on the simulator's own prices gives back the volatility its quotes were made with. Greeks are the
 * model's sensitivities: gamma per 1.00 of the underlying, vega per volatility point (0.01), theta per calendar day.
 * A contract that is not an option gets 200, as TWS answers it.
 */
import type { ContractDetails, Market } from './market/types.js';
import { blackScholes } from './market/optionModel.js';
import { easternToUtc } from './market/easternTime.js';
import { IN } from './protocol/messageIds.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import { decodeOptionCalculation, type OptionCalculationRequest } from './protocol/requests/optionCalculations.js';
import { CUST_OPTION_COMPUTATION, encodeTickOptionComputation, type OptionComputation } from './protocol/encoders/optionComputation.js';
import type { RequestHandler, Session } from './session.js';
import { contractQuery } from './session-convert.js';

const YEAR_MS = 365 * 86_400_000;
const DAY_YEARS = 1 / 365;

type Calculation = 'impliedVolatility' | 'optionPrice';

export function optionCalculationHandlers(market: Market): [number, RequestHandler][] {
  return [
    [IN.REQ_CALC_IMPLIED_VOLAT, (s, r) => calculate(market, s, decodeOptionCalculation(r), 'impliedVolatility')],
    [IN.REQ_CALC_OPTION_PRICE, (s, r) => calculate(market, s, decodeOptionCalculation(r), 'optionPrice')],
    // Each calculation is answered at once, so there is never one left to cancel.
    [IN.CANCEL_CALC_IMPLIED_VOLAT, () => undefined],
    [IN.CANCEL_CALC_OPTION_PRICE, () => undefined],
  ];
}

function calculate(market: Market, session: Session, req: OptionCalculationRequest, kind: Calculation): void {
  const option = market.catalogue.resolve(contractQuery(req.contract));
  if (!option || option.contract.secType !== 'OPT') {
    session.sendError(req.reqId, ERR.NO_SECURITY_DEFINITION, TEXT.noSecurityDefinition);
    return;
  }
  const underPrice = req.underPrice !== undefined && req.underPrice > 0 ? req.underPrice : market.markPrice(option.underConId);
  const inputs = { s: underPrice, k: option.contract.strike, years: yearsToExpiry(option, market.now()), right: rightOf(option) };
  const sigma = kind === 'optionPrice' ? positive(req.value) : impliedVolatility(inputs, req.value);
  const result: OptionComputation = {
    tickAttrib: kind === 'impliedVolatility' ? 1 : 0, impliedVol: sigma, delta: undefined, optPrice: undefined, pvDividend: undefined,
    gamma: undefined, vega: undefined, theta: undefined, undPrice: underPrice,
  };
  if (sigma !== undefined) Object.assign(result, { pvDividend: 0, ...valueAndGreeks(inputs, sigma) });
  session.send(encodeTickOptionComputation(req.reqId, CUST_OPTION_COMPUTATION, result));
}

interface ModelInputs {
  s: number;
  k: number;
  years: number;
  right: 'C' | 'P';
}

function valueAndGreeks(m: ModelInputs, sigma: number): Pick<OptionComputation, 'optPrice' | 'delta' | 'gamma' | 'vega' | 'theta'> {
  const value = (s: number, years: number, vol: number) => blackScholes(s, m.k, years, vol, m.right).value;
  const at = blackScholes(m.s, m.k, m.years, sigma, m.right);
  const h = m.s * 1e-3;
  return {
    optPrice: at.value,
    delta: at.delta,
    gamma: (value(m.s + h, m.years, sigma) - 2 * at.value + value(m.s - h, m.years, sigma)) / (h * h),
    vega: value(m.s, m.years, sigma + 0.005) - value(m.s, m.years, Math.max(1e-6, sigma - 0.005)),
    theta: value(m.s, Math.max(0, m.years - DAY_YEARS), sigma) - at.value,
  };
}

/** The volatility at which the model values the option at `price`; undefined when no volatility does. */
function impliedVolatility(m: ModelInputs, price: number | undefined): number | undefined {
  if (price === undefined || price <= 0 || m.years <= 0) return undefined;
  let low = 1e-4;
  let high = 5;
  const value = (vol: number) => blackScholes(m.s, m.k, m.years, vol, m.right).value;
  if (price < value(low) || price > value(high)) return undefined;
  for (let i = 0; i < 100 && high - low > 1e-7; i++) {
    const mid = (low + high) / 2;
    if (value(mid) < price) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** Options expire at 16:00 Eastern on their last trading day, as the market's option model dates them. */
function yearsToExpiry(option: ContractDetails, nowMs: number): number {
  const d = option.contract.lastTradeDateOrContractMonth;
  const expiryMs = easternToUtc(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)), 16);
  return Math.max(0, (expiryMs - nowMs) / YEAR_MS);
}

function rightOf(option: ContractDetails): 'C' | 'P' {
  return option.contract.right === 'P' ? 'P' : 'C';
}

function positive(x: number | undefined): number | undefined {
  return x !== undefined && x > 0 ? x : undefined;
}

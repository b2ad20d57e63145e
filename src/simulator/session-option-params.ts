/**
 * reqSecDefOptParams: the option chain of an underlying, one securityDefinitionOptionParameter per exchange and
 * trading class, then the end marker. An underlying without options (or an unknown one) gets the end marker alone,
 * as TWS answers it.
 *
 * The chain is read from the catalogue (its option contracts whose underConId is the underlying), never built
 * here, so it always matches what reqContractDetails and reqMktData serve. TWS lists a chain on SMART and on every
 * exchange it trades on; an option's validExchanges says which those are, so each line holds the expirations and
 * strikes of the options listed on that exchange. Expired series are left out, as TWS leaves them out.
 */
import type { ContractDetails, Market } from './market/types.js';
import { formatEasternDate } from './market/index.js';
import { IN } from './protocol/messageIds.js';
import { decodeReqSecDefOptParams, type SecDefOptParamsRequest } from './protocol/requests/optionParameters.js';
import {
  encodeSecurityDefinitionOptionParameter,
  encodeSecurityDefinitionOptionParameterEnd,
  type OptionChainLine,
} from './protocol/encoders/optionParameters.js';
import type { RequestHandler } from './session.js';

const OPTION_SEC_TYPES = new Set(['OPT', 'FOP']);

export function optionParamsHandlers(market: Market): [number, RequestHandler][] {
  return [
    [
      IN.REQ_SEC_DEF_OPT_PARAMS,
      (s, r) => {
        const req = decodeReqSecDefOptParams(r);
        for (const line of optionChain(market, req)) s.send(encodeSecurityDefinitionOptionParameter(req.reqId, line));
        s.send(encodeSecurityDefinitionOptionParameterEnd(req.reqId));
      },
    ],
  ];
}

/** The chain lines for a request: SMART first, then the exchanges in the order the options list them. */
export function optionChain(market: Market, req: SecDefOptParamsRequest): OptionChainLine[] {
  const underlying = findUnderlying(market, req);
  if (!underlying) return [];
  const today = formatEasternDate(market.now());
  const options = market.catalogue
    .all()
    .filter((d) => OPTION_SEC_TYPES.has(d.contract.secType) && d.underConId === underlying.contract.conId)
    .filter((d) => d.contract.lastTradeDateOrContractMonth.slice(0, 8) >= today);
  const lines: OptionChainLine[] = [];
  for (const series of groupByTradingClass(options)) {
    for (const exchange of exchangesOf(series)) {
      if (req.futFopExchange !== '' && req.futFopExchange.toUpperCase() !== exchange) continue;
      const listed = series.filter((d) => d.validExchanges.split(',').includes(exchange));
      const first = listed[0];
      if (!first) continue;
      lines.push({
        exchange,
        underlyingConId: underlying.contract.conId,
        tradingClass: first.contract.tradingClass,
        multiplier: first.contract.multiplier,
        expirations: [...new Set(listed.map((d) => d.contract.lastTradeDateOrContractMonth))].sort(),
        strikes: [...new Set(listed.map((d) => d.contract.strike))].sort((a, b) => a - b),
      });
    }
  }
  return lines;
}

/** By conId when given (TWS keys the request on it), else by symbol and security type. */
function findUnderlying(market: Market, req: SecDefOptParamsRequest): ContractDetails | undefined {
  if (req.underlyingConId > 0) return market.catalogue.byConId(req.underlyingConId);
  if (req.underlyingSymbol === '') return undefined;
  return market.catalogue.resolve({ symbol: req.underlyingSymbol, secType: req.underlyingSecType || undefined });
}

function groupByTradingClass(options: readonly ContractDetails[]): ContractDetails[][] {
  const groups = new Map<string, ContractDetails[]>();
  for (const d of options) {
    const key = `${d.contract.tradingClass}\0${d.contract.multiplier}`;
    const group = groups.get(key);
    if (group) group.push(d);
    else groups.set(key, [d]);
  }
  return [...groups.values()];
}

function exchangesOf(series: readonly ContractDetails[]): string[] {
  const exchanges = new Set<string>();
  for (const d of series) for (const ex of d.validExchanges.split(',')) if (ex !== '') exchanges.add(ex);
  return [...exchanges].sort((a, b) => (a === 'SMART' ? -1 : b === 'SMART' ? 1 : 0));
}

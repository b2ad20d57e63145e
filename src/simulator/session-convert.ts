/** Mapping between the market/broker model and the protocol's wire shapes (both directions). */
import type { ContractDetails, ContractQuery, ContractSpec } from './market/types.js';
import type { WireContract, WireContractDetails } from './protocol/wireTypes.js';

export function wireContract(c: ContractSpec): WireContract {
  return {
    conId: c.conId,
    symbol: c.symbol,
    secType: c.secType,
    lastTradeDateOrContractMonth: c.lastTradeDateOrContractMonth,
    strike: c.strike,
    right: c.right,
    multiplier: c.multiplier,
    exchange: c.exchange,
    primaryExch: c.primaryExchange,
    currency: c.currency,
    localSymbol: c.localSymbol,
    tradingClass: c.tradingClass,
  };
}

export function wireContractDetails(d: ContractDetails): WireContractDetails {
  return {
    contract: wireContract(d.contract),
    marketName: d.marketName,
    minTick: d.minTick,
    orderTypes: d.orderTypes,
    validExchanges: d.validExchanges,
    priceMagnifier: d.priceMagnifier,
    underConId: d.underConId,
    longName: d.longName,
    contractMonth: d.contractMonth,
    industry: d.industry,
    category: d.category,
    subcategory: d.subcategory,
    timeZoneId: d.timeZoneId,
    tradingHours: d.tradingHours,
    liquidHours: d.liquidHours,
    secIdList: [...d.secIdList],
    aggGroup: d.aggGroup,
    underSymbol: d.underSymbol,
    underSecType: d.underSecType,
    marketRuleIds: d.marketRuleIds,
    realExpirationDate: d.realExpirationDate,
    lastTradeDate: d.lastTradeDate,
    stockType: d.stockType,
    minSize: d.minSize,
    sizeIncrement: d.sizeIncrement,
    suggestedSizeIncrement: d.suggestedSizeIncrement,
  };
}

/** A client's contract as a catalogue lookup; 0 and "" mean "not given", as TWS reads them. */
export function contractQuery(c: WireContract): ContractQuery {
  const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());
  return {
    conId: c.conId !== undefined && c.conId > 0 ? c.conId : undefined,
    symbol: blank(c.symbol),
    secType: blank(c.secType),
    exchange: blank(c.exchange),
    primaryExchange: blank(c.primaryExch),
    currency: blank(c.currency),
    localSymbol: blank(c.localSymbol),
    lastTradeDateOrContractMonth: blank(c.lastTradeDateOrContractMonth),
    strike: c.strike !== undefined && Number.isFinite(c.strike) && c.strike > 0 ? c.strike : undefined,
    right: blank(c.right) === '?' ? undefined : blank(c.right),
    multiplier: blank(c.multiplier),
    tradingClass: blank(c.tradingClass),
  };
}

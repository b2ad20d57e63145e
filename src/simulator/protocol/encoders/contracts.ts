/** Contract messages: contractData (10) / contractDataEnd (52) and symbolSamples (79). */
import { joinFields, type Field } from '../fields.js';
import { OUT } from '../messageIds.js';
import { SV } from '../serverVersions.js';
import type { WireContract, WireContractDetails } from '../wireTypes.js';

export function encodeContractData(sv: number, reqId: number, d: WireContractDetails): string {
  const c = d.contract;
  const f: Field[] = [OUT.CONTRACT_DATA];
  if (sv < SV.SIZE_RULES) f.push(8);
  f.push(reqId, c.symbol, c.secType, c.lastTradeDateOrContractMonth ?? '');
  if (sv >= SV.LAST_TRADE_DATE) f.push(d.lastTradeDate);
  f.push(c.strike ?? 0, c.right ?? '', c.exchange, c.currency, c.localSymbol ?? '', d.marketName, c.tradingClass ?? '', c.conId ?? 0, d.minTick);
  if (sv < SV.SIZE_RULES) f.push(1); // mdSizeMultiplier
  f.push(c.multiplier ?? '', d.orderTypes, d.validExchanges, d.priceMagnifier, d.underConId, d.longName, c.primaryExch ?? '');
  f.push(d.contractMonth, d.industry, d.category, d.subcategory, d.timeZoneId, d.tradingHours, d.liquidHours);
  f.push('', ''); // evRule, evMultiplier
  f.push(d.secIdList.length);
  for (const s of d.secIdList) f.push(s.tag, s.value);
  f.push(d.aggGroup, d.underSymbol, d.underSecType, d.marketRuleIds, d.realExpirationDate, d.stockType);
  if (sv >= SV.FRACTIONAL_SIZE_SUPPORT && sv < SV.SIZE_RULES) f.push(d.minSize);
  if (sv >= SV.SIZE_RULES) f.push(d.minSize, d.sizeIncrement, d.suggestedSizeIncrement);
  // FUND fields (179+) only exist for secType FUND, which the catalogue does not hold.
  if (sv >= SV.INELIGIBILITY_REASONS) f.push(0);
  return joinFields(f);
}

export function encodeContractDataEnd(reqId: number): string {
  return joinFields([OUT.CONTRACT_DATA_END, 1, reqId]);
}

export interface WireSymbolSample {
  contract: WireContract;
  derivativeSecTypes: readonly string[];
  description: string;
}

export function encodeSymbolSamples(sv: number, reqId: number, samples: readonly WireSymbolSample[]): string {
  const f: Field[] = [OUT.SYMBOL_SAMPLES, reqId, samples.length];
  for (const s of samples) {
    f.push(s.contract.conId ?? 0, s.contract.symbol, s.contract.secType, s.contract.primaryExch ?? '', s.contract.currency);
    f.push(s.derivativeSecTypes.length, ...s.derivativeSecTypes);
    if (sv >= SV.BOND_ISSUERID) f.push(s.description, '');
  }
  return joinFields(f);
}

/**
 * Reference-data answers: marketRule (93), mktDepthExchanges (80), smartComponents (82), familyCodes (78),
 * softDollarTiers (77), newsProviders (85), userInfo (107), displayGroupList (67), displayGroupUpdated (68).
 * Only mktDepthExchanges depends on the version in 157..193, and only from 143 (SERVICE_DATA_TYPE), below the range:
 * every version spoken here sends its five-field rows.
 */
import { joinFields, type Field } from '../fields.js';
import { OUT } from '../messageIds.js';

export interface PriceIncrement {
  lowEdge: number;
  increment: number;
}

export function encodeMarketRule(marketRuleId: number, increments: readonly PriceIncrement[]): string {
  const fields: Field[] = [OUT.MARKET_RULE, marketRuleId, increments.length];
  for (const p of increments) fields.push(p.lowEdge, p.increment);
  return joinFields(fields);
}

export interface DepthExchange {
  exchange: string;
  secType: string;
  listingExch: string;
  /** "Deep" or "Deep2". */
  serviceDataType: string;
  aggGroup: number;
}

export function encodeMktDepthExchanges(exchanges: readonly DepthExchange[]): string {
  const fields: Field[] = [OUT.MKT_DEPTH_EXCHANGES, exchanges.length];
  for (const e of exchanges) fields.push(e.exchange, e.secType, e.listingExch, e.serviceDataType, e.aggGroup);
  return joinFields(fields);
}

export interface SmartComponent {
  bitNumber: number;
  exchange: string;
  /** The one-letter code the exchange has in tick data. */
  exchangeLetter: string;
}

export function encodeSmartComponents(reqId: number, components: readonly SmartComponent[]): string {
  const fields: Field[] = [OUT.SMART_COMPONENTS, reqId, components.length];
  for (const c of components) fields.push(c.bitNumber, c.exchange, c.exchangeLetter);
  return joinFields(fields);
}

export function encodeFamilyCodes(codes: readonly { accountId: string; familyCode: string }[]): string {
  const fields: Field[] = [OUT.FAMILY_CODES, codes.length];
  for (const c of codes) fields.push(c.accountId, c.familyCode);
  return joinFields(fields);
}

export function encodeSoftDollarTiers(reqId: number, tiers: readonly { name: string; value: string; displayName: string }[]): string {
  const fields: Field[] = [OUT.SOFT_DOLLAR_TIERS, reqId, tiers.length];
  for (const t of tiers) fields.push(t.name, t.value, t.displayName);
  return joinFields(fields);
}

export function encodeNewsProviders(providers: readonly { code: string; name: string }[]): string {
  const fields: Field[] = [OUT.NEWS_PROVIDERS, providers.length];
  for (const p of providers) fields.push(p.code, p.name);
  return joinFields(fields);
}

export function encodeUserInfo(reqId: number, whiteBrandingId: string): string {
  return joinFields([OUT.USER_INFO, reqId, whiteBrandingId]);
}

/** The group ids joined with "|", e.g. "1|2|3|4|5|6|7". */
export function encodeDisplayGroupList(reqId: number, groups: readonly number[]): string {
  return joinFields([OUT.DISPLAY_GROUP_LIST, 1, reqId, groups.join('|')]);
}

/** contractInfo: "none" for an empty group, else "conId@exchange". */
export function encodeDisplayGroupUpdated(reqId: number, contractInfo: string): string {
  return joinFields([OUT.DISPLAY_GROUP_UPDATED, 1, reqId, contractInfo]);
}

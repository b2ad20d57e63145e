/**
 * Reference data a client asks for once, often right after connecting: market rules (price increments), the SMART
 * components behind a BBO exchange code, depth venues, family codes, soft-dollar tiers, news providers, user info,
 * and the silent requests (news bulletins, server log level) that TWS accepts without an answer.
 *
 * Market rules are derived from the catalogue: every instrument names its rule per valid exchange, and its minimum
 * tick is the increment. The simulated instruments have one tick size each, so each rule has one price band
 * (real TWS rules can have several, e.g. US options at 0.01 below $3 and 0.05 above). A rule id that no instrument
 * uses gets no answer.
 */
import type { Market } from './market/types.js';
import { IN } from './protocol/messageIds.js';
import {
  encodeFamilyCodes,
  encodeMarketRule,
  encodeMktDepthExchanges,
  encodeNewsProviders,
  encodeSmartComponents,
  encodeSoftDollarTiers,
  encodeUserInfo,
  type PriceIncrement,
  type SmartComponent,
} from './protocol/encoders/referenceData.js';
import type { RequestHandler } from './session.js';

/** The BBO exchange code tickReqParams carries for every instrument (see session-market-data.ts). */
export const SMART_BBO_EXCHANGE = '9c0001';

/**
 * The lit US venues SMART routes stock orders to, with the participant letters of the consolidated tape. The
 * letters are the real ones; TWS's bit numbers are its own, so these are numbered in order.
 */
const US_SMART_COMPONENTS: readonly SmartComponent[] = (
  [
    ['NYSE', 'N'], ['ARCA', 'P'], ['AMEX', 'A'], ['NASDAQ', 'Q'], ['BEX', 'B'], ['PSX', 'X'], ['BATS', 'Z'], ['BYX', 'Y'],
    ['EDGEA', 'J'], ['EDGX', 'K'], ['IEX', 'V'], ['CHX', 'M'], ['NYSENAT', 'C'], ['LTSE', 'L'], ['MEMX', 'U'], ['PEARL', 'H'],
  ] as const
).map(([exchange, exchangeLetter], i) => ({ bitNumber: i + 1, exchange, exchangeLetter }));

export interface ReferenceDataContext {
  accounts(): readonly string[];
}

export function referenceDataHandlers(market: Market, ctx: ReferenceDataContext): [number, RequestHandler][] {
  return [
    [
      IN.REQ_MARKET_RULE,
      (s, r) => {
        const ruleId = r.int();
        const increments = marketRule(market, ruleId);
        if (increments) s.send(encodeMarketRule(ruleId, increments));
      },
    ],
    [
      IN.REQ_SMART_COMPONENTS,
      (s, r) => {
        const reqId = r.int();
        const bboExchange = r.str().trim();
        s.send(encodeSmartComponents(reqId, bboExchange === SMART_BBO_EXCHANGE ? US_SMART_COMPONENTS : []));
      },
    ],
    // No venue offers market depth here (reqMktDepth is refused with 10092), so the list is empty.
    [IN.REQ_MKT_DEPTH_EXCHANGES, (s) => s.send(encodeMktDepthExchanges([]))],
    // A stand-alone account belongs to no family: its code is blank.
    [IN.REQ_FAMILY_CODES, (s) => s.send(encodeFamilyCodes(ctx.accounts().map((accountId) => ({ accountId, familyCode: '' }))))],
    // Soft-dollar tiers exist for institutional accounts only.
    [IN.REQ_SOFT_DOLLAR_TIERS, (s, r) => s.send(encodeSoftDollarTiers(r.int(), []))],
    // The simulated account subscribes to no news feed.
    [IN.REQ_NEWS_PROVIDERS, (s) => s.send(encodeNewsProviders([]))],
    // IBKR's own accounts carry no white-branding id.
    [IN.REQ_USER_INFO, (s, r) => s.send(encodeUserInfo(r.int(), ''))],
    // Subscribed, but no bulletin is ever issued; TWS answers nothing until one is.
    [IN.REQ_NEWS_BULLETINS, () => undefined],
    [IN.CANCEL_NEWS_BULLETINS, () => undefined],
    // TWS changes the verbosity of its own log and answers nothing.
    [IN.SET_SERVER_LOGLEVEL, () => undefined],
  ];
}

/** The single price band of a rule: the smallest minimum tick of the instruments that name it. */
export function marketRule(market: Market, ruleId: number): PriceIncrement[] | undefined {
  let increment: number | undefined;
  const id = String(ruleId);
  for (const d of market.catalogue.all()) {
    if (!d.marketRuleIds.split(',').includes(id)) continue;
    if (increment === undefined || d.minTick < increment) increment = d.minTick;
  }
  return increment === undefined ? undefined : [{ lowEdge: 0, increment }];
}

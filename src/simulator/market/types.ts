/**
 * Public surface of the simulator's market: the instrument catalogue, the seeded price model and historical bars.
 *
 * Pure in-process logic with no knowledge of the TWS wire format. The session layer (src/simulator/session*,
 * protocol/) turns these values into TWS messages; this module never formats a frame.
 *
 * Entry point: `createMarket(options)` in ./index.ts.
 */

import type { MarketPhase, Venue } from './tradingHours.js';

/** Security types the catalogue holds. ETFs are STK with stockType "ETF", as TWS reports them. */
export type SecType = 'STK' | 'FUT' | 'CASH' | 'IND' | 'CRYPTO' | 'OPT';

/** The contract fields TWS repeats in contractDetails, openOrder, position, portfolio and execDetails. */
export interface ContractSpec {
  readonly conId: number;
  readonly symbol: string;
  readonly secType: SecType;
  /** "" for STK/CASH/IND/CRYPTO; "20260320" for a future, the expiry for an option. */
  readonly lastTradeDateOrContractMonth: string;
  /** 0 except for options. */
  readonly strike: number;
  /** "C" / "P" for options, "" otherwise. */
  readonly right: string;
  /** "" for stocks (as TWS sends it), "50" for ES, "100" for equity options. */
  readonly multiplier: string;
  /** Routing exchange: SMART for stocks/ETFs, CME, IDEALPRO, CBOE. */
  readonly exchange: string;
  /** Listing exchange: NASDAQ, NYSE, ARCA, BATS; "" where TWS leaves it empty. */
  readonly primaryExchange: string;
  readonly currency: string;
  readonly localSymbol: string;
  readonly tradingClass: string;
}

/** One security id (TWS sends secIdList as tag/value pairs, e.g. ISIN). */
export interface SecIdPair {
  readonly tag: string;
  readonly value: string;
}

/** Everything CONTRACT_DATA (msg 10) carries, in TWS's own vocabulary (tws-protocol.md §5.2). */
export interface ContractDetails {
  readonly contract: ContractSpec;
  readonly marketName: string;
  readonly minTick: number;
  readonly orderTypes: string;
  readonly validExchanges: string;
  readonly priceMagnifier: number;
  readonly underConId: number;
  readonly longName: string;
  readonly contractMonth: string;
  readonly industry: string;
  readonly category: string;
  readonly subcategory: string;
  readonly timeZoneId: string;
  /** "20250324:0400-20250324:2000;20250325:…;20250329:CLOSED", a week from the market clock's today. */
  readonly tradingHours: string;
  readonly liquidHours: string;
  readonly evRule: string;
  readonly evMultiplier: number;
  readonly secIdList: readonly SecIdPair[];
  readonly aggGroup: number;
  readonly underSymbol: string;
  readonly underSecType: string;
  readonly marketRuleIds: string;
  readonly realExpirationDate: string;
  readonly lastTradeDate: string;
  /** COMMON, ETF, or "" for non-stocks. */
  readonly stockType: string;
  readonly minSize: number;
  readonly sizeIncrement: number;
  readonly suggestedSizeIncrement: number;
}

/**
 * A lookup as a client sends it (reqContractDetails, reqMktData, placeOrder). Empty strings and undefined mean
 * "not given". conId, when given and non-zero, wins. exchange SMART or blank matches any listing.
 */
export interface ContractQuery {
  conId?: number | undefined;
  symbol?: string | undefined;
  secType?: string | undefined;
  exchange?: string | undefined;
  primaryExchange?: string | undefined;
  currency?: string | undefined;
  localSymbol?: string | undefined;
  lastTradeDateOrContractMonth?: string | undefined;
  /** Options: 0 / undefined means "any strike" (an option chain request). */
  strike?: number | undefined;
  /** Options: "C"/"CALL"/"P"/"PUT"; blank means both. */
  right?: string | undefined;
  multiplier?: string | undefined;
  tradingClass?: string | undefined;
}

/** One row of reqMatchingSymbols' answer (symbolSamples). */
export interface SymbolMatch {
  readonly contract: ContractSpec;
  /** e.g. ["OPT", "WAR", "CFD"] for a US stock. */
  readonly derivativeSecTypes: readonly string[];
  /** TWS's "description" (the long name). */
  readonly description: string;
}

/** Read-only view of the instrument catalogue. */
export interface Catalogue {
  all(): readonly ContractDetails[];
  byConId(conId: number): ContractDetails | undefined;
  /** Every instrument matching the query, TWS-style (SMART/blank exchange matches any). Empty → error 200. */
  find(query: ContractQuery): ContractDetails[];
  /** Exactly one match, or undefined when none or ambiguous. */
  resolve(query: ContractQuery): ContractDetails | undefined;
  /** reqMatchingSymbols: prefix matches on symbol first, then contains-matches on symbol and long name; at most `limit` (default 16). */
  matchingSymbols(pattern: string, limit?: number): SymbolMatch[];
}

/**
 * Live state of one instrument. `Market.quote()` returns the live, mutable-by-the-model object (no copy on the
 * hot path): read it synchronously, copy it with `{ ...q }` to keep it.
 *
 * Prices are already rounded to the instrument's minTick. Sizes are in shares/contracts/units.
 * An index (IND) has no bid/ask: `hasQuotes` is false and bid/ask/sizes stay -1/0 (TWS sends none for it).
 */
export interface Quote {
  readonly conId: number;
  readonly hasQuotes: boolean;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  last: number;
  lastSize: number;
  /** Cumulative session volume. */
  volume: number;
  high: number;
  low: number;
  open: number;
  /** Previous session's close (TWS tick CLOSE). */
  close: number;
  /** Epoch ms of the last trade (TWS LAST_TIMESTAMP is this / 1000). */
  lastTimestamp: number;
  halted: boolean;
}

/**
 * Bit flags for the fields a step changed. `Market.step()` returns their OR, so the wire layer emits only the
 * ticks that changed without any allocation.
 */
export const QuoteField = {
  BID: 1,
  ASK: 2,
  BID_SIZE: 4,
  ASK_SIZE: 8,
  LAST: 16,
  LAST_SIZE: 32,
  VOLUME: 64,
  HIGH: 128,
  LOW: 256,
  LAST_TIMESTAMP: 512,
} as const;
export type QuoteFieldMask = number;

/** Called for every quote change (from step, ticking or setPrice). Primitive args: no allocation per tick. */
export type QuoteListener = (conId: number, changed: QuoteFieldMask, quote: Readonly<Quote>) => void;

/** Ticks per second for one instrument; 0 means the instrument is not stepped. Queried every scheduling slice. */
export type TickRate = number | ((conId: number) => number);

export interface TickingOptions {
  /** Ticks per second per instrument (default 4). */
  rate?: TickRate;
  /** Instruments to drive (default: the whole catalogue). */
  conIds?: readonly number[];
  /** Scheduling slice in ms (default 10). Steps due in a slice run back-to-back in that slice. */
  intervalMs?: number;
}

export interface TickingHandle {
  stop(): void;
  /** Steps performed since start (for benchmarks). */
  readonly steps: number;
}

export type WhatToShow = 'TRADES' | 'MIDPOINT' | 'BID' | 'ASK' | 'BID_ASK';

export interface HistoryRequest {
  conId: number;
  /** "" = now; "yyyyMMdd HH:mm:ss", optionally followed by " US/Eastern" or another zone id, or "yyyyMMdd-HH:mm:ss" (UTC). */
  endDateTime?: string;
  /** "60 S", "1 D", "2 W", "6 M", "1 Y". */
  durationStr: string;
  /** "1 secs", "5 secs", "15 secs", "30 secs", "1 min", "2 mins", "3 mins", "5 mins", "15 mins", "30 mins", "1 hour", "2 hours", "4 hours", "1 day", "1 week", "1 month". */
  barSizeSetting: string;
  whatToShow: string;
  useRTH: boolean;
  /** 1 = formatted strings, 2 = epoch seconds (intraday only; daily+ bars are always yyyyMMdd like TWS). */
  formatDate: number;
}

export interface HistoricalBar {
  /** yyyyMMdd (daily and longer), "yyyyMMdd HH:mm:ss" in the instrument's zone, or epoch seconds as a string. */
  readonly time: string;
  /** Bar start, epoch ms (for tests and keepUpToDate). */
  readonly startMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** -1 for MIDPOINT/BID/ASK like TWS. */
  readonly volume: number;
  readonly wap: number;
  readonly count: number;
}

export interface HistoryResult {
  readonly ok: true;
  /** "yyyyMMdd HH:mm:ss" for msg 17's startDateStr/endDateStr. */
  readonly startDateStr: string;
  readonly endDateStr: string;
  readonly bars: readonly HistoricalBar[];
}

/** A TWS-style refusal: code 162 (HMDS error / no data / too much data), 321 (invalid request), 200 (unknown contract). */
export interface MarketError {
  readonly ok: false;
  readonly code: number;
  readonly message: string;
}

export type HistoryOutcome = HistoryResult | MarketError;

export interface MarketOptions {
  /** PRNG seed: same seed → same price paths and bars (default 1). */
  seed?: number;
  /** Clock in epoch ms (default Date.now). Used for timestamps, trading hours and history end times. */
  now?: () => number;
  /** Adds this many synthetic stocks (SIM001…, conIds 900000001…) for load tests; default 0. */
  syntheticInstruments?: number;
}

/**
 * The market: catalogue + price model + history. Prices move only when something steps them:
 * - push: `startTicking()` schedules steps with timers at a per-instrument rate (demo mode, benchmarks);
 * - pull: `step(conId)` / `stepAll(n)` step synchronously (tests, or a session layer that drives its own timers);
 * - direct: `setPrice()` moves an instrument to a price (tests, fault scenarios).
 * Every change is reported to `onChange` listeners (the broker matches resting orders there).
 */
export interface Market {
  readonly catalogue: Catalogue;
  readonly seed: number;
  now(): number;
  /** Regular, extended (pre-/after-market) or closed, at the market clock's instant, for this instrument's venue. */
  phase(conId: number): MarketPhase;
  /** Where the instrument trades (its hours and order rules); undefined for an unknown conId. */
  venue(conId: number): Venue | undefined;
  /** Contract details with trading hours computed for the market clock's current week. */
  contractDetails(conId: number): ContractDetails | undefined;
  /** Live quote by conId or symbol (symbol: the first catalogue match, e.g. "AAPL", "EUR", "ES"). */
  quote(ref: number | string): Readonly<Quote> | undefined;
  /** A mark price for valuation: mid of bid/ask when quoted, else last. */
  markPrice(conId: number): number;
  /** Move an instrument: last = price (rounded to minTick), bid/ask around it, high/low follow. Fires listeners. */
  setPrice(ref: number | string, price: number): void;
  /** One model step for one instrument; returns the changed-field mask (0 = nothing / unknown conId). Fires listeners when non-zero. */
  step(conId: number): QuoteFieldMask;
  /** Step every instrument `times` times (default 1), in catalogue order. */
  stepAll(times?: number): void;
  onChange(listener: QuoteListener): () => void;
  startTicking(options?: TickingOptions): TickingHandle;
  history(request: HistoryRequest): HistoryOutcome;
  /** reqHeadTimestamp: the earliest bar available, formatted like history (formatDate 1 or 2). */
  headTimestamp(conId: number, whatToShow: string, useRTH: boolean, formatDate: number): string | undefined;
}

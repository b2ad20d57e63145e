/**
 * Listed index futures, generated from the market clock's date: the next quarterly contracts of each chain
 * (third Fridays of March, June, September, December), so the front month rolls as the simulated date moves and
 * no listed future is ever expired. conIds are derived from the expiry, so a contract keeps its conId across runs
 * and clocks; contracts whose real IBKR conId is known (clients hard-code them) use that one.
 */
import { monthCode, monthYear, nextQuarterlyExpiries } from './expiryCalendar.js';
import type { InstrumentSeed } from './instruments.js';

interface FutureChainSpec {
  /** TWS's symbol (the underlying's): "ES", "ESTX50", "DAX". */
  symbol: string;
  tradingClass: string;
  exchange: string;
  currency: string;
  multiplier: string;
  underConId: number;
  longName: string;
  /** Quarterly contracts listed at once. */
  listed: number;
  /** The front contract's price level; later ones add a little carry per quarter. */
  basePrice: number;
  carryPerQuarter: number;
  dailyVolume: number;
  volatility: number;
  /** Base of the derived conIds (chains must not overlap: each takes 10,000). */
  conIdBase: number;
  localSymbol: (expiry: string) => string;
}

export const FUTURE_CHAINS: readonly FutureChainSpec[] = [
  {
    symbol: 'ES', tradingClass: 'ES', exchange: 'CME', currency: 'USD', multiplier: '50', underConId: 11004968, longName: 'E-mini S&P 500',
    listed: 4, basePrice: 5780.25, carryPerQuarter: 32.25, dailyVolume: 1_500_000, volatility: 0.16, conIdBase: 1_950_000_000,
    localSymbol: (e) => `ES${monthCode(e)}`,
  },
  {
    symbol: 'ESTX50', tradingClass: 'FESX', exchange: 'EUREX', currency: 'EUR', multiplier: '10', underConId: 4356500,
    longName: 'EURO STOXX 50 Index Futures', listed: 3, basePrice: 4968, carryPerQuarter: 9, dailyVolume: 900_000, volatility: 0.17,
    conIdBase: 1_950_010_000, localSymbol: (e) => `FESX ${monthYear(e)}`,
  },
  {
    symbol: 'DAX', tradingClass: 'FDAX', exchange: 'EUREX', currency: 'EUR', multiplier: '25', underConId: 825711,
    longName: 'DAX Index Futures', listed: 3, basePrice: 19_310, carryPerQuarter: 55, dailyVolume: 100_000, volatility: 0.18,
    conIdBase: 1_950_020_000, localSymbol: (e) => `FDAX ${monthYear(e)}`,
  },
];

/** Real IBKR conIds, by local symbol. */
const KNOWN_CON_IDS: Readonly<Record<string, number>> = {
  ESH6: 637533641,
  ESZ6: 495512563,
};

function conIdOf(spec: FutureChainSpec, expiry: string, localSymbol: string): number {
  const known = KNOWN_CON_IDS[localSymbol];
  if (known !== undefined) return known;
  // Year × 12 + month, modulo the chain's 10,000 ids: unique for over eight centuries.
  return spec.conIdBase + ((Number(expiry.slice(0, 4)) * 12 + Number(expiry.slice(4, 6))) % 10_000);
}

/** The listed contracts of one chain (front month first), or of every chain. */
export function futureSeeds(nowMs: number, chains: readonly FutureChainSpec[] = FUTURE_CHAINS): InstrumentSeed[] {
  const seeds: InstrumentSeed[] = [];
  for (const spec of chains) {
    nextQuarterlyExpiries(nowMs, spec.listed).forEach((expiry, i) => {
      const localSymbol = spec.localSymbol(expiry);
      seeds.push({
        conId: conIdOf(spec, expiry, localSymbol), symbol: spec.symbol, secType: 'FUT', primaryExchange: spec.exchange,
        longName: spec.longName, industry: '', category: '', subcategory: '', isin: '',
        basePrice: Math.round((spec.basePrice + i * spec.carryPerQuarter) * 4) / 4, dailyVolume: spec.dailyVolume,
        volatility: spec.volatility, historyStart: `${Number(expiry.slice(0, 4)) - 2}${expiry.slice(4)}`, expiry, localSymbol, multiplier: spec.multiplier,
        underConId: spec.underConId, currency: spec.currency, tradingClass: spec.tradingClass,
      });
    });
  }
  return seeds;
}

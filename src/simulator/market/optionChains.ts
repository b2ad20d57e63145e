/**
 * Listed option chains, generated rather than tabled: for each underlying, the next few monthly expiries (third
 * Fridays from the market clock's date) plus long-dated LEAPS (Decembers one and two years ahead), with calls and
 * puts on a strike grid around the underlying's price. IBKR lists SPY LEAPS strikes every 5 points over a wide
 * range, so a chain request for one LEAPS expiry returns a hundred or more contracts, as real TWS does.
 *
 * conIds are derived from (expiry, right, strike), so the same contract keeps its conId across runs and
 * clocks; contracts whose real IBKR conId is known (clients hard-code them) use that one.
 */
import { leapsExpiries, monthYear, nextMonthlyExpiries } from './expiryCalendar.js';
import type { InstrumentSeed } from './instruments.js';

interface ChainSpec {
  underlying: string;
  underConId: number;
  /** Where the chain is listed (SMART for US equity options, EUREX for European index options) and its currency. */
  exchange: string;
  currency: string;
  multiplier: string;
  tradingClass: string;
  /** Base of the derived conIds (must not overlap another chain: ranges are 300,000,000 wide). */
  conIdBase: number;
  longName: string;
  /** Monthly expiries to list from the clock's date. */
  monthlies: number;
  /** Strikes of the monthlies: from..to every step (around the underlying's price). */
  monthlyStrikes: readonly [number, number, number];
  /** LEAPS: Decembers this many years after the clock's year, and their strike grid. */
  leapsYears: readonly number[];
  leapsStrikes: readonly [number, number, number];
  /** Strike resolution of the derived conIds (0.1 for equity options, whole points for index options). */
  strikeUnit: number;
  /** OCC symbology for US options; IBKR's "C OESX MAR 26  5000" style for EUREX. */
  localSymbol: (expiry: string, right: 'C' | 'P', strike: number) => string;
}

/** "SPY   281215C00750000": root padded to 6, yyMMdd, right, strike × 1000 in 8 digits (OCC symbology). */
export function occSymbol(root: string, expiry: string, right: 'C' | 'P', strike: number): string {
  return `${root.padEnd(6, ' ')}${expiry.slice(2)}${right}${String(Math.round(strike * 1000)).padStart(8, '0')}`;
}

/** "C OESX MAR 26  5000": how IBKR names EUREX options (right, class, month, year, strike). */
export function eurexOptionSymbol(tradingClass: string, expiry: string, right: 'C' | 'P', strike: number): string {
  return `${right} ${tradingClass.padEnd(4, ' ')} ${monthYear(expiry)}  ${strike}`;
}

export const OPTION_CHAINS: readonly ChainSpec[] = [
  {
    underlying: 'SPY', underConId: 756733, exchange: 'SMART', currency: 'USD', multiplier: '100', tradingClass: 'SPY',
    conIdBase: 1_000_000_000, longName: 'SPDR S&P 500 ETF TRUST', monthlies: 3, monthlyStrikes: [480, 670, 5], leapsYears: [1, 2],
    leapsStrikes: [400, 1000, 5], strikeUnit: 0.1, localSymbol: (e, r, k) => occSymbol('SPY', e, r, k),
  },
  {
    underlying: 'ESTX50', underConId: 4356500, exchange: 'EUREX', currency: 'EUR', multiplier: '10', tradingClass: 'OESX',
    conIdBase: 1_300_000_000, longName: 'EURO STOXX 50 Index Options', monthlies: 3, monthlyStrikes: [4500, 5450, 50], leapsYears: [],
    leapsStrikes: [0, 0, 1], strikeUnit: 1, localSymbol: (e, r, k) => eurexOptionSymbol('OESX', e, r, k),
  },
  {
    underlying: 'DAX', underConId: 825711, exchange: 'EUREX', currency: 'EUR', multiplier: '5', tradingClass: 'ODAX',
    conIdBase: 1_600_000_000, longName: 'DAX Index Options', monthlies: 2, monthlyStrikes: [17_500, 21_000, 100], leapsYears: [],
    leapsStrikes: [0, 0, 1], strikeUnit: 1, localSymbol: (e, r, k) => eurexOptionSymbol('ODAX', e, r, k),
  },
];

/** Real IBKR conIds, by local symbol. */
const KNOWN_CON_IDS: Record<string, number> = {
  'SPY   281215C00750000': 843630132,
};

const DAY_MS = 86_400_000;
const EPOCH_2020 = Date.UTC(2020, 0, 1);

function grid([from, to, step]: readonly [number, number, number]): number[] {
  const out: number[] = [];
  for (let k = from; k <= to + 1e-9; k += step) out.push(Math.round(k * 100) / 100);
  return out;
}

function conIdOf(spec: ChainSpec, expiry: string, right: 'C' | 'P', strike: number, localSymbol: string): number {
  const known = KNOWN_CON_IDS[localSymbol];
  if (known !== undefined) return known;
  const day = Math.round((Date.UTC(+expiry.slice(0, 4), +expiry.slice(4, 6) - 1, +expiry.slice(6, 8)) - EPOCH_2020) / DAY_MS);
  // 2,999 days × (2 rights × 50,000 strike slots) fits in 300,000,000.
  const slot = Math.round(strike / spec.strikeUnit);
  return spec.conIdBase + (day % 2_999) * 100_000 + (right === 'P' ? 50_000 : 0) + slot;
}

/** Every listed option of every chain, as catalogue seeds (price fields are filled in by the option model). */
export function optionSeeds(nowMs: number, chains: readonly ChainSpec[] = OPTION_CHAINS): InstrumentSeed[] {
  const seeds: InstrumentSeed[] = [];
  for (const spec of chains) {
    const expiries = [
      ...nextMonthlyExpiries(nowMs, spec.monthlies).map((e) => ({ e, strikes: grid(spec.monthlyStrikes) })),
      ...leapsExpiries(nowMs, spec.leapsYears).map((e) => ({ e, strikes: grid(spec.leapsStrikes) })),
    ];
    for (const { e, strikes } of expiries) {
      for (const right of ['C', 'P'] as const) {
        for (const strike of strikes) {
          const localSymbol = spec.localSymbol(e, right, strike);
          seeds.push({
            conId: conIdOf(spec, e, right, strike, localSymbol), symbol: spec.underlying, secType: 'OPT', primaryExchange: spec.exchange,
            longName: spec.longName, industry: '', category: '', subcategory: '', isin: '', basePrice: 0, dailyVolume: 2_000,
            volatility: 0, historyStart: '20230103', expiry: e, localSymbol, multiplier: spec.multiplier, underConId: spec.underConId,
            strike, right, currency: spec.currency, tradingClass: spec.tradingClass,
          });
        }
      }
    }
  }
  return seeds;
}

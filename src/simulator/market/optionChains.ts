/**
 * Listed option chains, generated rather than tabled: for each underlying, the next few monthly expiries (third
 * Fridays after the market clock's date at start-up) plus fixed long-dated LEAPS, with calls and puts on a strike
 * grid around the underlying's price. IBKR lists SPY LEAPS strikes every 5 points over a wide range, so a
 * chain request for one LEAPS expiry returns a hundred or more contracts, as real TWS does.
 *
 * conIds are derived from (expiry, right, strike), so the same contract keeps its conId across runs and
 * clocks; contracts whose real IBKR conId is known (clients hard-code them) use that one.
 */
import { easternToUtc, toEastern } from './easternTime.js';
import type { InstrumentSeed } from './instruments.js';

interface ChainSpec {
  underlying: string;
  underConId: number;
  /** Base of the derived conIds (must not overlap another chain: ranges are 300,000,000 wide). */
  conIdBase: number;
  longName: string;
  /** Monthly expiries to list from the clock's date. */
  monthlies: number;
  /** Strikes of the monthlies: from..to every step (around the underlying's price). */
  monthlyStrikes: readonly [number, number, number];
  /** Long-dated expiries (yyyyMMdd) and their strike grid. */
  leaps: readonly string[];
  leapsStrikes: readonly [number, number, number];
}

export const OPTION_CHAINS: readonly ChainSpec[] = [
  {
    underlying: 'SPY', underConId: 756733, conIdBase: 1_000_000_000, longName: 'SPDR S&P 500 ETF TRUST', monthlies: 3,
    monthlyStrikes: [480, 670, 5], leaps: ['20281215'], leapsStrikes: [400, 1000, 5],
  },
];

/** Real IBKR conIds, by OCC symbol. */
const KNOWN_CON_IDS: Record<string, number> = {
  'SPY   281215C00750000': 843630132,
};

const DAY_MS = 86_400_000;
const EPOCH_2020 = Date.UTC(2020, 0, 1);

/** "SPY   281215C00750000": root padded to 6, yyMMdd, right, strike × 1000 in 8 digits (OCC symbology). */
export function occSymbol(root: string, expiry: string, right: 'C' | 'P', strike: number): string {
  return `${root.padEnd(6, ' ')}${expiry.slice(2)}${right}${String(Math.round(strike * 1000)).padStart(8, '0')}`;
}

/** The third Fridays of the `count` months starting with the month of `nowMs` that are still ahead of it. */
export function nextMonthlyExpiries(nowMs: number, count: number): string[] {
  const today = toEastern(nowMs);
  const todayKey = today.year * 10_000 + today.month * 100 + today.day;
  const out: string[] = [];
  for (let m = 0; out.length < count && m < count + 2; m++) {
    const first = toEastern(easternToUtc(today.year, today.month - 1 + m, 1, 12));
    const firstFriday = 1 + ((5 - first.weekday + 7) % 7);
    const key = first.year * 10_000 + first.month * 100 + firstFriday + 14;
    if (key > todayKey) out.push(String(key));
  }
  return out;
}

function grid([from, to, step]: readonly [number, number, number]): number[] {
  const out: number[] = [];
  for (let k = from; k <= to + 1e-9; k += step) out.push(Math.round(k * 100) / 100);
  return out;
}

function conIdOf(spec: ChainSpec, expiry: string, right: 'C' | 'P', strike: number): number {
  const known = KNOWN_CON_IDS[occSymbol(spec.underlying, expiry, right, strike)];
  if (known !== undefined) return known;
  const day = Math.round((Date.UTC(+expiry.slice(0, 4), +expiry.slice(4, 6) - 1, +expiry.slice(6, 8)) - EPOCH_2020) / DAY_MS);
  // 2,999 days × (2 rights × 50,000 tenth-strikes) fits in 300,000,000.
  return spec.conIdBase + (day % 2_999) * 100_000 + (right === 'P' ? 50_000 : 0) + Math.round(strike * 10);
}

/** Every listed option of every chain, as catalogue seeds (price fields are filled in by the option model). */
export function optionSeeds(nowMs: number, chains: readonly ChainSpec[] = OPTION_CHAINS): InstrumentSeed[] {
  const seeds: InstrumentSeed[] = [];
  for (const spec of chains) {
    const expiries = [
      ...nextMonthlyExpiries(nowMs, spec.monthlies).map((e) => ({ e, strikes: grid(spec.monthlyStrikes) })),
      ...spec.leaps.map((e) => ({ e, strikes: grid(spec.leapsStrikes) })),
    ];
    for (const { e, strikes } of expiries) {
      for (const right of ['C', 'P'] as const) {
        for (const strike of strikes) {
          seeds.push({
            conId: conIdOf(spec, e, right, strike), symbol: spec.underlying, secType: 'OPT', primaryExchange: 'SMART',
            longName: spec.longName, industry: '', category: '', subcategory: '', isin: '', basePrice: 0,
            dailyVolume: 2_000, volatility: 0, historyStart: '20230103', expiry: e, localSymbol: occSymbol(spec.underlying, e, right, strike),
            multiplier: '100', underConId: spec.underConId, strike, right,
          });
        }
      }
    }
  }
  return seeds;
}

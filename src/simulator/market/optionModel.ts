/**
 * An option's quote, derived from its underlying rather than walked on its own: Black-Scholes value of the
 * underlying's current mark (a simple volatility smile, fixed rate), bid/ask a few ticks around it, and now and
 * then a trade at the touch. So options move with their underlying, calls and puts stay on the right side of
 * intrinsic value, and an expired option is worth exactly its intrinsic value.
 *
 * `setPrice` keeps the difference to the model value as a bias, so a test can move an option without it jumping
 * back on the next step. Like InstrumentModel, `step()` allocates nothing.
 */
import { Random, mixSeed } from './random.js';
import { QuoteField } from './types.js';
import { widenSessionExtremes } from './sessionExtremes.js';
import type { Quote, QuoteFieldMask } from './types.js';

const Q = QuoteField;
const YEAR_MS = 365 * 86_400_000;
const RATE = 0.04;
const clean = (x: number): number => Math.round(x * 1e8) / 1e8;

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf; error < 1.5e-7, plenty for prices). */
export function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface OptionParams {
  conId: number;
  strike: number;
  right: 'C' | 'P';
  /** Expiry, epoch ms (16:00 Eastern of the last trading day). */
  expiryMs: number;
  /** The underlying's annualised volatility; the smile adds to it away from the money. */
  volatility: number;
  minTick: number;
}

/** Black-Scholes value and delta at spot `s`; at or after expiry, intrinsic value and a 0/±1 delta. */
export function blackScholes(s: number, k: number, years: number, sigma: number, right: 'C' | 'P'): { value: number; delta: number } {
  if (years <= 0 || sigma <= 0) {
    const itm = right === 'C' ? s > k : s < k;
    return { value: Math.max(0, right === 'C' ? s - k : k - s), delta: itm ? (right === 'C' ? 1 : -1) : 0 };
  }
  const sq = sigma * Math.sqrt(years);
  const d1 = (Math.log(s / k) + (RATE + (sigma * sigma) / 2) * years) / sq;
  const d2 = d1 - sq;
  const disc = k * Math.exp(-RATE * years);
  if (right === 'C') return { value: s * normCdf(d1) - disc * normCdf(d2), delta: normCdf(d1) };
  return { value: disc * normCdf(-d2) - s * normCdf(-d1), delta: normCdf(d1) - 1 };
}

export class OptionModel {
  readonly quote: Quote;
  readonly minTick: number;
  /** Contracts per displayed lot. */
  readonly lot = 1;
  private readonly rng: Random;
  private bias = 0;
  private lastDelta = 0;

  constructor(
    private readonly params: OptionParams,
    private readonly underlyingMark: () => number,
    seed: number,
    private readonly now: () => number,
  ) {
    this.minTick = params.minTick;
    this.rng = new Random(mixSeed(seed, params.conId));
    const theo = this.theoretical();
    const close = this.round(theo);
    this.quote = {
      conId: params.conId, hasQuotes: true, bid: -1, ask: -1, bidSize: 0, askSize: 0, last: close, lastSize: 1,
      volume: this.rng.int(0, 400), high: close, low: close, open: close, close, lastTimestamp: now(), halted: false,
    };
    this.requote(theo);
  }

  /** Annualised volatility of the option's own price (its elasticity × the underlying's): for historical bars. */
  priceVolatility(): number {
    const v = Math.max(this.quote.last, this.minTick);
    return Math.min(3, this.sigma() * Math.max(0.05, Math.abs(this.lastDelta) * (this.underlyingMark() / v)));
  }

  step(): QuoteFieldMask {
    const q = this.quote;
    if (q.halted) return 0;
    let mask = this.requote(this.theoretical());
    // A trade at the touch on about a fifth of the steps: options trade far less often than their underlying.
    if (this.rng.next() < 0.2) {
      q.last = this.rng.next() < 0.5 ? q.bid : q.ask;
      q.lastSize = this.rng.int(1, 20);
      q.volume += q.lastSize;
      q.lastTimestamp = this.now();
      mask |= Q.LAST | Q.LAST_SIZE | Q.VOLUME | Q.LAST_TIMESTAMP;
      mask |= widenSessionExtremes(q);
    }
    return mask;
  }

  setPrice(price: number): QuoteFieldMask {
    const q = this.quote;
    this.bias = price - this.theoretical(false);
    q.last = this.round(price);
    q.lastSize = 1;
    q.volume += 1;
    q.lastTimestamp = this.now();
    return Q.LAST | Q.LAST_SIZE | Q.VOLUME | Q.LAST_TIMESTAMP | this.requote(this.theoretical()) | widenSessionExtremes(q);
  }

  halfSpread(): number {
    return (this.quote.ask - this.quote.bid) / 2;
  }

  private sigma(): number {
    // A mild smile: volatility rises away from the money.
    const m = Math.log(this.params.strike / Math.max(this.underlyingMark(), 1e-9));
    return this.params.volatility * (1 + 0.8 * m * m) + 0.02;
  }

  private theoretical(withBias = true): number {
    const years = (this.params.expiryMs - this.now()) / YEAR_MS;
    const bs = blackScholes(this.underlyingMark(), this.params.strike, years, this.sigma(), this.params.right);
    this.lastDelta = bs.delta;
    return Math.max(this.minTick, bs.value + (withBias ? this.bias : 0));
  }

  private round(x: number): number {
    return clean(Math.max(1, Math.round(x / this.minTick)) * this.minTick);
  }

  /** Bid/ask around `theo`: about 1 % wide, at least one tick on each side; fresh sizes when a side moves. */
  private requote(theo: number): QuoteFieldMask {
    const q = this.quote;
    const half = Math.min(50, Math.max(1, Math.round((theo * 0.005) / this.minTick)));
    const mid = Math.round(theo / this.minTick);
    const bid = clean(Math.max(0, mid - half) * this.minTick);
    const ask = clean((mid + half) * this.minTick);
    let mask = 0;
    if (bid !== q.bid) {
      q.bid = bid;
      q.bidSize = this.rng.int(1, 50) * 10;
      mask |= Q.BID | Q.BID_SIZE;
    }
    if (ask !== q.ask) {
      q.ask = ask;
      q.askSize = this.rng.int(1, 50) * 10;
      mask |= Q.ASK | Q.ASK_SIZE;
    }
    return mask;
  }
}

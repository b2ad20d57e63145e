/**
 * The per-instrument price model: a seeded random walk in whole ticks (so prices always respect minTick and never
 * drift by float error), a bid/ask spread of a few ticks, displayed sizes, trades at the touch, cumulative volume
 * and session high/low/open/close.
 *
 * Hot path: `step()` mutates numbers in place and returns a bit mask of what changed; it allocates nothing.
 */
import { Random, mixSeed } from './random.js';
import { QuoteField } from './types.js';
import { widenSessionExtremes } from './sessionExtremes.js';
import type { Quote, QuoteFieldMask, SecType } from './types.js';

export interface ModelParams {
  conId: number;
  secType: SecType;
  minTick: number;
  basePrice: number;
  dailyVolume: number;
  volatility: number;
}

/** Steps per trading day the volatility is scaled to: one step ≈ one second of a 6.5 h session. */
const STEPS_PER_DAY = 23_400;
/** Pull towards the anchor per step, as a fraction of the distance: keeps a long demo near realistic levels. */
const MEAN_REVERSION = 0.0005;

/** Rounds to 8 decimals without allocating (removes 0.1+0.2 style noise from ticks × minTick). */
const clean = (x: number): number => Math.round(x * 1e8) / 1e8;

const Q = QuoteField;

export class InstrumentModel {
  readonly quote: Quote;
  readonly minTick: number;
  /** Shares per displayed lot: sizes are multiples of it. */
  readonly lot: number;
  private readonly maxLots: number;
  private readonly maxSpread: number;
  private readonly sigmaTicks: number;
  private readonly rng: Random;
  private bidTicks = 0;
  private askTicks = 0;
  private lastTicks = 0;
  private anchorTicks: number;

  constructor(
    params: ModelParams,
    seed: number,
    private readonly now: () => number,
  ) {
    this.rng = new Random(mixSeed(seed, params.conId));
    this.minTick = params.minTick;
    const hasQuotes = params.secType !== 'IND';
    // Crypto trades in fractions of a coin: quotes show sizes in hundredths.
    this.lot = params.secType === 'STK' ? 100 : params.secType === 'CASH' ? 100_000 : params.secType === 'CRYPTO' ? 0.01 : 1;
    this.maxLots = params.secType === 'FUT' ? 60 : params.secType === 'CASH' ? 50 : 30;
    this.maxSpread = params.secType === 'STK' && params.basePrice > 300 ? 4 : 2;
    this.anchorTicks = Math.round(params.basePrice / params.minTick);
    // Quote moves happen on ~45 % of steps; scale so the per-step variance matches the annual volatility.
    this.sigmaTicks = (params.basePrice * params.volatility) / Math.sqrt(252 * STEPS_PER_DAY) / params.minTick / Math.sqrt(0.45);
    const close = this.price(this.anchorTicks);
    this.quote = {
      conId: params.conId, hasQuotes, bid: -1, ask: -1, bidSize: 0, askSize: 0, last: close, lastSize: 0, volume: 0,
      high: close, low: close, open: close, close, lastTimestamp: now(), halted: false,
    };
    // Open with a small gap from the previous close, mid-session volume, and the quote around it.
    const gap = Math.round(this.rng.normal() * this.sigmaTicks * 20);
    this.lastTicks = this.anchorTicks + gap;
    this.anchorTicks = this.lastTicks;
    this.bidTicks = this.lastTicks - 1;
    this.askTicks = this.lastTicks + 1;
    const q = this.quote;
    q.open = q.last = q.high = q.low = this.price(this.lastTicks);
    q.volume = hasQuotes ? clean(Math.round((params.dailyVolume * 0.3) / this.lot) * this.lot) : 0;
    q.lastSize = hasQuotes ? this.lot : 0;
    if (hasQuotes) {
      q.bid = this.price(this.bidTicks);
      q.ask = this.price(this.askTicks);
      q.bidSize = clean(this.lot * this.rng.int(1, this.maxLots));
      q.askSize = clean(this.lot * this.rng.int(1, this.maxLots));
    }
  }

  private price(ticks: number): number {
    return clean(ticks * this.minTick);
  }

  /** One random market event; returns the changed-field mask. */
  step(): QuoteFieldMask {
    const q = this.quote;
    if (q.halted) return 0;
    const rng = this.rng;
    if (!q.hasQuotes) {
      // An index only has a last value, recomputed continuously.
      const delta = Math.round(rng.normal() * this.sigmaTicks * 0.67 - MEAN_REVERSION * (this.lastTicks - this.anchorTicks));
      if (delta === 0) return 0;
      this.lastTicks = Math.max(1, this.lastTicks + delta);
      q.last = this.price(this.lastTicks);
      q.lastTimestamp = this.now();
      return Q.LAST | Q.LAST_TIMESTAMP | this.extremes();
    }
    const r = rng.next();
    if (r < 0.45) {
      const mid = (this.bidTicks + this.askTicks) / 2;
      const delta = Math.round(rng.normal() * this.sigmaTicks - MEAN_REVERSION * (mid - this.anchorTicks));
      if (delta !== 0 && this.bidTicks + delta >= 1) {
        this.bidTicks += delta;
        this.askTicks += delta;
        q.bid = this.price(this.bidTicks);
        q.ask = this.price(this.askTicks);
        // A new price level shows fresh depth.
        q.bidSize = clean(this.lot * rng.int(1, this.maxLots));
        q.askSize = clean(this.lot * rng.int(1, this.maxLots));
        return Q.BID | Q.ASK | Q.BID_SIZE | Q.ASK_SIZE;
      }
      return this.resize(rng.next() < 0.5);
    }
    if (r < 0.55) {
      // The spread breathes between one tick and maxSpread ticks, on one side at a time.
      const widen = this.askTicks - this.bidTicks < this.maxSpread && rng.next() < 0.5;
      const bidSide = rng.next() < 0.5;
      if (widen) {
        if (bidSide && this.bidTicks > 1) {
          this.bidTicks--;
          q.bid = this.price(this.bidTicks);
          return Q.BID;
        }
        this.askTicks++;
        q.ask = this.price(this.askTicks);
        return Q.ASK;
      }
      if (this.askTicks - this.bidTicks > 1) {
        if (bidSide) {
          this.bidTicks++;
          q.bid = this.price(this.bidTicks);
          return Q.BID;
        }
        this.askTicks--;
        q.ask = this.price(this.askTicks);
        return Q.ASK;
      }
      return this.resize(bidSide);
    }
    if (r < 0.75) return this.resize(rng.next() < 0.5);
    // A trade at the touch: buyers lift the ask, sellers hit the bid.
    const buy = rng.next() < 0.5;
    this.lastTicks = buy ? this.askTicks : this.bidTicks;
    const size = clean(this.lot * rng.int(1, Math.max(1, this.maxLots >> 2)));
    q.last = this.price(this.lastTicks);
    q.lastSize = size;
    q.volume = clean(q.volume + size);
    q.lastTimestamp = this.now();
    return Q.LAST | Q.LAST_SIZE | Q.VOLUME | Q.LAST_TIMESTAMP | this.extremes();
  }

  private resize(bidSide: boolean): QuoteFieldMask {
    const size = clean(this.lot * this.rng.int(1, this.maxLots));
    if (bidSide) {
      if (this.quote.bidSize === size) return 0;
      this.quote.bidSize = size;
      return Q.BID_SIZE;
    }
    if (this.quote.askSize === size) return 0;
    this.quote.askSize = size;
    return Q.ASK_SIZE;
  }

  private extremes(): QuoteFieldMask {
    return widenSessionExtremes(this.quote);
  }

  /**
   * Moves the instrument to `price` (rounded to minTick) as a trade there, with the quote around it, and makes it
   * the new anchor so the walk continues from the new level instead of drifting back.
   */
  setPrice(price: number): QuoteFieldMask {
    const q = this.quote;
    const ticks = Math.max(1, Math.round(price / this.minTick));
    this.lastTicks = ticks;
    this.anchorTicks = ticks;
    q.last = this.price(ticks);
    q.lastTimestamp = this.now();
    let mask = Q.LAST | Q.LAST_TIMESTAMP | this.extremes();
    if (!q.hasQuotes) return mask;
    const spread = this.askTicks - this.bidTicks;
    const below = Math.max(1, Math.floor(spread / 2));
    this.bidTicks = Math.max(1, ticks - below);
    this.askTicks = ticks + Math.max(1, spread - below);
    q.bid = this.price(this.bidTicks);
    q.ask = this.price(this.askTicks);
    q.lastSize = this.lot;
    q.volume = clean(q.volume + this.lot);
    mask |= Q.BID | Q.ASK | Q.LAST_SIZE | Q.VOLUME;
    return mask;
  }

  /** The anchor (reference level) in price units: history is generated to end near it. */
  anchorPrice(): number {
    return this.price(this.anchorTicks);
  }

  /** Half the current spread in price units (BID/ASK history is MIDPOINT ∓ this). */
  halfSpread(): number {
    return ((this.askTicks - this.bidTicks) * this.minTick) / 2;
  }
}

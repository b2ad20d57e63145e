/**
 * The market facade: catalogue + one price model per instrument + history, behind the `Market` interface.
 * See types.ts for the driving modes (push ticking, pull stepping, direct setPrice).
 */
import { InstrumentCatalogue, minTickOf } from './catalogue.js';
import { parseTwsDateTime } from './easternTime.js';
import { generateHistory, headTimestamp } from './history.js';
import { FUTURE_CHAINS, futureSeeds } from './futureChains.js';
import { INSTRUMENT_SEEDS } from './instruments.js';
import type { InstrumentSeed } from './instruments.js';
import { optionSeeds } from './optionChains.js';
import { OptionModel } from './optionModel.js';
import { InstrumentModel } from './priceModel.js';
import { startTicking } from './ticker.js';
import { phaseAt, tradingDay, venueOf, type MarketPhase, type Venue } from './tradingHours.js';
import type {
  ContractDetails,
  HistoryOutcome,
  HistoryRequest,
  Market,
  MarketOptions,
  Quote,
  QuoteFieldMask,
  QuoteListener,
  TickingHandle,
  TickingOptions,
} from './types.js';

/** Synthetic stocks for load tests (benchmarks need 100 instruments; the real catalogue has fewer). */
function syntheticSeeds(count: number): InstrumentSeed[] {
  const seeds: InstrumentSeed[] = [];
  for (let i = 1; i <= count; i++) {
    const id = String(i).padStart(3, '0');
    seeds.push({
      conId: 900_000_000 + i, symbol: `SIM${id}`, secType: 'STK', primaryExchange: i % 2 ? 'NASDAQ' : 'NYSE',
      longName: `SIMULATED EQUITY ${id}`, industry: 'Technology', category: 'Software', subcategory: 'Simulation',
      isin: `XS00000${id.padStart(5, '0')}`, basePrice: 20 + ((i * 37) % 480), dailyVolume: 5_000_000, volatility: 0.3,
      stockType: 'COMMON', historyStart: '20100104',
    });
  }
  return seeds;
}

/** The close of the expiry day's session at the option's venue (16:00 New York, 17:30 Frankfurt): when it stops trading. */
function expiryMs(seed: InstrumentSeed): number {
  const noon = parseTwsDateTime(`${seed.expiry ?? ''} 12:00:00`) ?? 0;
  return tradingDay(venueOfSeed(seed), noon)?.liquid[1] ?? noon;
}

function venueOfSeed(s: InstrumentSeed): Venue {
  return venueOf(s.secType, s.primaryExchange, s.currency ?? 'USD');
}

/** How busy a market is by phase: a share of the configured tick rate (closed markets do not move). */
const PHASE_ACTIVITY: Readonly<Record<MarketPhase, number>> = { regular: 1, extended: 0.25, closed: 0 };

/** A venue's phase, recomputed at most once per simulated second (or at once when the clock went backwards). */
interface PhaseCache {
  venue: Venue;
  phase: MarketPhase;
  checkedAt: number;
}

type Model = InstrumentModel | OptionModel;

/**
 * What is listed at an instant. The front ES future comes first, so the bare symbol "ES" means it (as it did when
 * the catalogue was a table); the European futures come after their indices, so "DAX" means the index.
 */
function listing(nowMs: number, synthetic: readonly InstrumentSeed[]): InstrumentSeed[] {
  const [es, ...european] = FUTURE_CHAINS;
  return [...futureSeeds(nowMs, [es!]), ...INSTRUMENT_SEEDS, ...futureSeeds(nowMs, european), ...synthetic, ...optionSeeds(nowMs)];
}

class SimulatedMarket implements Market {
  readonly catalogue: InstrumentCatalogue;
  readonly seed: number;
  readonly now: () => number;
  /** Every instrument ever listed keeps its model: a position in a contract that rolled off is still valued. */
  private readonly models = new Map<number, Model>();
  private readonly symbolIndex = new Map<string, number>();
  /** The listed instruments, the ones ticking drives; replaced (never mutated) when the listing changes. */
  private conIds: readonly number[] = [];
  /** Each instrument's venue clock (shared per venue, so a slice of ticking computes a handful of phases). */
  private readonly phaseOf = new Map<number, PhaseCache>();
  private readonly venues = new Map<Venue, PhaseCache>();
  private listeners: QuoteListener[] = [];

  constructor(options: MarketOptions) {
    this.seed = options.seed ?? 1;
    this.now = options.now ?? Date.now;
    const synthetic = syntheticSeeds(options.syntheticInstruments ?? 0);
    this.catalogue = new InstrumentCatalogue(this.now, (nowMs) => listing(nowMs, synthetic), (seeds) => this.onListed(seeds));
    this.catalogue.refresh();
  }

  /** Builds models for newly listed instruments (underlyings before their options) and re-points symbol lookups. */
  private onListed(seeds: readonly InstrumentSeed[]): void {
    for (const s of seeds) if (s.secType !== 'OPT' && !this.models.has(s.conId)) this.models.set(s.conId, this.stockLikeModel(s));
    for (const s of seeds) if (s.secType === 'OPT' && !this.models.has(s.conId)) this.models.set(s.conId, this.optionModel(s));
    this.symbolIndex.clear();
    for (const s of seeds) {
      if (s.secType !== 'OPT' && !this.symbolIndex.has(s.symbol)) this.symbolIndex.set(s.symbol, s.conId);
      const local = (s.localSymbol ?? s.symbol).toUpperCase();
      if (!this.symbolIndex.has(local)) this.symbolIndex.set(local, s.conId);
    }
    this.conIds = seeds.map((s) => s.conId);
    for (const s of seeds) {
      const venue = venueOfSeed(s);
      let cache = this.venues.get(venue);
      if (!cache) this.venues.set(venue, (cache = { venue, phase: 'closed', checkedAt: Number.NaN }));
      this.phaseOf.set(s.conId, cache);
    }
  }

  phase(conId: number): MarketPhase {
    const cache = this.phaseOf.get(conId);
    if (!cache) return 'closed';
    const now = this.now();
    if (!(now - cache.checkedAt < 1000 && now >= cache.checkedAt)) {
      cache.phase = phaseAt(cache.venue, now);
      cache.checkedAt = now;
    }
    return cache.phase;
  }

  venue(conId: number): Venue | undefined {
    return this.phaseOf.get(conId)?.venue;
  }

  private stockLikeModel(s: InstrumentSeed): InstrumentModel {
    return new InstrumentModel(
      { conId: s.conId, secType: s.secType, minTick: minTickOf(s), basePrice: s.basePrice, dailyVolume: s.dailyVolume, volatility: s.volatility },
      this.seed,
      this.now,
    );
  }

  private optionModel(s: InstrumentSeed): OptionModel {
    const underConId = s.underConId ?? 0;
    const underSeed = this.catalogue.seed(underConId);
    if (!this.models.has(underConId) || !underSeed) throw new Error(`option ${s.localSymbol}: underlying ${underConId} is not in the catalogue`);
    return new OptionModel(
      { conId: s.conId, strike: s.strike ?? 0, right: s.right ?? 'C', expiryMs: expiryMs(s), volatility: underSeed.volatility, minTick: minTickOf(s) },
      () => this.markPrice(underConId),
      this.seed,
      this.now,
    );
  }

  contractDetails(conId: number): ContractDetails | undefined {
    return this.catalogue.byConId(conId);
  }

  private model(ref: number | string): Model | undefined {
    if (typeof ref === 'number') return this.models.get(ref);
    const conId = this.symbolIndex.get(ref.trim().toUpperCase());
    return conId === undefined ? undefined : this.models.get(conId);
  }

  quote(ref: number | string): Readonly<Quote> | undefined {
    return this.model(ref)?.quote;
  }

  markPrice(conId: number): number {
    const q = this.models.get(conId)?.quote;
    if (!q) return NaN;
    if (!q.hasQuotes || q.bid <= 0 || q.ask <= 0) return q.last;
    const m = this.models.get(conId)!;
    // Mid, kept on a half-tick grid and cleaned of float noise.
    return Math.round(Math.round(((q.bid + q.ask) / m.minTick)) * (m.minTick / 2) * 1e8) / 1e8;
  }

  setPrice(ref: number | string, price: number): void {
    const m = this.model(ref);
    if (!m) throw new Error(`setPrice: unknown instrument ${String(ref)}`);
    if (!(price > 0)) throw new Error(`setPrice: price must be positive, got ${price}`);
    this.emit(m.quote.conId, m.setPrice(price), m.quote);
  }

  step(conId: number): QuoteFieldMask {
    const m = this.models.get(conId);
    if (!m) return 0;
    const mask = m.step();
    if (mask !== 0) this.emit(conId, mask, m.quote);
    return mask;
  }

  stepAll(times = 1): void {
    for (let k = 0; k < times; k++) for (const conId of this.conIds) this.step(conId);
  }

  onChange(listener: QuoteListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  private emit(conId: number, mask: QuoteFieldMask, quote: Quote): void {
    // The array is replaced (never mutated) on subscribe/unsubscribe, so a listener may unsubscribe mid-loop.
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) ls[i]!(conId, mask, quote);
  }

  startTicking(options: TickingOptions = {}): TickingHandle {
    const base = options.rate ?? 4;
    // Quotes move only while their market trades, and more slowly outside regular hours, as at a real TWS.
    const rate = (conId: number): number => (typeof base === 'number' ? base : base(conId)) * PHASE_ACTIVITY[this.phase(conId)];
    // The listing can change while ticking (a new date rolls futures and options), so the ticker asks each slice.
    const listed = (): readonly number[] => {
      this.catalogue.refresh();
      return options.conIds ?? this.conIds;
    };
    return startTicking(listed, (conId) => this.step(conId), { ...options, rate });
  }

  history(request: HistoryRequest): HistoryOutcome {
    const d = this.catalogue.byConId(request.conId);
    const m = this.models.get(request.conId);
    const s = this.catalogue.seed(request.conId);
    if (!d || !m || !s) return { ok: false, code: 200, message: 'No security definition has been found for the request' };
    return generateHistory(
      {
        seed: this.seed, conId: s.conId, symbol: s.symbol, secType: s.secType, exchange: d.contract.exchange, venue: venueOfSeed(s), minTick: d.minTick,
        volatility: m instanceof OptionModel ? m.priceVolatility() : s.volatility, dailyVolume: s.dailyVolume, lot: m.lot, anchor: m.quote.last, halfSpread: m.halfSpread(),
        nowMs: this.now(), headMs: this.headMs(s),
      },
      request,
    );
  }

  headTimestamp(conId: number, _whatToShow: string, _useRTH: boolean, formatDate: number): string | undefined {
    const s = this.catalogue.seed(conId);
    return s ? headTimestamp(this.headMs(s), formatDate) : undefined;
  }

  private headMs(s: InstrumentSeed): number {
    return parseTwsDateTime(`${s.historyStart} 09:30:00`) ?? 0;
  }
}

export function createMarket(options: MarketOptions = {}): Market {
  return new SimulatedMarket(options);
}

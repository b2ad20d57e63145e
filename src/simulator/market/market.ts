/**
 * The market facade: catalogue + one price model per instrument + history, behind the `Market` interface.
 * See types.ts for the driving modes (push ticking, pull stepping, direct setPrice).
 */
import { InstrumentCatalogue } from './catalogue.js';
import { parseTwsDateTime } from './easternTime.js';
import { generateHistory, headTimestamp } from './history.js';
import { INSTRUMENT_SEEDS } from './instruments.js';
import type { InstrumentSeed } from './instruments.js';
import { optionSeeds } from './optionChains.js';
import { OptionModel } from './optionModel.js';
import { InstrumentModel } from './priceModel.js';
import { startTicking } from './ticker.js';
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

/** 16:00 Eastern of a yyyyMMdd expiry: when an option stops trading. */
function expiryMs(expiry: string): number {
  return parseTwsDateTime(`${expiry} 16:00:00`) ?? 0;
}

type Model = InstrumentModel | OptionModel;

class SimulatedMarket implements Market {
  readonly catalogue: InstrumentCatalogue;
  readonly seed: number;
  readonly now: () => number;
  private readonly models = new Map<number, Model>();
  private readonly symbolIndex = new Map<string, number>();
  private readonly conIds: number[];
  private listeners: QuoteListener[] = [];

  constructor(options: MarketOptions) {
    this.seed = options.seed ?? 1;
    this.now = options.now ?? Date.now;
    const seeds = [...INSTRUMENT_SEEDS, ...syntheticSeeds(options.syntheticInstruments ?? 0), ...optionSeeds(this.now())];
    this.catalogue = new InstrumentCatalogue(this.now, seeds);
    // Options come last in the catalogue, so their underlyings' models already exist when they are built.
    for (const d of this.catalogue.all()) {
      const s = this.catalogue.seed(d.contract.conId)!;
      if (s.secType === 'OPT') {
        const under = this.models.get(s.underConId ?? 0);
        const underSeed = this.catalogue.seed(s.underConId ?? 0);
        if (!under || !underSeed) throw new Error(`option ${d.contract.localSymbol}: underlying ${s.underConId} is not in the catalogue`);
        const underConId = underSeed.conId;
        const option = new OptionModel(
          { conId: s.conId, strike: s.strike ?? 0, right: s.right ?? 'C', expiryMs: expiryMs(s.expiry ?? ''), volatility: underSeed.volatility, minTick: d.minTick },
          () => this.markPrice(underConId),
          this.seed,
          this.now,
        );
        this.models.set(s.conId, option);
        this.symbolIndex.set(d.contract.localSymbol, s.conId);
        continue;
      }
      const model = new InstrumentModel(
        { conId: s.conId, secType: s.secType, minTick: d.minTick, basePrice: s.basePrice, dailyVolume: s.dailyVolume, volatility: s.volatility },
        this.seed,
        this.now,
      );
      this.models.set(s.conId, model);
      if (!this.symbolIndex.has(s.symbol)) this.symbolIndex.set(s.symbol, s.conId);
      if (!this.symbolIndex.has(d.contract.localSymbol)) this.symbolIndex.set(d.contract.localSymbol, s.conId);
    }
    this.conIds = [...this.models.keys()];
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

  startTicking(options?: TickingOptions): TickingHandle {
    return startTicking(this.conIds, (conId) => this.step(conId), options);
  }

  history(request: HistoryRequest): HistoryOutcome {
    const d = this.catalogue.byConId(request.conId);
    const m = this.models.get(request.conId);
    const s = this.catalogue.seed(request.conId);
    if (!d || !m || !s) return { ok: false, code: 200, message: 'No security definition has been found for the request' };
    return generateHistory(
      {
        seed: this.seed, conId: s.conId, symbol: s.symbol, secType: s.secType, exchange: d.contract.exchange, minTick: d.minTick,
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

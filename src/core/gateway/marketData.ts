/**
 * Shared market-data lines. Any number of leases on one instrument use one TWS line (reqMktData); the last
 * release cancels it. The account's line budget is enforced here with a clear error, before TWS would answer 101.
 * Lines outlive sessions: after a reconnect (or 1101 "data lost") every held line is requested again, under a new
 * ticker id, without the holders doing anything. When TWS says the account has no live subscription, the session
 * switches to delayed data (reqMarketDataType 3: live where entitled, delayed elsewhere) and the line is re-sent.
 */
import { EventName, MarketDataType, type Contract } from '@stoqey/ib';
import { requireSession, type GatewayContext } from './context.js';
import type { ContractResolver } from './contracts.js';
import { GatewayError } from './errors.js';
import { NO_LIVE_DATA_CODES } from './errorTable.js';
import { LineBook, LineBudgetExhausted } from './lineBook.js';
import { PendingRequests } from './pending.js';
import { applyTick, emptyQuote } from './quote.js';
import type { Session } from './session.js';
import type { InstrumentSpec, MarketDataLease, Quote } from './types.js';

interface Line {
  key: string;
  symbol: string;
  contract: Contract;
  quote: Quote;
  /** Ticker id at TWS for the current session, 0 when not (yet) requested. */
  reqId: number;
  failed: string | null;
}

interface SnapshotReq {
  key: string;
  quote: Quote;
}

export class MarketDataLines {
  private readonly book: LineBook;
  private readonly lines = new Map<string, Line>();
  private readonly byReqId = new Map<number, Line>();
  private readonly snapshots = new Map<number, SnapshotReq>();
  private readonly snapshotPending = new PendingRequests();
  private readonly lastQuoteBySymbol = new Map<string, Quote>();
  /**
   * Set once TWS said the account lacks a live subscription. TWS forgets reqMarketDataType with the socket, so every
   * new session asks for type 3 again (live where entitled, delayed elsewhere: harmless for entitled lines).
   */
  private delayedMode = false;
  private lastMs = 0;
  private lastIso = '';

  constructor(
    private readonly ctx: GatewayContext,
    private readonly contracts: ContractResolver,
    budget: number,
    private readonly onQualityInputs: () => void,
  ) {
    this.book = new LineBook(budget);
  }

  get linesInUse(): number {
    return this.book.linesInUse;
  }

  get lineBudget(): number {
    return this.book.lineBudget;
  }

  setBudget(n: number): void {
    this.book.setBudget(n);
  }

  /** Lines currently served with delayed data. */
  get delayedLines(): number {
    let n = 0;
    for (const l of this.lines.values()) if (l.quote.delayed) n++;
    return n;
  }

  get failedLines(): number {
    let n = 0;
    for (const l of this.lines.values()) if (l.failed) n++;
    return n;
  }

  attach(session: Session): void {
    session.on(EventName.tickPrice, (reqId: number, field: number, value: number) => this.onTick(reqId, field, value));
    session.on(EventName.tickSize, (reqId: number, field: number | undefined, value: number | undefined) => {
      if (field !== undefined) this.onTick(reqId, field, value);
    });
    session.on(EventName.marketDataType, (reqId: number, type: number) => {
      const line = this.byReqId.get(reqId);
      const quote = line?.quote ?? this.snapshots.get(reqId)?.quote;
      if (!quote) return;
      const delayed = type === MarketDataType.DELAYED || type === MarketDataType.DELAYED_FROZEN;
      if (quote.delayed !== delayed) {
        quote.delayed = delayed;
        this.onQualityInputs();
      }
    });
    session.on(EventName.tickSnapshotEnd, (reqId: number) => {
      const snap = this.snapshots.get(reqId);
      if (!snap) return;
      this.snapshots.delete(reqId);
      this.book.release(snap.key);
      this.snapshotPending.resolve(reqId, { ...snap.quote });
    });
    this.resubscribeAll(session);
  }

  detach(): void {
    this.byReqId.clear();
    for (const l of this.lines.values()) l.reqId = 0;
    for (const [reqId, snap] of this.snapshots) {
      this.book.release(snap.key);
      this.snapshotPending.reject(reqId, new GatewayError('not_connected', 'connection to TWS lost during a snapshot'));
    }
    this.snapshots.clear();
  }

  /** After 1101 (connectivity restored, data lost) or a new session: request every held line again. */
  resubscribeAll(session: Session): void {
    this.byReqId.clear();
    if (this.delayedMode) session.api.reqMarketDataType(MarketDataType.DELAYED);
    for (const line of this.lines.values()) this.subscribe(session, line);
  }

  private subscribe(session: Session, line: Line): void {
    if (line.reqId) this.byReqId.delete(line.reqId);
    line.reqId = this.ctx.nextReqId();
    line.failed = null;
    this.byReqId.set(line.reqId, line);
    session.api.reqMktData(line.reqId, line.contract, '', false, false);
  }

  async acquire(spec: InstrumentSpec, opts: { snapshot?: boolean } = {}): Promise<MarketDataLease> {
    requireSession(this.ctx);
    const resolved = await this.contracts.resolve(spec);
    if (opts.snapshot) {
      const q = await this.snapshot(spec);
      return { key: `md:${resolved.conId}`, symbol: resolved.symbol, release: () => undefined, quote: () => q };
    }
    const key = `md:${resolved.conId}`;
    let isNew: boolean;
    try {
      isNew = this.book.acquire(key);
    } catch (e) {
      if (e instanceof LineBudgetExhausted) {
        throw new GatewayError('line_budget_exhausted', `market-data line budget exhausted: all ${e.budget} lines are in use; release a subscription first`);
      }
      throw e;
    }
    let line = this.lines.get(key);
    if (isNew || !line) {
      const quote = this.lastQuoteBySymbol.get(resolved.symbol) ?? emptyQuote(resolved.symbol, resolved.conId);
      line = { key, symbol: resolved.symbol, contract: resolved.contract, quote, reqId: 0, failed: null };
      this.lines.set(key, line);
      this.lastQuoteBySymbol.set(resolved.symbol, quote);
      const session = this.ctx.session();
      // Lost the session while resolving? The line is kept and requested on reconnect.
      if (session) this.subscribe(session, line);
    }
    const held = line;
    let released = false;
    return {
      key,
      symbol: held.symbol,
      quote: () => held.quote,
      release: () => {
        if (released) return;
        released = true;
        this.release(key);
      },
    };
  }

  private release(key: string): void {
    if (!this.book.release(key)) return;
    const line = this.lines.get(key);
    this.lines.delete(key);
    if (!line) return;
    if (line.reqId) {
      this.byReqId.delete(line.reqId);
      this.ctx.session()?.api.cancelMktData(line.reqId);
    }
    this.onQualityInputs();
  }

  getQuote(symbol: string): Quote | undefined {
    const q = this.lastQuoteBySymbol.get(symbol.toUpperCase());
    return q ? { ...q } : undefined;
  }

  /** One-off quote. Served from a live line when one exists, else from a TWS snapshot request. */
  async snapshot(spec: InstrumentSpec): Promise<Quote> {
    const session = requireSession(this.ctx);
    const resolved = await this.contracts.resolve(spec);
    const live = this.lines.get(`md:${resolved.conId}`);
    if (live && live.quote.updatedAt && !live.failed) return { ...live.quote };
    const reqId = this.ctx.nextReqId();
    const key = `snap:${reqId}`;
    try {
      this.book.acquire(key); // a snapshot holds a line while TWS gathers it
    } catch (e) {
      if (e instanceof LineBudgetExhausted) throw new GatewayError('line_budget_exhausted', `no market-data line free for a snapshot (budget ${e.budget})`);
      throw e;
    }
    this.snapshots.set(reqId, { key, quote: emptyQuote(resolved.symbol, resolved.conId) });
    // IBKR documents snapshots taking up to ~11 s.
    const p = this.snapshotPending.request<Quote>(reqId, Math.max(this.ctx.requestTimeoutMs(), 12_000), `snapshot of ${resolved.symbol}`, () =>
      session.api.reqMktData(reqId, resolved.contract, '', true, false),
    );
    p.catch(() => {
      if (this.snapshots.delete(reqId)) this.book.release(key);
    });
    const q = await p;
    const last = this.lastQuoteBySymbol.get(resolved.symbol);
    if (!last || !last.updatedAt) this.lastQuoteBySymbol.set(resolved.symbol, { ...q });
    return q;
  }

  /** Routes an error with a ticker id; returns true when it was ours. */
  onError(reqId: number, code: number, message: string): boolean {
    const snap = this.snapshots.get(reqId);
    if (snap) {
      if (code === 10167) return true; // delayed data follows
      this.snapshots.delete(reqId);
      this.book.release(snap.key);
      this.snapshotPending.reject(reqId, new GatewayError('request_failed', `snapshot failed: TWS error ${code}: ${message}`, code));
      return true;
    }
    const line = this.byReqId.get(reqId);
    if (!line) return false;
    const session = this.ctx.session();
    if (code === 10167) {
      // Not subscribed, TWS shows delayed data on this line: ticks keep coming (as 66-76).
      line.quote.delayed = true;
      this.onQualityInputs();
      return true;
    }
    if (NO_LIVE_DATA_CODES.has(code) && !this.delayedMode && session) {
      this.delayedMode = true;
      this.ctx.logger.warn(`[gateway] no live market data for ${line.symbol} (${code}); falling back to delayed data`);
      session.api.reqMarketDataType(MarketDataType.DELAYED);
      line.quote.delayed = true;
      this.subscribe(session, line);
      this.onQualityInputs();
      return true;
    }
    if (code === 300) return true; // cancel of a line TWS had already dropped
    // A competing live session pauses the data; the line itself is fine and resumes when that session ends (the
    // session phase says what is happening).
    if (code === 10197) return true;
    if (code === 10090) return true; // part of the data not subscribed: the rest keeps coming
    if (code >= 2100 && code < 3000) return true; // warnings
    line.failed = `TWS error ${code}: ${message}`;
    this.byReqId.delete(reqId);
    line.reqId = 0;
    this.onQualityInputs();
    return true;
  }

  private nowIso(): string {
    const ms = Date.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    return this.lastIso;
  }

  private onTick(reqId: number, tickType: number, value: number | undefined): void {
    const line = this.byReqId.get(reqId);
    if (!line) {
      const snap = this.snapshots.get(reqId);
      if (snap) applyTick(snap.quote, tickType, value, this.nowIso());
      return;
    }
    const ts = this.nowIso();
    const wasDelayed = line.quote.delayed;
    const field = applyTick(line.quote, tickType, value, ts);
    if (field < 0) return;
    if (wasDelayed !== line.quote.delayed) this.onQualityInputs();
    this.ctx.emit('marketData', { key: line.key, symbol: line.symbol, field, value: value as number, timestamp: ts });
    if (this.ctx.wants('quote')) this.ctx.emit('quote', { ...line.quote, key: line.key });
  }
}

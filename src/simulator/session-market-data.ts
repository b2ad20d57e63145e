/**
 * Market data lines: reqMktData (streaming, snapshot, generic ticks), cancelMktData, reqMarketDataType,
 * tick-by-tick, the 100-line limit, data permissions, and the fan-out of every quote change to the lines that
 * watch it. The fan-out is the hot path: a change is turned into latin1 frames per line and queued on the
 * session, which writes them once per event-loop turn.
 */
import type { Market, Quote, QuoteFieldMask } from './market/types.js';
import { QuoteField } from './market/types.js';
import type { FieldReader } from './protocol/fields.js';
import { IN } from './protocol/messageIds.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import { decodeReqMktData, decodeReqTickByTick } from './protocol/requests/marketData.js';
import {
  TickType,
  encodeMarketDataType,
  encodeTickByTickBidAsk,
  encodeTickByTickLast,
  encodeTickByTickMidPoint,
  encodeTickReqParams,
  encodeTickSnapshotEnd,
  latin1Frame,
  tickGenericFrame,
  tickPriceFrame,
  tickSizeFrame,
  tickStringFrame,
  tickTypeFor,
} from './protocol/encoders/marketData.js';
import type { RequestHandler, Session } from './session.js';
import { contractQuery } from './session-convert.js';

export type MarketDataPermission = 'live' | 'delayed-only' | 'none';

interface Line {
  readonly session: Session;
  readonly tickerId: number;
  readonly conId: number;
  readonly delayed: boolean;
  readonly rtVolume: boolean;
  readonly kind: 'mkt' | 'tbt-bidask' | 'tbt-last' | 'tbt-midpoint';
}

/** Called (only when someone listens) with each quote change that reached at least one client. */
export type TickEmittedHook = (conId: number, price: number, emittedAtMs: number) => void;

const MD_TYPE_KEY = 'md.type';
const LINES_KEY = 'md.lines';

export class MarketDataHub {
  private readonly byConId = new Map<number, Line[]>();
  private lineCount = 0;
  /** Connectivity to IB's servers (1100 stops delivery until 1101/1102). */
  private flowing = true;
  /** Another session of the same user is live somewhere else (10197): no market data until it ends. */
  private competing = false;
  /** Set by the simulator when a 'tickEmitted' listener exists; undefined keeps the hot path free of it. */
  tickEmitted: TickEmittedHook | undefined;

  constructor(
    private readonly market: Market,
    private readonly maxLines: () => number,
    private readonly permission: () => MarketDataPermission,
  ) {
    market.onChange((conId, changed, quote) => this.onQuote(conId, changed, quote));
  }

  /** Instruments with at least one line (they tick at the streaming rate). */
  isSubscribed(conId: number): boolean {
    return this.byConId.has(conId);
  }

  get lines(): number {
    return this.lineCount;
  }

  /**
   * A competing live session (the same username logged in elsewhere) takes the market data: every line gets 10197
   * and nothing more until the other session ends, then streaming resumes on the same lines.
   */
  setCompeting(on: boolean): void {
    if (on === this.competing) return;
    this.competing = on;
    if (!on) return;
    for (const lines of this.byConId.values()) {
      for (const line of lines) line.session.sendError(line.tickerId, ERR.COMPETING_SESSION, TEXT.competingSession);
    }
  }

  /** Stops or resumes delivery (connectivity faults); `dropAll` forgets every line, as a 1101 does. */
  setFlowing(flowing: boolean, dropAll: boolean): void {
    this.flowing = flowing;
    if (dropAll) {
      for (const lines of this.byConId.values()) for (const line of lines) sessionLines(line.session).delete(line.tickerId);
      this.byConId.clear();
      this.lineCount = 0;
    }
  }

  /** Removes a closed session's lines. */
  dropSession(session: Session): void {
    for (const tickerId of [...sessionLines(session).keys()]) this.removeLine(session, tickerId);
  }

  handlers(): [number, RequestHandler][] {
    return [
      [IN.REQ_MKT_DATA, (s, r) => this.reqMktData(s, r)],
      [IN.CANCEL_MKT_DATA, (s, r) => this.cancel(s, r)],
      [IN.REQ_MARKET_DATA_TYPE, (s, r) => this.reqMarketDataType(s, r)],
      [IN.REQ_TICK_BY_TICK_DATA, (s, r) => this.reqTickByTick(s, r)],
      [IN.CANCEL_TICK_BY_TICK_DATA, (s, r) => this.cancelTickByTick(s, r)],
    ];
  }

  private reqMarketDataType(session: Session, r: FieldReader): void {
    r.int(); // version
    const type = r.int();
    if (type < 1 || type > 4) return session.sendError(-1, ERR.ERROR_VALIDATING_REQUEST, TEXT.errorValidating(`marketDataType ${type}`));
    session.state.set(MD_TYPE_KEY, type);
  }

  private reqMktData(session: Session, r: FieldReader): void {
    const req = decodeReqMktData(r);
    const details = this.market.catalogue.resolve(contractQuery(req.contract));
    if (!details) return session.sendError(req.tickerId, ERR.NO_SECURITY_DEFINITION, TEXT.noSecurityDefinition);
    const lines = sessionLines(session);
    if (lines.has(req.tickerId)) return session.sendError(req.tickerId, ERR.DUPLICATE_TICKER_ID, TEXT.duplicateTicker(req.tickerId));

    // Which data the client gets: its requested type, bounded by the account's permissions.
    let mdType = (session.state.get(MD_TYPE_KEY) as number | undefined) ?? 1;
    const permission = this.permission();
    if (permission !== 'live' && mdType <= 2) {
      if (permission === 'none') return session.sendError(req.tickerId, ERR.DELAYED_DATA_NOT_ENABLED, TEXT.delayedNotEnabled);
      session.sendError(req.tickerId, ERR.DELAYED_DATA_DISPLAYED, TEXT.delayedDisplayed);
      mdType += 2;
    }
    if (permission === 'none') return session.sendError(req.tickerId, ERR.DELAYED_DATA_NOT_ENABLED, TEXT.delayedNotEnabled);
    const delayed = mdType >= 3;
    const frozen = mdType === 2 || mdType === 4;
    const snapshot = req.snapshot || req.regulatorySnapshot;
    if (!snapshot && !frozen && this.lineCount >= this.maxLines()) {
      return session.sendError(req.tickerId, ERR.MAX_TICKERS, TEXT.maxTickers);
    }

    const conId = details.contract.conId;
    session.send(encodeTickReqParams(req.tickerId, details.minTick, '9c0001', 3));
    session.send(encodeMarketDataType(req.tickerId, mdType));
    if (this.competing) {
      // The line is kept (data resumes on it when the other session ends), but nothing flows now.
      session.sendError(req.tickerId, ERR.COMPETING_SESSION, TEXT.competingSession);
      if (!snapshot && !frozen) this.addLine({ session, tickerId: req.tickerId, conId, delayed, rtVolume: req.genericTicks.includes(233), kind: 'mkt' });
      return;
    }
    const quote = this.market.quote(conId);
    if (quote) session.queueFrames(initialTicks(req.tickerId, quote, delayed, req.genericTicks));
    if (snapshot) {
      session.queueFrames(latin1Frame(encodeTickSnapshotEnd(req.tickerId)));
      return;
    }
    // Frozen data is the last known value: sent once, then the line stays quiet.
    if (frozen) return;
    this.addLine({ session, tickerId: req.tickerId, conId, delayed, rtVolume: req.genericTicks.includes(233), kind: 'mkt' });
  }

  private cancel(session: Session, r: FieldReader): void {
    r.int(); // version
    const tickerId = r.int();
    if (!sessionLines(session).has(tickerId)) return session.sendError(tickerId, ERR.CANT_FIND_EID, TEXT.cantFindEid(tickerId));
    this.removeLine(session, tickerId);
  }

  private reqTickByTick(session: Session, r: FieldReader): void {
    const req = decodeReqTickByTick(r);
    const details = this.market.catalogue.resolve(contractQuery(req.contract));
    if (!details) return session.sendError(req.reqId, ERR.NO_SECURITY_DEFINITION, TEXT.noSecurityDefinition);
    if (sessionLines(session).has(req.reqId)) return session.sendError(req.reqId, ERR.DUPLICATE_TICKER_ID, TEXT.duplicateTicker(req.reqId));
    if (this.lineCount >= this.maxLines()) return session.sendError(req.reqId, ERR.MAX_TICKERS, TEXT.maxTickers);
    const type = req.tickType.toLowerCase();
    const kind = type === 'bidask' ? 'tbt-bidask' : type === 'midpoint' ? 'tbt-midpoint' : 'tbt-last';
    this.addLine({ session, tickerId: req.reqId, conId: details.contract.conId, delayed: false, rtVolume: false, kind });
  }

  private cancelTickByTick(session: Session, r: FieldReader): void {
    this.removeLine(session, r.int());
  }

  private addLine(line: Line): void {
    sessionLines(line.session).set(line.tickerId, line);
    const list = this.byConId.get(line.conId);
    if (list) list.push(line);
    else this.byConId.set(line.conId, [line]);
    this.lineCount++;
  }

  private removeLine(session: Session, tickerId: number): void {
    const lines = sessionLines(session);
    const line = lines.get(tickerId);
    if (!line) return;
    lines.delete(tickerId);
    const list = this.byConId.get(line.conId);
    if (!list) return;
    const i = list.indexOf(line);
    if (i >= 0) {
      list.splice(i, 1);
      this.lineCount--;
    }
    if (list.length === 0) this.byConId.delete(line.conId);
  }

  private onQuote(conId: number, changed: QuoteFieldMask, q: Readonly<Quote>): void {
    if (!this.flowing || this.competing) return;
    const lines = this.byConId.get(conId);
    if (!lines) return;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as Line;
      // A client that cannot keep up loses ticks instead of growing the simulator's memory without bound.
      if (line.session.backlogBytes > SLOW_READER_BYTES) continue;
      const frames = line.kind === 'mkt' ? changeTicks(line, changed, q) : tickByTickFrames(line, changed, q, this.market.now());
      if (frames !== '') line.session.queueFrames(frames);
    }
    const hook = this.tickEmitted;
    if (hook) hook(conId, changed & QuoteField.LAST ? q.last : q.bid, performance.timeOrigin + performance.now());
  }
}

const SLOW_READER_BYTES = 16 * 1024 * 1024;

function sessionLines(session: Session): Map<number, Line> {
  let lines = session.state.get(LINES_KEY) as Map<number, Line> | undefined;
  if (!lines) {
    lines = new Map();
    session.state.set(LINES_KEY, lines);
  }
  return lines;
}

/** The ticks a new line starts with: the full current picture of the instrument. */
function initialTicks(tickerId: number, q: Readonly<Quote>, delayed: boolean, genericTicks: readonly number[]): string {
  const t = (type: number) => tickTypeFor(type, delayed);
  let out = '';
  if (q.hasQuotes) {
    out += tickPriceFrame(tickerId, t(TickType.BID), q.bid, q.bidSize, 0);
    out += tickSizeFrame(tickerId, t(TickType.BID_SIZE), q.bidSize);
    out += tickPriceFrame(tickerId, t(TickType.ASK), q.ask, q.askSize, 0);
    out += tickSizeFrame(tickerId, t(TickType.ASK_SIZE), q.askSize);
  }
  if (q.last > 0) {
    out += tickPriceFrame(tickerId, t(TickType.LAST), q.last, q.hasQuotes ? q.lastSize : '', 0);
    out += tickStringFrame(tickerId, t(TickType.LAST_TIMESTAMP), String(Math.floor(q.lastTimestamp / 1000)));
  }
  if (q.hasQuotes) out += tickSizeFrame(tickerId, t(TickType.VOLUME), q.volume);
  if (q.high > 0) out += tickPriceFrame(tickerId, t(TickType.HIGH), q.high, 0, 0);
  if (q.low > 0) out += tickPriceFrame(tickerId, t(TickType.LOW), q.low, 0, 0);
  if (q.close > 0) out += tickPriceFrame(tickerId, t(TickType.CLOSE), q.close, 0, 0);
  if (q.open > 0) out += tickPriceFrame(tickerId, t(TickType.OPEN), q.open, 0, 0);
  if (genericTicks.includes(236)) out += tickGenericFrame(tickerId, TickType.SHORTABLE, 3);
  if (genericTicks.includes(233) && q.last > 0) out += rtVolume(tickerId, q);
  out += tickGenericFrame(tickerId, TickType.HALTED, q.halted ? 1 : 0);
  return out;
}

function rtVolume(tickerId: number, q: Readonly<Quote>): string {
  return tickStringFrame(tickerId, TickType.RT_VOLUME, `${q.last};${q.lastSize};${q.lastTimestamp};${q.volume};${q.last};true`);
}

/** Frames for one quote change on one line; only the fields that changed are sent. */
function changeTicks(line: Line, changed: QuoteFieldMask, q: Readonly<Quote>): string {
  const id = line.tickerId;
  const d = line.delayed;
  let out = '';
  // Like TWS, a size change is also sent as its own tickSize even when the tickPrice carried it (stoqey, for
  // one, never derives BID_SIZE from a BID tickPrice because that tick type is 0).
  if (changed & QuoteField.BID) out += tickPriceFrame(id, d ? 66 : TickType.BID, q.bid, q.bidSize, 0);
  if (changed & QuoteField.BID_SIZE) out += tickSizeFrame(id, d ? 69 : TickType.BID_SIZE, q.bidSize);
  if (changed & QuoteField.ASK) out += tickPriceFrame(id, d ? 67 : TickType.ASK, q.ask, q.askSize, 0);
  if (changed & QuoteField.ASK_SIZE) out += tickSizeFrame(id, d ? 70 : TickType.ASK_SIZE, q.askSize);
  if (changed & QuoteField.LAST) out += tickPriceFrame(id, d ? 68 : TickType.LAST, q.last, q.hasQuotes ? q.lastSize : '', 0);
  if (changed & QuoteField.LAST_SIZE) out += tickSizeFrame(id, d ? 71 : TickType.LAST_SIZE, q.lastSize);
  if (changed & QuoteField.LAST_TIMESTAMP) out += tickStringFrame(id, d ? 88 : TickType.LAST_TIMESTAMP, String(Math.floor(q.lastTimestamp / 1000)));
  if (changed & QuoteField.VOLUME) out += tickSizeFrame(id, d ? 74 : TickType.VOLUME, q.volume);
  if (changed & QuoteField.HIGH) out += tickPriceFrame(id, d ? 72 : TickType.HIGH, q.high, 0, 0);
  if (changed & QuoteField.LOW) out += tickPriceFrame(id, d ? 73 : TickType.LOW, q.low, 0, 0);
  if (line.rtVolume && changed & QuoteField.LAST) out += rtVolume(id, q);
  return out;
}

function tickByTickFrames(line: Line, changed: QuoteFieldMask, q: Readonly<Quote>, nowMs: number): string {
  // The market clock, like the lastTimestamp ticks of the same stream.
  const time = Math.floor(nowMs / 1000);
  if (line.kind === 'tbt-bidask' && changed & (QuoteField.BID | QuoteField.ASK | QuoteField.BID_SIZE | QuoteField.ASK_SIZE)) {
    return latin1Frame(encodeTickByTickBidAsk(line.tickerId, time, q.bid, q.ask, q.bidSize, q.askSize));
  }
  if (line.kind === 'tbt-midpoint' && changed & (QuoteField.BID | QuoteField.ASK)) {
    return latin1Frame(encodeTickByTickMidPoint(line.tickerId, time, (q.bid + q.ask) / 2));
  }
  if (line.kind === 'tbt-last' && changed & QuoteField.LAST) {
    return latin1Frame(encodeTickByTickLast(line.tickerId, 1, time, q.last, q.lastSize, 'ISLAND'));
  }
  return '';
}

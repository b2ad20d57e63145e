/**
 * reqRealTimeBars / cancelRealTimeBars: five-second bars built from the live model, as TWS builds them from its
 * feed. TRADES bars aggregate the trades (last price and size) of the period, with volume, VWAP and trade count;
 * MIDPOINT / BID / ASK bars follow that quote and carry -1 for volume, WAP and count. A period without a change
 * gives a flat bar at the last value (volume 0), so a subscriber gets a bar every five seconds of the market clock.
 * Bars are stamped with their start (epoch seconds) on the market clock. A subscription keeps its instrument
 * stepping at the streaming rate, as a market data line does.
 */
import type { Market, Quote, QuoteFieldMask } from './market/types.js';
import { QuoteField } from './market/types.js';
import type { FieldReader } from './protocol/fields.js';
import { IN } from './protocol/messageIds.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import { readIdAfterVersion } from './protocol/requests/requestId.js';
import { decodeReqRealTimeBars } from './protocol/requests/realTimeBars.js';
import { encodeRealTimeBar, type RealTimeBar } from './protocol/encoders/realTimeBars.js';
import type { RequestHandler, Session } from './session.js';
import { contractQuery } from './session-convert.js';

const BAR_MS = 5000;
const WHAT_TO_SHOW = new Set(['TRADES', 'MIDPOINT', 'BID', 'ASK']);

interface BarSubscription {
  session: Session;
  reqId: number;
  conId: number;
  whatToShow: string;
  /** Start of the bar being built (market clock, ms). */
  start: number;
  bar: RealTimeBar;
  /** Price × size of the bar's trades, for the VWAP. */
  notional: number;
}

export class RealTimeBarsHub {
  private readonly subscriptions = new Map<string, BarSubscription>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly market: Market,
    private readonly permission: () => 'live' | 'delayed-only' | 'none',
  ) {
    market.onChange((conId, changed, quote) => {
      if (this.subscriptions.size === 0) return; // the tick hot path pays nothing while nobody subscribes
      for (const sub of this.subscriptions.values()) if (sub.conId === conId) this.onQuote(sub, changed, quote);
    });
  }

  handlers(): [number, RequestHandler][] {
    return [
      [IN.REQ_REAL_TIME_BARS, (s, r) => this.subscribe(s, r)],
      [IN.CANCEL_REAL_TIME_BARS, (s, r) => this.subscriptions.delete(key(s, readIdAfterVersion(r)))],
    ];
  }

  isSubscribed(conId: number): boolean {
    for (const sub of this.subscriptions.values()) if (sub.conId === conId) return true;
    return false;
  }

  dropSession(session: Session): void {
    for (const [k, sub] of this.subscriptions) if (sub.session === session) this.subscriptions.delete(k);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private subscribe(session: Session, r: FieldReader): void {
    const req = decodeReqRealTimeBars(r);
    const details = this.market.catalogue.resolve(contractQuery(req.contract));
    if (!details) return session.sendError(req.reqId, ERR.NO_SECURITY_DEFINITION, TEXT.noSecurityDefinition);
    if (!WHAT_TO_SHOW.has(req.whatToShow)) {
      return session.sendError(req.reqId, ERR.ERROR_VALIDATING_REQUEST, TEXT.errorValidating(`whatToShow ${req.whatToShow}`));
    }
    // Real-time bars need a live subscription: delayed data never feeds them.
    if (this.permission() !== 'live') return session.sendError(req.reqId, ERR.NOT_SUBSCRIBED, TEXT.notSubscribed);
    const quote = this.market.quote(details.contract.conId);
    if (!quote) return session.sendError(req.reqId, ERR.NO_SECURITY_DEFINITION, TEXT.noSecurityDefinition);
    const start = barStart(this.market.now());
    const sub: BarSubscription = {
      session, reqId: req.reqId, conId: details.contract.conId, whatToShow: req.whatToShow, start, bar: flatBar(start, valueOf(req.whatToShow, quote), req.whatToShow), notional: 0,
    };
    this.subscriptions.set(key(session, req.reqId), sub);
    this.schedule();
  }

  private onQuote(sub: BarSubscription, changed: QuoteFieldMask, quote: Readonly<Quote>): void {
    this.closeFinishedBars(sub);
    const b = sub.bar;
    if (sub.whatToShow === 'TRADES') {
      if ((changed & QuoteField.LAST) === 0 && (changed & QuoteField.LAST_SIZE) === 0) return;
      const size = Math.max(0, quote.lastSize);
      const first = b.count === 0;
      b.open = first ? quote.last : b.open;
      b.high = first ? quote.last : Math.max(b.high, quote.last);
      b.low = first ? quote.last : Math.min(b.low, quote.last);
      b.close = quote.last;
      b.volume += size;
      b.count += 1;
      sub.notional += quote.last * size;
      b.wap = b.volume > 0 ? sub.notional / b.volume : quote.last;
      return;
    }
    if ((changed & (QuoteField.BID | QuoteField.ASK)) === 0) return;
    const value = valueOf(sub.whatToShow, quote);
    b.high = Math.max(b.high, value);
    b.low = Math.min(b.low, value);
    b.close = value;
  }

  /** Sends every bar whose five seconds are over and opens the next one at the last value. */
  private closeFinishedBars(sub: BarSubscription): void {
    const now = this.market.now();
    while (now >= sub.start + BAR_MS) {
      sub.session.send(encodeRealTimeBar(sub.reqId, roundBar(sub.bar)));
      sub.start += BAR_MS;
      sub.bar = flatBar(sub.start, sub.bar.close, sub.whatToShow);
      sub.notional = 0;
    }
  }

  /**
   * Wakes up at the next bar boundary while anyone subscribes. The delay is taken on the market clock as if it ran
   * at real speed; a clock that runs faster gets all its finished bars at each wake-up, none lost.
   */
  private schedule(): void {
    if (this.timer || this.subscriptions.size === 0) return;
    const now = this.market.now();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        for (const [k, sub] of this.subscriptions) {
          if (sub.session.isClosed) this.subscriptions.delete(k);
          else this.closeFinishedBars(sub);
        }
        this.schedule();
      },
      Math.max(10, barStart(now) + BAR_MS - now + 1),
    );
    this.timer.unref();
  }
}

function key(session: Session, reqId: number): string {
  return `${session.clientId}:${reqId}`;
}

function barStart(ms: number): number {
  return Math.floor(ms / BAR_MS) * BAR_MS;
}

function valueOf(whatToShow: string, q: Readonly<Quote>): number {
  if (whatToShow === 'TRADES' || !q.hasQuotes) return q.last;
  if (whatToShow === 'BID') return q.bid;
  if (whatToShow === 'ASK') return q.ask;
  return (q.bid + q.ask) / 2;
}

function flatBar(startMs: number, value: number, whatToShow: string): RealTimeBar {
  const quoted = whatToShow !== 'TRADES';
  return {
    time: startMs / 1000, open: value, high: value, low: value, close: value, volume: quoted ? -1 : 0, wap: quoted ? -1 : value,
    count: quoted ? -1 : 0,
  };
}

/** Midpoints and VWAPs can carry binary noise; TWS sends them rounded. */
function roundBar(b: RealTimeBar): RealTimeBar {
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return { ...b, open: r(b.open), high: r(b.high), low: r(b.low), close: r(b.close), wap: b.wap === -1 ? -1 : r(b.wap) };
}

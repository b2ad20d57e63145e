/**
 * Historical data: reqHistoricalData (bars from the same seeded model as the live quotes) with keepUpToDate
 * updates, cancelHistoricalData, reqHeadTimestamp, reqHistogramData, and IBKR's historical pacing rules (162).
 */
import type { HistoricalBar, Market } from './market/types.js';
import { QuoteField } from './market/types.js';
import { formatEasternDate, formatEasternDateTime } from './market/index.js';
import type { FieldReader } from './protocol/fields.js';
import { IN } from './protocol/messageIds.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import {
  decodeReqHeadTimestamp,
  decodeReqHistogramData,
  decodeReqHistoricalData,
  type HistoricalDataRequest,
} from './protocol/requests/contractsAndHistory.js';
import {
  encodeHeadTimestamp,
  encodeHistogramData,
  encodeHistoricalData,
  encodeHistoricalDataUpdate,
  encodeHistoricalTicksLast,
} from './protocol/encoders/history.js';
import { readContractWithPrimary } from './protocol/requests/contract.js';
import type { WireBar } from './protocol/wireTypes.js';
import type { RequestHandler, Session } from './session.js';
import { contractQuery } from './session-convert.js';

/** IBKR's documented limits for small bars (≤ 30 s): identical request within 15 s; ≥ 6 for one contract in 2 s; > 60 in 10 min. */
const IDENTICAL_WINDOW_MS = 15_000;
const SAME_CONTRACT_WINDOW_MS = 2_000;
const SAME_CONTRACT_MAX = 5;
const TEN_MINUTES_MS = 600_000;
const TEN_MINUTE_MAX = 60;
const SMALL_BAR = /^(1|5|10|15|30) secs?$/;
/** keepUpToDate: at most one update per request per this interval (TWS sends a few per second at most). */
const UPDATE_INTERVAL_MS = 250;

interface LiveBar {
  session: Session;
  reqId: number;
  conId: number;
  bar: WireBar;
  /** Start of the bar being updated (epoch ms) and the bar length; a trade after its end opens the next bar. */
  startMs: number;
  periodMs: number;
  formatDate: number;
  lastSent: number;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { sec: 1, min: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_592_000 };

/** "5 mins" → 300000; unknown settings fall back to one minute. */
function barPeriodMs(barSizeSetting: string): number {
  const m = /^(\d+)\s*(sec|min|hour|day|week|month)s?$/i.exec(barSizeSetting.trim());
  if (!m) return 60_000;
  return Number(m[1]) * (UNIT_SECONDS[(m[2] as string).toLowerCase()] ?? 60) * 1000;
}

function formatBarTime(startMs: number, periodMs: number, formatDate: number): string {
  if (periodMs >= 86_400_000) return formatEasternDate(startMs);
  return formatDate === 2 ? String(Math.floor(startMs / 1000)) : formatEasternDateTime(startMs);
}

export class HistoryHub {
  private readonly recent: { key: string; conId: number; at: number }[] = [];
  private readonly live = new Map<string, LiveBar>();
  private readonly byConId = new Map<number, Set<LiveBar>>();

  constructor(private readonly market: Market) {
    market.onChange((conId, changed, q) => {
      const set = this.byConId.get(conId);
      if (!set) return;
      const now = market.now();
      for (const live of set) {
        if (now >= live.startMs + live.periodMs) {
          // The bar period ended: TWS starts the next bar at the current price.
          live.startMs += Math.floor((now - live.startMs) / live.periodMs) * live.periodMs;
          live.bar = { date: formatBarTime(live.startMs, live.periodMs, live.formatDate), open: q.last, high: q.last, low: q.last, close: q.last, volume: 0, wap: q.last, barCount: 0 };
        }
        const b = live.bar;
        b.close = q.last;
        if (q.last > b.high) b.high = q.last;
        if (q.last < b.low) b.low = q.last;
        if (changed & QuoteField.LAST && b.volume >= 0) {
          b.wap = (b.wap * b.volume + q.last * q.lastSize) / Math.max(1, b.volume + q.lastSize);
          b.volume += q.lastSize;
          b.barCount += 1;
        }
        // Updates are paced in real time (a fast simulated clock must not flood the client).
        const real = performance.now();
        if (real - live.lastSent < UPDATE_INTERVAL_MS) continue;
        live.lastSent = real;
        live.session.send(encodeHistoricalDataUpdate(live.reqId, b));
      }
    });
  }

  handlers(): [number, RequestHandler][] {
    return [
      [IN.REQ_HISTORICAL_DATA, (s, r) => this.reqHistoricalData(s, r)],
      [IN.CANCEL_HISTORICAL_DATA, (s, r) => this.cancel(s, r)],
      [IN.REQ_HEAD_TIMESTAMP, (s, r) => this.reqHeadTimestamp(s, r)],
      [IN.CANCEL_HEAD_TIMESTAMP, () => undefined],
      [IN.REQ_HISTOGRAM_DATA, (s, r) => this.reqHistogram(s, r)],
      [IN.CANCEL_HISTOGRAM_DATA, () => undefined],
      [IN.REQ_HISTORICAL_TICKS, (s, r) => this.reqHistoricalTicks(s, r)],
    ];
  }

  dropSession(session: Session): void {
    for (const [key, live] of this.live) if (live.session === session) this.remove(key, live);
  }

  private reqHistoricalData(session: Session, r: FieldReader): void {
    const req = decodeReqHistoricalData(r);
    const details = this.market.catalogue.resolve(contractQuery(req.contract));
    if (!details) return session.sendError(req.reqId, ERR.NO_SECURITY_DEFINITION, TEXT.noSecurityDefinition);
    const conId = details.contract.conId;
    if (this.violatesPacing(req, conId)) return session.sendError(req.reqId, ERR.HISTORICAL_PACING, TEXT.historicalPacing);
    const outcome = this.market.history({
      conId,
      endDateTime: req.endDateTime,
      durationStr: req.durationStr,
      barSizeSetting: req.barSizeSetting,
      whatToShow: req.whatToShow,
      useRTH: req.useRTH,
      formatDate: req.formatDate,
    });
    if (!outcome.ok) return session.sendError(req.reqId, outcome.code, outcome.message);
    const bars = outcome.bars.map(wireBar);
    session.send(encodeHistoricalData(session.serverVersion, req.reqId, outcome.startDateStr, outcome.endDateStr, bars));
    const lastBar = outcome.bars.at(-1);
    const last = bars.at(-1);
    if (req.keepUpToDate && last && lastBar) {
      const live: LiveBar = {
        session,
        reqId: req.reqId,
        conId,
        bar: { ...last },
        startMs: lastBar.startMs,
        periodMs: barPeriodMs(req.barSizeSetting),
        formatDate: req.formatDate,
        lastSent: Number.NEGATIVE_INFINITY,
      };
      this.live.set(liveKey(session, req.reqId), live);
      let set = this.byConId.get(conId);
      if (!set) this.byConId.set(conId, (set = new Set()));
      set.add(live);
    }
  }

  private cancel(session: Session, r: FieldReader): void {
    r.int(); // version
    const reqId = r.int();
    const key = liveKey(session, reqId);
    const live = this.live.get(key);
    if (live) this.remove(key, live);
  }

  private remove(key: string, live: LiveBar): void {
    this.live.delete(key);
    const set = this.byConId.get(live.conId);
    set?.delete(live);
    if (set && set.size === 0) this.byConId.delete(live.conId);
  }

  private violatesPacing(req: HistoricalDataRequest, conId: number): boolean {
    // IBKR's pacing windows are real durations, whatever instant the simulated clock shows.
    const now = performance.now();
    while (this.recent.length > 0 && now - (this.recent[0] as { at: number }).at > TEN_MINUTES_MS) this.recent.shift();
    const key = [conId, req.endDateTime, req.barSizeSetting, req.durationStr, req.whatToShow, req.useRTH].join('|');
    const small = SMALL_BAR.test(req.barSizeSetting.trim());
    const violation =
      this.recent.length >= TEN_MINUTE_MAX ||
      (small && this.recent.some((e) => e.key === key && now - e.at < IDENTICAL_WINDOW_MS)) ||
      (small && this.recent.filter((e) => e.conId === conId && now - e.at < SAME_CONTRACT_WINDOW_MS).length >= SAME_CONTRACT_MAX);
    if (!violation && small) this.recent.push({ key, conId, at: now });
    return violation;
  }

  private reqHeadTimestamp(session: Session, r: FieldReader): void {
    const req = decodeReqHeadTimestamp(r);
    const details = this.market.catalogue.resolve(contractQuery(req.contract));
    if (!details) return session.sendError(req.reqId, ERR.NO_SECURITY_DEFINITION, TEXT.noSecurityDefinition);
    const head = this.market.headTimestamp(details.contract.conId, req.whatToShow, req.useRTH, req.formatDate);
    if (head === undefined) return session.sendError(req.reqId, ERR.HISTORICAL_PACING, TEXT.historicalNoData);
    session.send(encodeHeadTimestamp(req.reqId, head));
  }

  /**
   * reqHistoricalTicks (TRADES): up to numberOfTicks trades ending at endDateTime (or starting at
   * startDateTime), derived from one-minute bars of the same model: one trade per bar at its close.
   */
  private reqHistoricalTicks(session: Session, r: FieldReader): void {
    const reqId = r.int();
    const contract = readContractWithPrimary(r);
    r.bool(); // includeExpired
    const startDateTime = r.str();
    const endDateTime = r.str();
    const numberOfTicks = Math.max(1, Math.min(r.int(1000), 1000));
    r.str(); // whatToShow (TRADES answered; BID_ASK/MIDPOINT answered with trades too)
    const useRTH = r.bool();
    r.skip(2); // ignoreSize, miscOptions
    const details = this.market.catalogue.resolve(contractQuery(contract));
    if (!details) return session.sendError(reqId, ERR.NO_SECURITY_DEFINITION, TEXT.noSecurityDefinition);
    const outcome = this.market.history({
      conId: details.contract.conId,
      endDateTime: endDateTime || startDateTime,
      durationStr: '1 D',
      barSizeSetting: '1 min',
      whatToShow: 'TRADES',
      useRTH,
      formatDate: 2,
    });
    if (!outcome.ok) return session.sendError(reqId, outcome.code, outcome.message);
    const ticks = outcome.bars
      .slice(-numberOfTicks)
      .map((b) => ({ time: Math.floor(b.startMs / 1000), price: b.close, size: Math.max(1, Math.round(b.volume / Math.max(1, b.count))), exchange: 'ISLAND' }));
    session.send(encodeHistoricalTicksLast(reqId, ticks, true));
  }

  /** A price/volume histogram over the requested period, from 5-minute bars of the same model. */
  private reqHistogram(session: Session, r: FieldReader): void {
    const req = decodeReqHistogramData(r);
    const details = this.market.catalogue.resolve(contractQuery(req.contract));
    if (!details) return session.sendError(req.reqId, ERR.NO_SECURITY_DEFINITION, TEXT.noSecurityDefinition);
    const period = /^(\d+)\s*(day|days|week|weeks|month|months)$/i.exec(req.timePeriod.trim());
    const amount = period ? Number(period[1]) : 1;
    const unit = period ? (period[2] as string).charAt(0).toUpperCase() : 'D';
    const outcome = this.market.history({
      conId: details.contract.conId,
      durationStr: `${amount} ${unit}`,
      barSizeSetting: '5 mins',
      whatToShow: 'TRADES',
      useRTH: req.useRTH,
      formatDate: 2,
    });
    if (!outcome.ok) return session.sendError(req.reqId, outcome.code, outcome.message);
    const buckets = new Map<number, number>();
    const step = details.minTick * 10;
    for (const bar of outcome.bars) {
      const price = Math.round(bar.close / step) * step;
      const key = Number(price.toFixed(6));
      buckets.set(key, (buckets.get(key) ?? 0) + Math.max(0, bar.volume));
    }
    const items = [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([price, size]) => ({ price, size }));
    session.send(encodeHistogramData(req.reqId, items));
  }
}

function liveKey(session: Session, reqId: number): string {
  return `${session.clientId}:${reqId}`;
}

function wireBar(b: HistoricalBar): WireBar {
  return { date: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, wap: b.wap, barCount: b.count };
}

/**
 * Historical bars from the same model as the live quotes: a seeded walk generated backwards from the instrument's
 * current price, so a chart ends where the live ticks continue. Same seed, contract, bar size, end time and
 * current price → the same bars. MIDPOINT/BID/ASK share the TRADES path (offset by half the spread), so switching
 * whatToShow does not change the picture's shape.
 *
 * Bars fall in the instrument's sessions (tradingHours.ts: the whole session, or the liquid one with useRTH):
 * stocks 04:00–20:00 ET (09:30–16:00 with useRTH), indices and options 09:30–16:00, futures Sunday 18:00 to
 * Friday 17:00 with a daily break, EUREX in Frankfurt hours; an exchange holiday has no bars, an early close fewer.
 */
import { easternToUtc, formatEasternDate, formatEasternDateTime, parseTwsDateTime, toEastern } from './easternTime.js';
import { tradingDay, type Venue } from './tradingHours.js';
import { Random, hashString, mixSeed } from './random.js';
import type { HistoricalBar, HistoryOutcome, HistoryRequest, MarketError, SecType } from './types.js';

export interface HistoryContext {
  seed: number;
  conId: number;
  symbol: string;
  secType: SecType;
  exchange: string;
  venue: Venue;
  minTick: number;
  volatility: number;
  dailyVolume: number;
  /** Shares per lot: volumes are multiples of it. */
  lot: number;
  /** Current price the series ends at. */
  anchor: number;
  halfSpread: number;
  nowMs: number;
  /** Earliest data, epoch ms. */
  headMs: number;
}

const DAY_MS = 86_400_000;
const MAX_BARS = 200_000;
const STEPS_PER_YEAR_SEC = 252 * 23_400;

type Unit = 'sec' | 'day' | 'week' | 'month';
interface BarSize {
  unit: Unit;
  seconds: number;
}

const fail = (code: number, message: string): MarketError => ({ ok: false, code, message });
const hmds = (text: string): MarketError => fail(162, `Historical Market Data Service error message:${text}`);

export function parseBarSize(setting: string): BarSize | undefined {
  const m = /^(\d+)\s+(secs?|mins?|hours?|days?|weeks?|months?)$/i.exec(setting.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n <= 0) return undefined;
  const unit = m[2]!.toLowerCase();
  if (unit.startsWith('sec')) return { unit: 'sec', seconds: n };
  if (unit.startsWith('min')) return { unit: 'sec', seconds: n * 60 };
  if (unit.startsWith('hour')) return { unit: 'sec', seconds: n * 3600 };
  if (n !== 1) return undefined; // TWS offers only "1 day", "1 week", "1 month"
  if (unit.startsWith('day')) return { unit: 'day', seconds: 86_400 };
  if (unit.startsWith('week')) return { unit: 'week', seconds: 5 * 86_400 };
  return { unit: 'month', seconds: 21 * 86_400 };
}

interface Duration {
  n: number;
  unit: 'S' | 'D' | 'W' | 'M' | 'Y';
}

export function parseDuration(text: string): Duration | undefined {
  const m = /^(\d+)\s+([SDWMY])$/i.exec(text.trim());
  if (!m || Number(m[1]) <= 0) return undefined;
  return { n: Number(m[1]), unit: m[2]!.toUpperCase() as Duration['unit'] };
}

/** Trading session [open, close) in ms of the trading day dated like `dayNoonMs`, or undefined on a closed day. */
function session(ctx: HistoryContext, dayNoonMs: number, useRTH: boolean): [number, number] | undefined {
  const day = tradingDay(ctx.venue, dayNoonMs);
  return day && (useRTH ? day.liquid : day.trading);
}

/** Noon (Eastern) of the day `offset` days from the day containing `ms`: a safe anchor for date arithmetic. */
function noonOf(ms: number, offset = 0): number {
  const w = toEastern(ms);
  return easternToUtc(w.year, w.month - 1, w.day + offset, 12);
}

/** Start of the requested window (ms). */
function windowStart(ctx: HistoryContext, end: number, d: Duration, useRTH: boolean): number {
  const w = toEastern(end);
  switch (d.unit) {
    case 'S':
      return end - d.n * 1000;
    case 'W':
      return end - d.n * 7 * DAY_MS;
    case 'M':
      return easternToUtc(w.year, w.month - 1 - d.n, w.day, w.hour, w.minute, w.second);
    case 'Y':
      return easternToUtc(w.year - d.n, w.month - 1, w.day, w.hour, w.minute, w.second);
    case 'D': {
      // N trading days, counting today only if its session has begun before `end`.
      let counted = 0;
      for (let i = 0; i < d.n * 3 + 10; i++) {
        const s = session(ctx, noonOf(end, -i), useRTH);
        if (!s || s[0] >= end) continue;
        counted++;
        if (counted === d.n) return s[0];
      }
      return end - d.n * DAY_MS;
    }
  }
}

function barStarts(ctx: HistoryContext, start: number, end: number, size: BarSize, useRTH: boolean): number[] | MarketError {
  const starts: number[] = [];
  if (size.unit === 'sec') {
    const step = size.seconds * 1000;
    if ((end - start) / step > MAX_BARS * 3) return hmds('Time length exceed max.');
    for (let day = noonOf(start, -1); day < end + DAY_MS; day = noonOf(day, 1)) {
      const s = session(ctx, day, useRTH);
      if (!s) continue;
      // Bars are aligned to the session open, as TWS aligns RTH bars to 09:30.
      for (let t = s[0]; t < s[1] && t < end; t += step) if (t >= start) starts.push(t);
      if (starts.length > MAX_BARS) return hmds('Time length exceed max.');
    }
    return starts;
  }
  let lastKey = '';
  // Days are walked by their noon, but a day counts as soon as its session has opened: at 10:00 today's bar
  // exists although noon has not come (and a futures session opens the evening before its date).
  for (let day = noonOf(start); day <= end + DAY_MS; day = noonOf(day, 1)) {
    const s = session(ctx, day, useRTH);
    if (!s || s[0] >= end || s[1] <= start) continue;
    const w = toEastern(day);
    // One bar per trading day / ISO-ish week (Monday-based) / month, stamped with its first trading day.
    const key =
      size.unit === 'day' ? String(day) : size.unit === 'week' ? String(noonOf(day, -((w.weekday + 6) % 7))) : `${w.year}-${w.month}`;
    if (key === lastKey) continue;
    lastKey = key;
    starts.push(day);
  }
  return starts;
}

const roundTo = (x: number, tick: number): number => Math.round(Math.round(x / tick) * tick * 1e8) / 1e8;

export function generateHistory(ctx: HistoryContext, req: HistoryRequest): HistoryOutcome {
  const size = parseBarSize(req.barSizeSetting);
  if (!size) return fail(321, `Error validating request.-'bP' : cause - Historical data bar size setting is invalid.`);
  const duration = parseDuration(req.durationStr);
  if (!duration) return fail(321, `Error validating request.-'bQ' : cause - Historical data duration format is invalid.`);
  const what = req.whatToShow.trim().toUpperCase();
  if (!['TRADES', 'MIDPOINT', 'BID', 'ASK', 'BID_ASK'].includes(what)) {
    return fail(321, `Error validating request.-'bR' : cause - Invalid what to show value: ${req.whatToShow}.`);
  }
  if (what === 'TRADES' && ctx.secType === 'CASH') {
    return hmds(`No historical market data for ${ctx.symbol}/CASH@${ctx.exchange} Last ${req.barSizeSetting}`);
  }
  let end = ctx.nowMs;
  if (req.endDateTime && req.endDateTime.trim() !== '') {
    const parsed = parseTwsDateTime(req.endDateTime);
    if (parsed === undefined) return fail(321, `Error validating request.-'bO' : cause - Invalid end date/time: ${req.endDateTime}`);
    end = Math.min(parsed, ctx.nowMs);
  }
  const start = Math.max(windowStart(ctx, end, duration, req.useRTH), ctx.headMs);
  const starts = barStarts(ctx, start, end, size, req.useRTH);
  if (!Array.isArray(starts)) return starts;
  if (starts.length === 0) return hmds('HMDS query returned no data: ' + `${ctx.symbol}@${ctx.exchange} ${what}`);

  const rng = new Random(mixSeed(ctx.seed, ctx.conId, size.seconds, hashString(size.unit), Math.floor(end / 1000)));
  const sigma = ctx.volatility * Math.sqrt(size.seconds / STEPS_PER_YEAR_SEC) * (size.unit === 'sec' ? 1 : Math.sqrt(23_400 / 86_400));
  const offset = what === 'BID' ? -ctx.halfSpread : what === 'ASK' ? ctx.halfSpread : 0;
  const quoteData = what !== 'TRADES';
  const intraday = size.unit === 'sec';
  const bars: HistoricalBar[] = new Array<HistoricalBar>(starts.length);
  let close = ctx.anchor;
  for (let i = starts.length - 1; i >= 0; i--) {
    const t = starts[i]!;
    const ret = rng.normal() * sigma;
    const open = close * Math.exp(-ret);
    const wick1 = Math.abs(rng.normal()) * sigma * 0.5;
    const wick2 = Math.abs(rng.normal()) * sigma * 0.5;
    const o = roundTo(open + offset, ctx.minTick);
    const c = roundTo(close + offset, ctx.minTick);
    const h = Math.max(o, c, roundTo(Math.max(open, close) * (1 + wick1) + offset, ctx.minTick));
    const l = Math.min(o, c, roundTo(Math.min(open, close) * (1 - wick2) + offset, ctx.minTick));
    const share = intraday ? size.seconds / 23_400 : size.seconds / 86_400;
    const volume =
      ctx.dailyVolume > 0 ? roundTo(Math.max(ctx.lot, Math.round((ctx.dailyVolume * share * (0.5 + rng.next())) / ctx.lot) * ctx.lot), ctx.lot) : 0;
    const time = intraday
      ? req.formatDate === 2
        ? String(Math.floor(t / 1000))
        : formatEasternDateTime(t)
      : formatEasternDate(t);
    bars[i] = {
      time,
      startMs: t,
      open: o,
      high: h,
      low: l,
      close: c,
      volume: quoteData ? -1 : volume,
      wap: quoteData ? -1 : Math.round(((h + l + c) / 3) * 1e4) / 1e4,
      count: quoteData ? -1 : volume === 0 ? 0 : Math.max(1, Math.round(volume / (ctx.lot * 3))),
    };
    close = open;
  }
  return { ok: true, startDateStr: formatEasternDateTime(start), endDateStr: formatEasternDateTime(end), bars };
}

/** reqHeadTimestamp answer for the instrument's first day of data. */
export function headTimestamp(headMs: number, formatDate: number): string {
  return formatDate === 2 ? String(Math.floor(headMs / 1000)) : formatEasternDateTime(headMs);
}

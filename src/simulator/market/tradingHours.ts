/**
 * When each instrument trades: one table of venues, used for everything that depends on the time of day, so the
 * trading-hours strings in contractDetails, the bars history returns, whether quotes move and whether an order can
 * work all tell the same story.
 *
 * A venue's trading day has its whole session (`trading`, what tradingHours lists) and its liquid part (`liquid`,
 * what liquidHours lists: regular trading hours). US stocks also trade before and after the regular session, but
 * only orders flagged outsideRth (and never market orders) work there, as at IBKR. Futures, FX and crypto orders
 * work whenever their venue trades. Exchange holidays close a venue for the day and early closes shorten it
 * (exchangeHolidays.ts): the hours strings say CLOSED, no bars are made for it, quotes stand still and orders wait.
 */
import { dayKind, type HolidayCalendar } from './exchangeHolidays.js';
import type { SecType } from './types.js';
import { formatZonedDate, formatZonedHourMinute, toZoned, zonedToUtc, type TimeZoneId } from './timeZones.js';

export type Venue =
  | 'us-stock'
  | 'us-option'
  | 'us-index'
  | 'cme-future'
  | 'idealpro'
  | 'crypto'
  | 'eurex-index'
  | 'eurex-future'
  | 'eurex-option'
  | 'xetra-stock';

/** What the market is doing at an instant: regular hours, extended (pre-/after-market) hours, or closed. */
export type MarketPhase = 'regular' | 'extended' | 'closed';

type Span = readonly [number, number]; // [from, to) in minutes after local midnight; from < 0 = the evening before

interface VenueRule {
  zone: TimeZoneId;
  /** Weekdays (0 = Sunday) that are trading days. */
  days: readonly number[];
  trading: Span;
  liquid: Span;
  /** Outside `liquid` only outsideRth limit-type orders work (US stocks); otherwise any order works in `trading`. */
  rthOrders: boolean;
  /** The exchange holidays the venue keeps (none: it trades on its weekdays all year). */
  calendar?: HolidayCalendar;
  /** The spans of an early-close day of its calendar. */
  earlyClose?: { trading: Span; liquid: Span };
}

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6] as const;
const hm = (h: number, m = 0): number => h * 60 + m;

// NYSE early closes: the regular session ends at 13:00, after-hours trading at 17:00.
const NYSE = { calendar: 'nyse', earlyClose: { trading: [hm(4), hm(17)], liquid: [hm(9, 30), hm(13)] } } as const;
const NYSE_RTH = { calendar: 'nyse', earlyClose: { trading: [hm(9, 30), hm(13)], liquid: [hm(9, 30), hm(13)] } } as const;

const RULES: Readonly<Record<Venue, VenueRule>> = {
  'us-stock': { zone: 'US/Eastern', days: WEEKDAYS, trading: [hm(4), hm(20)], liquid: [hm(9, 30), hm(16)], rthOrders: true, ...NYSE },
  'us-option': { zone: 'US/Eastern', days: WEEKDAYS, trading: [hm(9, 30), hm(16)], liquid: [hm(9, 30), hm(16)], rthOrders: true, ...NYSE_RTH },
  'us-index': { zone: 'US/Eastern', days: WEEKDAYS, trading: [hm(9, 30), hm(16)], liquid: [hm(9, 30), hm(16)], rthOrders: true, ...NYSE_RTH },
  // CME Globex: Sunday to Friday, each day's session opens at 18:00 the evening before and breaks 17:00–18:00.
  'cme-future': { zone: 'US/Eastern', days: WEEKDAYS, trading: [hm(18) - hm(24), hm(17)], liquid: [hm(9, 30), hm(16)], rthOrders: false },
  // IDEALPRO: Sunday 17:15 to Friday 17:00 New York time.
  idealpro: { zone: 'US/Eastern', days: WEEKDAYS, trading: [hm(17, 15) - hm(24), hm(17)], liquid: [hm(17, 15) - hm(24), hm(17)], rthOrders: false },
  crypto: { zone: 'US/Eastern', days: EVERY_DAY, trading: [0, hm(24)], liquid: [0, hm(24)], rthOrders: false },
  'eurex-index': { zone: 'MET', days: WEEKDAYS, trading: [hm(9), hm(17, 30)], liquid: [hm(9), hm(17, 30)], rthOrders: true, calendar: 'eurex' },
  // EUREX T7 index futures: 01:10 to 22:00 Frankfurt time, the liquid session 09:00–17:30.
  'eurex-future': { zone: 'MET', days: WEEKDAYS, trading: [hm(1, 10), hm(22)], liquid: [hm(9), hm(17, 30)], rthOrders: false, calendar: 'eurex' },
  'eurex-option': { zone: 'MET', days: WEEKDAYS, trading: [hm(9), hm(17, 30)], liquid: [hm(9), hm(17, 30)], rthOrders: true, calendar: 'eurex' },
  'xetra-stock': { zone: 'MET', days: WEEKDAYS, trading: [hm(9), hm(17, 30)], liquid: [hm(9), hm(17, 30)], rthOrders: true, calendar: 'eurex' },
};

const EUROPEAN_EXCHANGES = new Set(['EUREX', 'IBIS', 'XETRA', 'FWB']);

/** The venue of an instrument, from its security type and where it is listed. */
export function venueOf(secType: SecType, exchange: string, currency: string): Venue {
  const european = EUROPEAN_EXCHANGES.has(exchange) || (secType === 'STK' && currency === 'EUR');
  switch (secType) {
    case 'STK':
      return european ? 'xetra-stock' : 'us-stock';
    case 'OPT':
      return european ? 'eurex-option' : 'us-option';
    case 'IND':
      return european ? 'eurex-index' : 'us-index';
    case 'FUT':
      return european ? 'eurex-future' : 'cme-future';
    case 'CASH':
      return 'idealpro';
    case 'CRYPTO':
      return 'crypto';
  }
}

export function timeZoneOf(venue: Venue): TimeZoneId {
  return RULES[venue].zone;
}

/** The [open, close) instants of a span on the trading day dated (year, month0, day) in the venue's zone. */
function spanOn(rule: VenueRule, year: number, month0: number, day: number, span: Span): [number, number] {
  const at = (minutes: number): number => zonedToUtc(rule.zone, year, month0, day, 0, minutes);
  return [at(span[0]), at(span[1])];
}

export interface TradingDay {
  /** yyyyMMdd in the venue's zone. */
  date: string;
  trading: [number, number];
  liquid: [number, number];
}

/**
 * The trading day `offset` days from the venue-local date of `ms`, or undefined when that date does not trade (a
 * weekend or an exchange holiday); an early-close day has its shortened spans.
 */
export function tradingDay(venue: Venue, ms: number, offset = 0): TradingDay | undefined {
  const rule = RULES[venue];
  const local = toZoned(rule.zone, ms);
  // Noon of the wanted date, so month ends and DST changes need no special cases.
  const noon = zonedToUtc(rule.zone, local.year, local.month - 1, local.day + offset, 12);
  const w = toZoned(rule.zone, noon);
  if (!rule.days.includes(w.weekday)) return undefined;
  const kind = rule.calendar ? dayKind(rule.calendar, w.year, w.month - 1, w.day) : 'open';
  if (kind === 'holiday') return undefined;
  const spans = kind === 'early-close' && rule.earlyClose ? rule.earlyClose : rule;
  return {
    date: formatZonedDate(rule.zone, noon),
    trading: spanOn(rule, w.year, w.month - 1, w.day, spans.trading),
    liquid: spanOn(rule, w.year, w.month - 1, w.day, spans.liquid),
  };
}

const inside = (ms: number, [from, to]: readonly [number, number]): boolean => ms >= from && ms < to;

/** Regular, extended or closed at `ms`. (A session that opens the evening before belongs to the next date.) */
export function phaseAt(venue: Venue, ms: number): MarketPhase {
  for (const offset of [0, 1]) {
    const day = tradingDay(venue, ms, offset);
    if (!day) continue;
    if (inside(ms, day.liquid)) return 'regular';
    if (inside(ms, day.trading)) return 'extended';
  }
  return 'closed';
}

/** Whether an order can work at `ms`: MKT needs regular hours where orders keep to them; others need outsideRth there. */
export function orderCanWork(venue: Venue, ms: number, orderType: string, outsideRth: boolean): boolean {
  const phase = phaseAt(venue, ms);
  if (phase === 'closed') return false;
  if (phase === 'regular' || !RULES[venue].rthOrders) return true;
  return outsideRth && orderType !== 'MKT';
}

/** The first instant at or after `ms` when such an order can work (a week ahead at most; always found). */
export function nextWorkingInstant(venue: Venue, ms: number, orderType: string, outsideRth: boolean): number {
  const rule = RULES[venue];
  const extended = !rule.rthOrders || (outsideRth && orderType !== 'MKT');
  for (let offset = 0; offset <= 10; offset++) {
    const day = tradingDay(venue, ms, offset);
    if (!day) continue;
    const [open, close] = extended ? day.trading : day.liquid;
    if (ms < close) return Math.max(ms, open);
  }
  return ms;
}

/** TWS's hours string for seven days from the venue-local date of `nowMs`: "20260311:0400-20260311:2000;…:CLOSED". */
export function hoursString(venue: Venue, nowMs: number, which: 'trading' | 'liquid'): string {
  const rule = RULES[venue];
  const zone = rule.zone;
  const allDay = rule[which][1] - rule[which][0] >= hm(24);
  const days: string[] = [];
  for (let offset = 0; offset < 7; offset++) {
    const day = tradingDay(venue, nowMs, offset);
    if (!day) {
      const local = toZoned(zone, nowMs);
      days.push(`${formatZonedDate(zone, zonedToUtc(zone, local.year, local.month - 1, local.day + offset, 12))}:CLOSED`);
      continue;
    }
    const [from, to] = day[which];
    const stamp = (ms: number): string => `${formatZonedDate(zone, ms)}:${formatZonedHourMinute(zone, ms)}`;
    // A session running to midnight is written as 0000-2359 of the same day, as TWS lists crypto.
    days.push(allDay ? `${day.date}:0000-${day.date}:2359` : `${stamp(from)}-${stamp(to)}`);
  }
  return days.join(';');
}

/** When the session an order is working in ends (its DAY time in force runs out then); undefined when closed now. */
export function workingSessionEnd(venue: Venue, ms: number, orderType: string, outsideRth: boolean): number | undefined {
  const rule = RULES[venue];
  const extended = !rule.rthOrders || (outsideRth && orderType !== 'MKT');
  for (const offset of [0, 1]) {
    const day = tradingDay(venue, ms, offset);
    if (!day) continue;
    const span = extended ? day.trading : day.liquid;
    if (inside(ms, span)) return span[1];
  }
  return undefined;
}

/** "2026-03-12 09:30:00 US/Eastern": how TWS writes an instant in its order warnings. */
export function formatVenueInstant(venue: Venue, ms: number): string {
  const zone = RULES[venue].zone;
  const w = toZoned(zone, ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)} ${zone}`;
}

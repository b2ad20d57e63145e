/**
 * US/Eastern wall-clock time without Intl (which is slow and allocates): TWS reports US instruments' times, trading
 * hours and bar dates in the instrument's zone, and all catalogue instruments use US/Eastern.
 *
 * DST rule (since 2007): from the second Sunday of March 02:00 local to the first Sunday of November 02:00 local.
 */

const HOUR = 3_600_000;

/** Day of month of the n-th Sunday of (year, month 0-based). */
function nthSunday(year: number, month: number, n: number): number {
  const firstDow = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - firstDow) % 7) + (n - 1) * 7;
}

/** Offset of US/Eastern from UTC in ms at the given instant (-4 h in summer, -5 h in winter). */
export function easternOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
  const dstStart = Date.UTC(year, 2, nthSunday(year, 2, 2), 7);
  const dstEnd = Date.UTC(year, 10, nthSunday(year, 10, 1), 6);
  return utcMs >= dstStart && utcMs < dstEnd ? -4 * HOUR : -5 * HOUR;
}

/** The instant of a US/Eastern wall-clock time. */
export function easternToUtc(year: number, month0: number, day: number, hour = 0, minute = 0, second = 0): number {
  const naive = Date.UTC(year, month0, day, hour, minute, second);
  // Try the winter offset first, then correct if that instant is in summer time.
  const guess = naive + 5 * HOUR;
  return naive - easternOffsetMs(guess);
}

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

export function toEastern(utcMs: number): WallClock {
  const d = new Date(utcMs + easternOffsetMs(utcMs));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** yyyyMMdd of the Eastern date. */
export function formatEasternDate(utcMs: number): string {
  const w = toEastern(utcMs);
  return `${w.year}${pad2(w.month)}${pad2(w.day)}`;
}

/** "yyyyMMdd HH:mm:ss" in Eastern time; `separator` lets executions use TWS's two spaces. */
export function formatEasternDateTime(utcMs: number, separator = ' '): string {
  const w = toEastern(utcMs);
  return `${w.year}${pad2(w.month)}${pad2(w.day)}${separator}${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`;
}

/** "HH:mm" Eastern (ACCT_UPDATE_TIME). */
export function formatEasternHourMinute(utcMs: number): string {
  const w = toEastern(utcMs);
  return `${pad2(w.hour)}:${pad2(w.minute)}`;
}

/**
 * Parses the date-times clients send (reqHistoricalData endDateTime, reqExecutions time):
 * "yyyyMMdd HH:mm:ss" (Eastern unless a zone follows; "UTC"/"GMT" honoured, any other zone read as Eastern),
 * "yyyyMMdd-HH:mm:ss" (UTC, IBKR's recommended form), "yyyyMMdd" (Eastern midnight). Undefined when malformed.
 */
export function parseTwsDateTime(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:([ -]+)(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s+(\S+))?$/.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month0 = Number(m[2]) - 1;
  const day = Number(m[3]);
  const hour = m[5] ? Number(m[5]) : 0;
  const minute = m[6] ? Number(m[6]) : 0;
  const second = m[7] ? Number(m[7]) : 0;
  if (month0 < 0 || month0 > 11 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = m[8]?.toUpperCase();
  const utc = (m[4]?.trim() === '-' && zone === undefined) || zone === 'UTC' || zone === 'GMT';
  return utc ? Date.UTC(year, month0, day, hour, minute, second) : easternToUtc(year, month0, day, hour, minute, second);
}

/**
 * Wall-clock time in the two zones the catalogue trades in, without Intl (slow, allocating, and its tz data
 * differs between machines): US/Eastern for US instruments and MET (Central European Time, as TWS names the zone
 * of EUREX and XETRA) for European ones.
 *
 * DST rules: US since 2007, from the second Sunday of March 02:00 local to the first Sunday of November 02:00
 * local; EU, from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
 */

export type TimeZoneId = 'US/Eastern' | 'MET';

const HOUR = 3_600_000;

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

/** Day of month of the n-th Sunday of (year, month 0-based). */
function nthSunday(year: number, month: number, n: number): number {
  const firstDow = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - firstDow) % 7) + (n - 1) * 7;
}

/** Day of month of the last Sunday of (year, month 0-based). */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/** Offset of the zone from UTC in ms at the given instant. */
export function zoneOffsetMs(zone: TimeZoneId, utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  if (zone === 'MET') {
    const dstStart = Date.UTC(year, 2, lastSunday(year, 2), 1);
    const dstEnd = Date.UTC(year, 9, lastSunday(year, 9), 1);
    return utcMs >= dstStart && utcMs < dstEnd ? 2 * HOUR : HOUR;
  }
  // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
  const dstStart = Date.UTC(year, 2, nthSunday(year, 2, 2), 7);
  const dstEnd = Date.UTC(year, 10, nthSunday(year, 10, 1), 6);
  return utcMs >= dstStart && utcMs < dstEnd ? -4 * HOUR : -5 * HOUR;
}

/** The instant of a wall-clock time in the zone (days and months may overflow, as with Date.UTC). */
export function zonedToUtc(zone: TimeZoneId, year: number, month0: number, day: number, hour = 0, minute = 0, second = 0): number {
  const naive = Date.UTC(year, month0, day, hour, minute, second);
  // Guess with the standard offset, then correct if that instant is in summer time.
  const standard = zone === 'MET' ? HOUR : -5 * HOUR;
  return naive - zoneOffsetMs(zone, naive - standard);
}

export function toZoned(zone: TimeZoneId, utcMs: number): WallClock {
  const d = new Date(utcMs + zoneOffsetMs(zone, utcMs));
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

/** yyyyMMdd of the date in the zone. */
export function formatZonedDate(zone: TimeZoneId, utcMs: number): string {
  const w = toZoned(zone, utcMs);
  return `${w.year}${pad2(w.month)}${pad2(w.day)}`;
}

/** HHmm of the time in the zone (trading-hours strings). */
export function formatZonedHourMinute(zone: TimeZoneId, utcMs: number): string {
  const w = toZoned(zone, utcMs);
  return `${pad2(w.hour)}${pad2(w.minute)}`;
}

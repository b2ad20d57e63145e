/**
 * US/Eastern wall-clock time: the simulated TWS runs on New York time, so the times it writes in its own zone
 * (bar dates, execution times, the account update time, the handshake) are Eastern; trading hours are written in
 * each instrument's zone (market/tradingHours.ts).
 *
 * The zone arithmetic itself lives in timeZones.ts (shared with the European zone).
 */

import { toZoned, zoneOffsetMs, zonedToUtc, type WallClock } from './timeZones.js';

export type { WallClock } from './timeZones.js';

/** Offset of US/Eastern from UTC in ms at the given instant (-4 h in summer, -5 h in winter). */
export function easternOffsetMs(utcMs: number): number {
  return zoneOffsetMs('US/Eastern', utcMs);
}

/** The instant of a US/Eastern wall-clock time. */
export function easternToUtc(year: number, month0: number, day: number, hour = 0, minute = 0, second = 0): number {
  return zonedToUtc('US/Eastern', year, month0, day, hour, minute, second);
}

export function toEastern(utcMs: number): WallClock {
  return toZoned('US/Eastern', utcMs);
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

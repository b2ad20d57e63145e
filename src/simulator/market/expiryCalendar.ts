/**
 * Listed expiries, generated from the market clock's date rather than tabled, so the catalogue never lists a
 * contract that has expired and never runs out of contracts, whatever year the simulator thinks it is. Monthly
 * equity options, quarterly index futures and LEAPS all expire on a third Friday.
 */
import { easternToUtc, toEastern } from './easternTime.js';

const MONTH_CODES = 'FGHJKMNQUVXZ';
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;

/** yyyyMMdd of the third Friday of (year, month0); months overflow into later years. */
export function thirdFriday(year: number, month0: number): string {
  const first = toEastern(easternToUtc(year, month0, 1, 12));
  const day = 1 + ((5 - first.weekday + 7) % 7) + 14;
  return `${first.year}${String(first.month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

/** yyyyMMdd of the Eastern date of `nowMs`, as a number for comparisons. */
function todayKey(nowMs: number): number {
  const t = toEastern(nowMs);
  return t.year * 10_000 + t.month * 100 + t.day;
}

/**
 * The next `count` expiries ahead of `nowMs` (an expiry trades through its last day, so today's counts) among the
 * third Fridays of the months `monthStep` apart starting at `firstMonth0` (1 = every month; 3 from March =
 * the quarterly cycle).
 */
function nextThirdFridays(nowMs: number, count: number, monthStep: number, firstMonth0: number): string[] {
  const today = toEastern(nowMs);
  const key = todayKey(nowMs);
  const out: string[] = [];
  // Start at the first cycle month not before this month, then walk the cycle.
  let month0 = today.month - 1;
  while ((((month0 - firstMonth0) % monthStep) + monthStep) % monthStep !== 0) month0++;
  for (; out.length < count; month0 += monthStep) {
    const expiry = thirdFriday(today.year, month0);
    if (Number(expiry) >= key) out.push(expiry);
  }
  return out;
}

/** Monthly option expiries: the third Fridays of the next `count` months that have not expired. */
export function nextMonthlyExpiries(nowMs: number, count: number): string[] {
  return nextThirdFridays(nowMs, count, 1, 0);
}

/** Quarterly (March, June, September, December) expiries, the index futures cycle. */
export function nextQuarterlyExpiries(nowMs: number, count: number): string[] {
  return nextThirdFridays(nowMs, count, 3, 2);
}

/** LEAPS: the December expiries `yearsAhead` years after the clock's year (e.g. [1, 2] in 2026 → Dec 2027, Dec 2028). */
export function leapsExpiries(nowMs: number, yearsAhead: readonly number[]): string[] {
  const year = toEastern(nowMs).year;
  return yearsAhead.map((n) => thirdFriday(year + n, 11));
}

/** CME month code of a yyyyMMdd expiry + one-digit year: "20261218" → "Z6". */
export function monthCode(expiry: string): string {
  return `${MONTH_CODES[Number(expiry.slice(4, 6)) - 1]}${expiry.slice(3, 4)}`;
}

/** "MAR 26" for a yyyyMMdd expiry: how EUREX local symbols name the month. */
export function monthYear(expiry: string): string {
  return `${MONTH_NAMES[Number(expiry.slice(4, 6)) - 1]} ${expiry.slice(2, 4)}`;
}

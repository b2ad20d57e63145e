/**
 * Exchange holidays, computed by the exchanges' published rules rather than tabled, so every year the simulator's
 * clock can reach has them (as with the expiry calendar).
 *
 *  - NYSE (US stocks; the US option and index venues close with it): New Year's Day, Martin Luther King Jr. Day,
 *    Washington's Birthday, Good Friday, Memorial Day, Juneteenth (from 2022), Independence Day, Labor Day,
 *    Thanksgiving and Christmas. A holiday on a Sunday is kept on the Monday, one on a Saturday on the Friday,
 *    except New Year's Day (NYSE rule 7.2: not moved back into the old year). The regular session closes at 13:00
 *    on the day before Independence Day, the day after Thanksgiving and Christmas Eve (early closes).
 *  - Eurex and Xetra: New Year's Day, Good Friday, Easter Monday, Labour Day (1 May), 24, 25, 26 and 31 December.
 *
 * CME futures, IDEALPRO and crypto keep their weekly hours (CME's holiday sessions are shortened, not closed, and
 * differ per product; that detail is not simulated).
 */
export type HolidayCalendar = 'nyse' | 'eurex';

/** What a calendar says about one date: an ordinary day, a full holiday, or a day closing early. */
export type DayKind = 'open' | 'holiday' | 'early-close';

const dayOfWeek = (year: number, month0: number, day: number): number => new Date(Date.UTC(year, month0, day)).getUTCDay();

/** Day of month of the n-th `weekday` (0 = Sunday) of (year, month0); n = -1 for the last one. */
function nthWeekday(year: number, month0: number, weekday: number, n: number): number {
  if (n > 0) return 1 + ((weekday - dayOfWeek(year, month0, 1) + 7) % 7) + (n - 1) * 7;
  const last = new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
  return last - ((dayOfWeek(year, month0, last) - weekday + 7) % 7);
}

/** Easter Sunday (Gregorian, the anonymous algorithm) as [month0, day]. */
function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month - 1, day];
}

/** yyyy-mm-dd key of a date, normalising overflowing days (Easter − 2 in early April, etc.). */
function key(year: number, month0: number, day: number): string {
  const d = new Date(Date.UTC(year, month0, day));
  return `${d.getUTCFullYear()}-${d.getUTCMonth()}-${d.getUTCDate()}`;
}

/** A fixed-date US holiday as observed: Saturday → Friday, Sunday → Monday. */
function observed(year: number, month0: number, day: number): string {
  const w = dayOfWeek(year, month0, day);
  return key(year, month0, w === 6 ? day - 1 : w === 0 ? day + 1 : day);
}

function nyseDays(year: number): { holidays: Set<string>; earlyCloses: Set<string> } {
  const [easterMonth0, easterDay] = easterSunday(year);
  const newYear = dayOfWeek(year, 0, 1) === 0 ? key(year, 0, 2) : key(year, 0, 1);
  const holidays = new Set([
    ...(dayOfWeek(year, 0, 1) === 6 ? [] : [newYear]),
    key(year, 0, nthWeekday(year, 0, 1, 3)), // Martin Luther King Jr. Day
    key(year, 1, nthWeekday(year, 1, 1, 3)), // Washington's Birthday
    key(year, easterMonth0, easterDay - 2), // Good Friday
    key(year, 4, nthWeekday(year, 4, 1, -1)), // Memorial Day
    ...(year >= 2022 ? [observed(year, 5, 19)] : []), // Juneteenth
    observed(year, 6, 4), // Independence Day
    key(year, 8, nthWeekday(year, 8, 1, 1)), // Labor Day
    key(year, 10, nthWeekday(year, 10, 4, 4)), // Thanksgiving
    observed(year, 11, 25), // Christmas
  ]);
  const earlyCloses = new Set<string>();
  const july4 = dayOfWeek(year, 6, 4);
  if (july4 >= 2 && july4 <= 5) earlyCloses.add(key(year, 6, 3));
  earlyCloses.add(key(year, 10, nthWeekday(year, 10, 4, 4) + 1)); // the day after Thanksgiving
  const christmasEve = dayOfWeek(year, 11, 24);
  if (christmasEve >= 1 && christmasEve <= 4) earlyCloses.add(key(year, 11, 24));
  return { holidays, earlyCloses };
}

function eurexDays(year: number): { holidays: Set<string>; earlyCloses: Set<string> } {
  const [easterMonth0, easterDay] = easterSunday(year);
  return {
    holidays: new Set([
      key(year, 0, 1),
      key(year, easterMonth0, easterDay - 2), // Good Friday
      key(year, easterMonth0, easterDay + 1), // Easter Monday
      key(year, 4, 1),
      key(year, 11, 24),
      key(year, 11, 25),
      key(year, 11, 26),
      key(year, 11, 31),
    ]),
    earlyCloses: new Set(),
  };
}

const cache = new Map<string, { holidays: Set<string>; earlyCloses: Set<string> }>();

/** Whether the venue-local date (year, month0, day) is open, a holiday or an early close on `calendar`. */
export function dayKind(calendar: HolidayCalendar, year: number, month0: number, day: number): DayKind {
  const cacheKey = `${calendar}:${year}`;
  let days = cache.get(cacheKey);
  if (!days) {
    days = calendar === 'nyse' ? nyseDays(year) : eurexDays(year);
    cache.set(cacheKey, days);
  }
  const k = key(year, month0, day);
  if (days.holidays.has(k)) return 'holiday';
  return days.earlyCloses.has(k) ? 'early-close' : 'open';
}

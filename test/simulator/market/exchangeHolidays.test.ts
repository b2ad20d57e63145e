import { describe, expect, it } from 'vitest';
import { dayKind } from '../../../src/simulator/market/exchangeHolidays.js';
import { hoursString, nextWorkingInstant, phaseAt } from '../../../src/simulator/market/tradingHours.js';
import { createMarket } from '../../../src/simulator/market/index.js';
import { openMarketInstant } from '../../../src/simulator/demoClock.js';

const at = (iso: string): number => Date.parse(iso);
/** The calendar's dates of one kind in a year, as "m-d" (1-based months), for comparing with a published list. */
function datesOf(calendar: 'nyse' | 'eurex', year: number, kind: 'holiday' | 'early-close'): string[] {
  const out: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d = new Date(d.getTime() + 86_400_000)) {
    const w = d.getUTCDay();
    if (w === 0 || w === 6) continue;
    if (dayKind(calendar, year, d.getUTCMonth(), d.getUTCDate()) === kind) out.push(`${d.getUTCMonth() + 1}-${d.getUTCDate()}`);
  }
  return out;
}

describe('exchange holidays', () => {
  it('NYSE: the published holidays and early closes of 2026 and 2027, moved off weekends as the exchange does', () => {
    // 2026: Independence Day falls on a Saturday and is kept on Friday 3 July.
    expect(datesOf('nyse', 2026, 'holiday')).toEqual(['1-1', '1-19', '2-16', '4-3', '5-25', '6-19', '7-3', '9-7', '11-26', '12-25']);
    expect(datesOf('nyse', 2026, 'early-close')).toEqual(['11-27', '12-24']);
    // 2027: Juneteenth and Christmas fall on Saturdays (kept on the Fridays), Independence Day on a Sunday (Monday).
    expect(datesOf('nyse', 2027, 'holiday')).toEqual(['1-1', '1-18', '2-15', '3-26', '5-31', '6-18', '7-5', '9-6', '11-25', '12-24']);
    expect(datesOf('nyse', 2027, 'early-close')).toEqual(['11-26']);
    // 1 January 2028 is a Saturday: NYSE does not close on Friday 31 December 2027 for it.
    expect(dayKind('nyse', 2027, 11, 31)).toBe('open');
  });

  it('Eurex and Xetra: Good Friday, Easter Monday, Labour Day and the Christmas days', () => {
    expect(datesOf('eurex', 2026, 'holiday')).toEqual(['1-1', '4-3', '4-6', '5-1', '12-24', '12-25', '12-31']);
    expect(phaseAt('xetra-stock', at('2026-04-06T10:00:00+02:00'))).toBe('closed'); // Easter Monday
    expect(phaseAt('eurex-future', at('2026-04-07T10:00:00+02:00'))).toBe('regular');
  });

  it('Thanksgiving closes US stocks all day; the next day the regular session ends at 13:00 and after hours at 17:00', () => {
    expect(phaseAt('us-stock', at('2026-11-26T11:00:00-05:00'))).toBe('closed');
    expect(phaseAt('us-option', at('2026-11-26T11:00:00-05:00'))).toBe('closed');
    expect(phaseAt('us-stock', at('2026-11-27T12:59:00-05:00'))).toBe('regular');
    expect(phaseAt('us-stock', at('2026-11-27T13:00:00-05:00'))).toBe('extended');
    expect(phaseAt('us-stock', at('2026-11-27T17:00:00-05:00'))).toBe('closed');
    expect(phaseAt('us-option', at('2026-11-27T13:00:00-05:00'))).toBe('closed');
    // CME futures keep their weekly hours (their holiday sessions are not simulated).
    expect(phaseAt('cme-future', at('2026-11-26T11:00:00-05:00'))).not.toBe('closed');
    // What contractDetails says, seven days from Wednesday 25 November.
    const hours = hoursString('us-stock', at('2026-11-25T12:00:00-05:00'), 'liquid').split(';');
    expect(hours.slice(0, 3)).toEqual(['20261125:0930-20261125:1600', '20261126:CLOSED', '20261127:0930-20261127:1300']);
  });

  it('a market order placed on a holiday waits for the next session; the demo opens on the last trading day', () => {
    const thanksgiving = at('2026-11-26T11:00:00-05:00');
    expect(new Date(nextWorkingInstant('us-stock', thanksgiving, 'MKT', false)).toISOString()).toBe('2026-11-27T14:30:00.000Z');
    // Good Friday 2026 then the weekend: Monday 6 April 09:30 New York.
    expect(new Date(nextWorkingInstant('us-stock', at('2026-04-03T10:00:00-04:00'), 'MKT', false)).toISOString()).toBe('2026-04-06T13:30:00.000Z');
    // Started on Thanksgiving, the demo's market clock is Wednesday 10:30 New York.
    expect(new Date(openMarketInstant(thanksgiving)).toISOString()).toBe('2026-11-25T15:30:00.000Z');
  });

  it('daily bars skip the holiday', () => {
    const now = at('2026-02-20T17:00:00-05:00'); // Friday after Presidents' Day (Monday 16 February)
    const market = createMarket({ seed: 3, now: () => now });
    const r = market.history({
      conId: 265598, endDateTime: '', durationStr: '1 W', barSizeSetting: '1 day', whatToShow: 'TRADES', useRTH: true, formatDate: 1,
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.bars.map((b) => b.time)).toEqual(['20260217', '20260218', '20260219', '20260220']);
  });
});

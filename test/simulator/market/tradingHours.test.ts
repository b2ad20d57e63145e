import { describe, expect, it } from 'vitest';
import { nextWorkingInstant, orderCanWork, phaseAt, hoursString, formatVenueInstant } from '../../../src/simulator/market/tradingHours.js';
import { createMarket } from '../../../src/simulator/market/index.js';
import { openMarketInstant } from '../../../src/simulator/demoClock.js';

const at = (iso: string): number => Date.parse(iso);

describe('trading hours by venue', () => {
  it('US stocks: pre-market, regular, after hours, overnight and the weekend, through a DST change', () => {
    expect(phaseAt('us-stock', at('2026-03-11T07:30:00-04:00'))).toBe('extended'); // pre-market
    expect(phaseAt('us-stock', at('2026-03-11T09:29:59-04:00'))).toBe('extended');
    expect(phaseAt('us-stock', at('2026-03-11T09:30:00-04:00'))).toBe('regular');
    expect(phaseAt('us-stock', at('2026-03-11T15:59:59-04:00'))).toBe('regular');
    expect(phaseAt('us-stock', at('2026-03-11T16:00:00-04:00'))).toBe('extended'); // after hours
    expect(phaseAt('us-stock', at('2026-03-11T20:00:00-04:00'))).toBe('closed'); // overnight
    expect(phaseAt('us-stock', at('2026-03-12T03:59:00-04:00'))).toBe('closed');
    expect(phaseAt('us-stock', at('2026-03-14T12:00:00-04:00'))).toBe('closed'); // Saturday
    // Winter time: 09:30 New York is 14:30 UTC (summer: 13:30 UTC).
    expect(phaseAt('us-stock', at('2026-01-14T14:29:00Z'))).toBe('extended');
    expect(phaseAt('us-stock', at('2026-01-14T14:30:00Z'))).toBe('regular');
    expect(phaseAt('us-stock', at('2026-07-15T13:30:00Z'))).toBe('regular');
  });

  it('CME futures trade Sunday evening to Friday afternoon with a daily break; FX and crypto have their own hours', () => {
    expect(phaseAt('cme-future', at('2026-03-15T17:59:00-04:00'))).toBe('closed'); // Sunday before the open
    expect(phaseAt('cme-future', at('2026-03-15T18:00:00-04:00'))).toBe('extended'); // Sunday evening: Monday's session
    expect(phaseAt('cme-future', at('2026-03-11T17:30:00-04:00'))).toBe('closed'); // daily break
    expect(phaseAt('cme-future', at('2026-03-11T22:00:00-04:00'))).toBe('extended');
    expect(phaseAt('cme-future', at('2026-03-13T17:00:00-04:00'))).toBe('closed'); // Friday close
    expect(phaseAt('idealpro', at('2026-03-11T17:10:00-04:00'))).toBe('closed');
    expect(phaseAt('idealpro', at('2026-03-11T17:15:00-04:00'))).toBe('regular');
    expect(phaseAt('crypto', at('2026-03-14T03:00:00-04:00'))).toBe('regular'); // Saturday night
  });

  it('EUREX and XETRA keep Frankfurt hours, with the EU daylight-saving dates (not the US ones)', () => {
    // 9 March 2026: the US is already on summer time, Europe not yet (CET = UTC+1).
    expect(phaseAt('xetra-stock', at('2026-03-09T07:59:00Z'))).toBe('closed');
    expect(phaseAt('xetra-stock', at('2026-03-09T08:00:00Z'))).toBe('regular'); // 09:00 CET
    expect(phaseAt('xetra-stock', at('2026-03-09T16:30:00Z'))).toBe('closed'); // 17:30 CET
    // 30 March 2026: CEST = UTC+2.
    expect(phaseAt('eurex-index', at('2026-03-30T07:00:00Z'))).toBe('regular');
    expect(phaseAt('eurex-future', at('2026-03-30T19:30:00Z'))).toBe('extended'); // 21:30 CEST: T7 evening
    expect(hoursString('eurex-index', at('2026-03-30T07:00:00Z'), 'trading').split(';')[0]).toBe('20260330:0900-20260330:1730');
  });

  it('says when an order can work and when it will be placed', () => {
    const preMarket = at('2026-03-11T07:30:00-04:00');
    expect(orderCanWork('us-stock', preMarket, 'MKT', true)).toBe(false); // market orders wait for the open
    expect(orderCanWork('us-stock', preMarket, 'LMT', false)).toBe(false);
    expect(orderCanWork('us-stock', preMarket, 'LMT', true)).toBe(true);
    expect(orderCanWork('cme-future', at('2026-03-11T22:00:00-04:00'), 'MKT', false)).toBe(true);
    const friday = at('2026-03-13T20:30:00-04:00'); // Friday night, after the after-hours session
    expect(formatVenueInstant('us-stock', nextWorkingInstant('us-stock', friday, 'MKT', false))).toBe('2026-03-16 09:30:00 US/Eastern');
    expect(formatVenueInstant('us-stock', nextWorkingInstant('us-stock', friday, 'LMT', true))).toBe('2026-03-16 04:00:00 US/Eastern');
    expect(formatVenueInstant('cme-future', nextWorkingInstant('cme-future', friday, 'MKT', false))).toBe('2026-03-15 18:00:00 US/Eastern');
  });

  it('lists a week of hours with closed weekends, crypto every day', () => {
    const wed = at('2026-03-11T11:00:00-04:00');
    const stock = hoursString('us-stock', wed, 'trading').split(';');
    expect(stock).toHaveLength(7);
    expect(stock[0]).toBe('20260311:0400-20260311:2000');
    expect(stock[3]).toBe('20260314:CLOSED');
    expect(hoursString('us-stock', wed, 'liquid').split(';')[0]).toBe('20260311:0930-20260311:1600');
    const futures = hoursString('cme-future', wed, 'trading').split(';');
    expect(futures[0]).toBe('20260310:1800-20260311:1700'); // each session opens the evening before its date
    expect(futures.slice(3, 6)).toEqual(['20260314:CLOSED', '20260315:CLOSED', '20260315:1800-20260316:1700']);
    expect(hoursString('crypto', wed, 'trading').split(';').every((d) => d.endsWith(':0000-' + d.slice(0, 8) + ':2359'))).toBe(true);
  });
});

describe('the demo clock', () => {
  it('starts at the real now while US stocks trade, else an hour into the last regular session', () => {
    const wednesdayNoon = at('2026-03-11T12:00:00-04:00');
    expect(openMarketInstant(wednesdayNoon)).toBe(wednesdayNoon);
    expect(new Date(openMarketInstant(at('2026-03-11T08:00:00-04:00'))).toISOString()).toBe('2026-03-10T14:30:00.000Z'); // Tue 10:30
    expect(new Date(openMarketInstant(at('2026-03-11T18:00:00-04:00'))).toISOString()).toBe('2026-03-11T14:30:00.000Z'); // Wed 10:30
    expect(new Date(openMarketInstant(at('2026-11-29T10:40:00-05:00'))).toISOString()).toBe('2026-11-27T15:30:00.000Z'); // Sunday → Fri 10:30
    // Less than an hour before the close (15:30, or 12:30 on an early-close day): 10:30 of the same day instead.
    expect(new Date(openMarketInstant(at('2026-03-11T15:30:00-04:00'))).toISOString()).toBe('2026-03-11T14:30:00.000Z');
    expect(new Date(openMarketInstant(at('2026-11-27T12:30:00-05:00'))).toISOString()).toBe('2026-11-27T15:30:00.000Z');
    expect(openMarketInstant(at('2026-03-11T14:59:00-04:00'))).toBe(at('2026-03-11T14:59:00-04:00'));
  });
});

describe('a market that keeps to its hours', () => {
  it('moves only what trades at the clock instant: on a Saturday BTC ticks and AAPL does not', async () => {
    const market = createMarket({ seed: 3, now: () => at('2026-03-14T12:00:00-04:00') });
    const moved = new Map<number, number>();
    market.onChange((conId) => moved.set(conId, (moved.get(conId) ?? 0) + 1));
    const handle = market.startTicking({ rate: 500, intervalMs: 5 });
    try {
      await expect.poll(() => moved.get(479624278) ?? 0, { timeout: 10_000 }).toBeGreaterThan(20);
    } finally {
      handle.stop();
    }
    expect(moved.get(265598) ?? 0).toBe(0); // AAPL
    expect(market.phase(265598)).toBe('closed');
    expect(market.phase(479624278)).toBe('regular');
  });
});

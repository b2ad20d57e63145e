import { describe, expect, it } from 'vitest';
import { createMarket } from '../../../src/simulator/market/index.js';
import type { HistoryRequest, HistoryResult } from '../../../src/simulator/market/index.js';

// Wednesday 26 March 2025, 17:00 US/Eastern: today's regular session is complete.
const NOW = Date.UTC(2025, 2, 26, 21, 0, 0);
const AAPL = 265598;
const market = createMarket({ seed: 11, now: () => NOW });

const req = (over: Partial<HistoryRequest>): HistoryRequest => ({
  conId: AAPL, endDateTime: '', durationStr: '1 D', barSizeSetting: '5 mins', whatToShow: 'TRADES', useRTH: true, formatDate: 1, ...over,
});
const ok = (r: ReturnType<typeof market.history>): HistoryResult => {
  if (!r.ok) throw new Error(`${r.code} ${r.message}`);
  return r;
};

describe('historical bars', () => {
  it('has one bar per bar size across the regular session, each bar well-formed', () => {
    const { bars } = ok(market.history(req({})));
    expect(bars).toHaveLength(78); // 09:30–16:00 in 5-minute bars
    expect(bars[0]!.time).toBe('20250326 09:30:00');
    expect(bars.at(-1)!.time).toBe('20250326 15:55:00');
    for (const b of bars) {
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      expect(b.low).toBeGreaterThan(0);
      expect(b.volume).toBeGreaterThan(0);
      expect(b.wap).toBeGreaterThanOrEqual(b.low);
      expect(b.wap).toBeLessThanOrEqual(b.high);
    }
    // The series ends at the live price, so a chart joins the live quotes.
    expect(bars.at(-1)!.close).toBe(market.quote(AAPL)!.last);
  });

  it('covers extended hours without useRTH, up to the current time', () => {
    expect(ok(market.history(req({ useRTH: false }))).bars).toHaveLength(13 * 12); // 04:00 up to the clock's 17:00, in 5-minute bars
  });

  it('counts daily, weekly and monthly bars by trading days', () => {
    const daily = ok(market.history(req({ durationStr: '2 W', barSizeSetting: '1 day' }))).bars;
    expect(daily).toHaveLength(10);
    expect(daily.at(-1)!.time).toBe('20250326');
    expect(daily.every((b) => /^\d{8}$/.test(b.time))).toBe(true);
    expect(ok(market.history(req({ durationStr: '5 D', barSizeSetting: '1 day' }))).bars).toHaveLength(5);
    const year = ok(market.history(req({ durationStr: '1 Y', barSizeSetting: '1 day' }))).bars;
    expect(year.length).toBeGreaterThanOrEqual(250);
    expect(year.length).toBeLessThanOrEqual(262);
    expect(ok(market.history(req({ durationStr: '1 Y', barSizeSetting: '1 month' }))).bars.length).toBeGreaterThanOrEqual(12);
    expect(ok(market.history(req({ durationStr: '1 Y', barSizeSetting: '1 week' }))).bars.length).toBeGreaterThanOrEqual(52);
  });

  it('formats epoch seconds with formatDate=2 and honours an explicit end time', () => {
    const r = ok(market.history(req({ durationStr: '60 S', barSizeSetting: '1 secs', endDateTime: '20250326 10:00:00 US/Eastern', formatDate: 2 })));
    expect(r.bars).toHaveLength(60);
    expect(Number(r.bars.at(-1)!.time)).toBe(Date.UTC(2025, 2, 26, 13, 59, 59) / 1000);
    expect(r.endDateStr).toBe('20250326 10:00:00');
  });

  it('is deterministic per seed and shares the path across whatToShow', () => {
    const a = ok(market.history(req({})));
    const b = ok(createMarket({ seed: 11, now: () => NOW }).history(req({})));
    expect(b.bars).toEqual(a.bars);
    const c = ok(createMarket({ seed: 12, now: () => NOW }).history(req({})));
    expect(c.bars.map((x) => x.close)).not.toEqual(a.bars.map((x) => x.close));
    const bid = ok(market.history(req({ whatToShow: 'BID' }))).bars;
    const ask = ok(market.history(req({ whatToShow: 'ASK' }))).bars;
    expect(bid.every((x, i) => x.close < ask[i]!.close)).toBe(true);
    expect(bid[0]!.volume).toBe(-1);
  });

  it('refuses bad requests like TWS', () => {
    expect(market.history(req({ barSizeSetting: '7 parsecs' }))).toMatchObject({ ok: false, code: 321 });
    expect(market.history(req({ durationStr: 'forever' }))).toMatchObject({ ok: false, code: 321 });
    expect(market.history(req({ conId: 1 }))).toMatchObject({ ok: false, code: 200 });
    // FX has no TRADES
    expect(market.history(req({ conId: 12087792 }))).toMatchObject({
      ok: false,
      code: 162,
      message: 'Historical Market Data Service error message:No historical market data for EUR/CASH@IDEALPRO Last 5 mins',
    });
    expect(market.history(req({ conId: 12087792, whatToShow: 'MIDPOINT' })).ok).toBe(true);
    expect(market.history(req({ durationStr: '10 Y', barSizeSetting: '1 secs' }))).toMatchObject({
      ok: false,
      code: 162,
      message: 'Historical Market Data Service error message:Time length exceed max.',
    });
  });

  it('answers headTimestamp in both formats', () => {
    expect(market.headTimestamp(AAPL, 'TRADES', true, 1)).toBe('19801212 09:30:00');
    expect(market.headTimestamp(AAPL, 'TRADES', true, 2)).toBe(String(Date.UTC(1980, 11, 12, 14, 30) / 1000));
    expect(market.headTimestamp(1, 'TRADES', true, 1)).toBeUndefined();
  });
});

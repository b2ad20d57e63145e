import { describe, expect, it } from 'vitest';
import { createMarket, QuoteField } from '../../../src/simulator/market/index.js';
import { WEEKDAY_TRADING_INSTANT } from '../../support/tradingClock.js';

const NOW = Date.UTC(2025, 2, 26, 18, 0, 0);
const clock = () => NOW;
const onGrid = (price: number, tick: number) => Math.abs(price / tick - Math.round(price / tick)) < 1e-6;

function path(seed: number, steps: number): number[] {
  const market = createMarket({ seed, now: clock });
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    market.step(265598);
    const q = market.quote('AAPL')!;
    out.push(q.bid, q.ask, q.last);
  }
  return out;
}

describe('price model', () => {
  it('is deterministic per seed', () => {
    expect(path(42, 300)).toEqual(path(42, 300));
    expect(path(42, 300)).not.toEqual(path(43, 300));
  });

  it('keeps prices on the tick grid, bid below ask, and high/low/volume consistent', () => {
    const market = createMarket({ seed: 3, now: clock });
    for (const conId of [265598, 637533641, 12087792]) {
      const tick = market.contractDetails(conId)!.minTick;
      let volume = market.quote(conId)!.volume;
      for (let i = 0; i < 600; i++) {
        market.step(conId);
        const q = market.quote(conId)!;
        expect(q.bid).toBeLessThan(q.ask);
        expect(onGrid(q.bid, tick) && onGrid(q.ask, tick) && onGrid(q.last, tick)).toBe(true);
        expect(q.high).toBeGreaterThanOrEqual(q.last);
        expect(q.low).toBeLessThanOrEqual(q.last);
        expect(q.volume).toBeGreaterThanOrEqual(volume);
        volume = q.volume;
        expect(q.bidSize % 1).toBe(0);
        expect(q.bidSize).toBeGreaterThan(0);
      }
    }
  });

  it('reports exactly the fields a step changed', () => {
    const market = createMarket({ seed: 5, now: clock });
    let before = { ...market.quote(265598)! };
    let sawTrade = false;
    let sawQuote = false;
    for (let i = 0; i < 500; i++) {
      const mask = market.step(265598);
      const q = market.quote(265598)!;
      expect((mask & QuoteField.BID) !== 0).toBe(q.bid !== before.bid);
      expect((mask & QuoteField.ASK) !== 0).toBe(q.ask !== before.ask);
      expect((mask & QuoteField.VOLUME) !== 0).toBe(q.volume !== before.volume);
      if (mask & QuoteField.LAST) {
        sawTrade = true;
        expect([q.bid, q.ask]).toContain(q.last);
      }
      if (mask & QuoteField.BID) sawQuote = true;
      before = { ...q };
    }
    expect(sawTrade && sawQuote).toBe(true);
  });

  it('moves to a price on setPrice, notifies listeners, and keeps the quote around it', () => {
    const market = createMarket({ seed: 1, now: clock });
    const seen: number[] = [];
    const off = market.onChange((conId, mask) => {
      if (conId === 272093) seen.push(mask);
    });
    market.setPrice('MSFT', 400.004);
    const q = market.quote('MSFT')!;
    expect(q.last).toBe(400);
    expect(q.bid).toBeLessThan(400);
    expect(q.ask).toBeGreaterThan(400);
    expect(q.low).toBeLessThanOrEqual(400);
    expect(seen).toHaveLength(1);
    expect(seen[0]! & QuoteField.LAST).toBeTruthy();
    off();
    market.setPrice('MSFT', 401);
    expect(seen).toHaveLength(1);
    expect(() => market.setPrice('NOPE', 1)).toThrow();
  });

  it('gives the index a last value only', () => {
    const market = createMarket({ seed: 1, now: clock });
    for (let i = 0; i < 50; i++) expect(market.step(416904) & (QuoteField.BID | QuoteField.ASK | QuoteField.VOLUME)).toBe(0);
    expect(market.quote('SPX')!.hasQuotes).toBe(false);
    expect(market.quote('SPX')!.last).toBeGreaterThan(1000);
  });

  it('adds synthetic instruments for load tests', () => {
    const market = createMarket({ seed: 1, now: clock, syntheticInstruments: 100 });
    expect(market.catalogue.all().length).toBeGreaterThanOrEqual(140);
    expect(market.quote('SIM100')!.last).toBeGreaterThan(0);
  });

  it('drives steps from timers at the configured rate', async () => {
    // Regular trading hours: the ticker drives the configured rate in full.
    const market = createMarket({ seed: 1, now: () => Date.parse(WEEKDAY_TRADING_INSTANT) });
    let ticks = 0;
    market.onChange((conId) => {
      if (conId === 265598) ticks++;
    });
    const handle = market.startTicking({ rate: (conId) => (conId === 265598 ? 2000 : 0), intervalMs: 5 });
    await new Promise((r) => setTimeout(r, 120));
    handle.stop();
    const after = handle.steps;
    await new Promise((r) => setTimeout(r, 30));
    expect(handle.steps).toBe(after);
    expect(after).toBeGreaterThan(20);
    expect(ticks).toBeGreaterThan(0);
    expect(ticks).toBeLessThanOrEqual(after);
  });
});

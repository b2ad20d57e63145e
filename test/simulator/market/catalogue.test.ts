import { describe, expect, it } from 'vitest';
import { createMarket } from '../../../src/simulator/market/index.js';

// Wednesday 26 March 2025, 17:00 US/Eastern (21:00 UTC, daylight time).
const NOW = Date.UTC(2025, 2, 26, 21, 0, 0);
const market = createMarket({ seed: 7, now: () => NOW });
const cat = market.catalogue;

describe('catalogue', () => {
  it('holds a few dozen instruments of every kind', () => {
    const all = cat.all();
    expect(all.length).toBeGreaterThanOrEqual(40);
    const kinds = new Set(all.map((d) => d.contract.secType));
    expect([...kinds].sort()).toEqual(['CASH', 'CRYPTO', 'FUT', 'IND', 'OPT', 'STK']);
    expect(new Set(all.map((d) => d.contract.conId)).size).toBe(all.length);
  });

  it('reports AAPL the way TWS does', () => {
    const d = cat.byConId(265598)!;
    expect(d.contract).toMatchObject({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', primaryExchange: 'NASDAQ', currency: 'USD', localSymbol: 'AAPL', tradingClass: 'NMS', multiplier: '' });
    expect(d).toMatchObject({ marketName: 'NMS', minTick: 0.01, longName: 'APPLE INC', timeZoneId: 'US/Eastern', stockType: 'COMMON', minSize: 0.0001, sizeIncrement: 0.0001, suggestedSizeIncrement: 100 });
    expect(d.secIdList).toEqual([{ tag: 'ISIN', value: 'US0378331005' }]);
    expect(d.tradingHours.split(';')[0]).toBe('20250326:0400-20250326:2000');
    expect(d.liquidHours.split(';')).toContain('20250329:CLOSED');
    expect(d.marketRuleIds.split(',').length).toBe(d.validExchanges.split(',').length);
    expect(d.orderTypes.split(',')).toEqual(expect.arrayContaining(['LMT', 'MKT', 'STP', 'STPLMT', 'TRAIL', 'TRAILLMT', 'OCA']));
  });

  it('has the ES future, the EUR.USD pair and the SPX index with their own conventions', () => {
    const es = cat.resolve({ symbol: 'ES', secType: 'FUT', exchange: 'CME', currency: 'USD', lastTradeDateOrContractMonth: '202603' })!;
    expect(es.contract).toMatchObject({ multiplier: '50', exchange: 'CME', lastTradeDateOrContractMonth: '20260320', localSymbol: 'ESH6' });
    expect(es.minTick).toBe(0.25);
    const fx = cat.resolve({ symbol: 'EUR', secType: 'CASH', exchange: 'IDEALPRO', currency: 'USD' })!;
    expect(fx.contract).toMatchObject({ secType: 'CASH', localSymbol: 'EUR.USD', currency: 'USD' });
    const spx = cat.resolve({ symbol: 'SPX', secType: 'IND', exchange: 'CBOE' })!;
    expect(spx.contract.conId).toBe(416904);
  });

  it('matches SMART or a blank exchange to any listing, and finds nothing for unknown symbols', () => {
    expect(cat.resolve({ symbol: 'msft', secType: 'STK', exchange: 'SMART', currency: 'USD' })?.contract.conId).toBe(272093);
    expect(cat.resolve({ symbol: 'MSFT', secType: 'STK', exchange: '', currency: '' })?.contract.conId).toBe(272093);
    expect(cat.resolve({ symbol: 'MSFT', exchange: 'NASDAQ' })?.contract.conId).toBe(272093);
    expect(cat.find({ symbol: 'BRK B', secType: 'STK' })).toHaveLength(1);
    expect(cat.find({ symbol: 'MSFT', secType: 'STK', currency: 'EUR' })).toEqual([]);
    expect(cat.find({ symbol: 'NOPE', secType: 'STK' })).toEqual([]);
    expect(cat.find({ conId: 1 })).toEqual([]);
    expect(cat.find({ conId: 265598, symbol: 'ignored-when-conId-given' })[0]?.contract.symbol).toBe('AAPL');
  });

  it('answers reqMatchingSymbols with prefix matches first, then name matches', () => {
    const m = cat.matchingSymbols('a');
    expect(m[0]!.contract.symbol.startsWith('A')).toBe(true);
    expect(m.map((x) => x.contract.symbol)).toEqual(expect.arrayContaining(['AAPL', 'AMZN', 'AMD']));
    expect(m.find((x) => x.contract.symbol === 'AAPL')!.derivativeSecTypes).toContain('OPT');
    expect(cat.matchingSymbols('micro').map((x) => x.contract.symbol)).toEqual(expect.arrayContaining(['MSFT', 'AMD']));
    expect(cat.matchingSymbols('zzzz')).toEqual([]);
  });
});

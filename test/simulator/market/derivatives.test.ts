import { describe, expect, it } from 'vitest';
import { createMarket } from '../../../src/simulator/market/index.js';
import { blackScholes } from '../../../src/simulator/market/optionModel.js';
import { nextMonthlyExpiries } from '../../../src/simulator/market/expiryCalendar.js';
import { occSymbol } from '../../../src/simulator/market/optionChains.js';

// Tuesday 24 November 2026, 14:00 US/Eastern.
const NOW = Date.UTC(2026, 10, 24, 19, 0, 0);
const market = createMarket({ seed: 7, now: () => NOW });
const cat = market.catalogue;
const spyCall750 = { symbol: 'SPY', secType: 'OPT', exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: '20281215', strike: 750, right: 'C', multiplier: '100' };

describe('catalogue: instruments beyond stocks', () => {
  it('lists AMC, the ES and DAX indices, the next four quarterly ES futures and BTC', () => {
    expect(cat.resolve({ symbol: 'AMC', secType: 'STK', exchange: 'SMART', currency: 'USD' })?.contract.primaryExchange).toBe('NYSE');
    const esInd = cat.resolve({ symbol: 'ES', secType: 'IND', exchange: 'CME', currency: 'USD' })!;
    expect(esInd.contract).toMatchObject({ conId: 11004968, exchange: 'CME', currency: 'USD' });
    const dax = cat.resolve({ symbol: 'DAX', secType: 'IND', exchange: 'EUREX', currency: 'EUR' })!;
    expect(dax.contract).toMatchObject({ conId: 825711, exchange: 'EUREX', currency: 'EUR' });
    expect(dax.timeZoneId).toBe('MET');
    expect(cat.find({ symbol: 'DAX', secType: 'IND', currency: 'USD' })).toEqual([]);
    const esz6 = cat.resolve({ symbol: 'ES', secType: 'FUT', exchange: 'CME', localSymbol: 'ESZ6', lastTradeDateOrContractMonth: '202612' })!;
    expect(esz6.contract).toMatchObject({ lastTradeDateOrContractMonth: '20261218', multiplier: '50', localSymbol: 'ESZ6' });
    expect(esz6).toMatchObject({ contractMonth: '202612', underConId: 11004968, realExpirationDate: '20261218' });
    // Listed from the clock's date (24 November 2026): the quarterly cycle from the December contract on.
    expect(cat.find({ symbol: 'ES', secType: 'FUT', exchange: 'CME' }).map((d) => d.contract.localSymbol)).toEqual(['ESZ6', 'ESH7', 'ESM7', 'ESU7']);
    const btc = cat.resolve({ symbol: 'BTC', secType: 'CRYPTO', exchange: 'PAXOS', currency: 'USD' })!;
    expect(btc.contract).toMatchObject({ conId: 479624278, localSymbol: 'BTC.USD' });
    expect(btc).toMatchObject({ minSize: 0.0001, sizeIncrement: 0.00000001 });
    expect(btc.tradingHours.split(';').every((d) => !d.endsWith('CLOSED'))).toBe(true);
  });

  it('lists SPY options with OCC local symbols, IBKR conIds where known, and a chain per expiry', () => {
    const opt = cat.resolve(spyCall750)!;
    expect(opt.contract).toMatchObject({
      conId: 843630132, secType: 'OPT', strike: 750, right: 'C', multiplier: '100', tradingClass: 'SPY', localSymbol: 'SPY   281215C00750000',
    });
    expect(opt).toMatchObject({ underConId: 756733, underSymbol: 'SPY', underSecType: 'STK', contractMonth: '202812', minTick: 0.01 });
    // A chain request (no strike): every strike of the expiry, calls only when right is given.
    const calls = cat.find({ ...spyCall750, strike: 0 });
    expect(calls.length).toBeGreaterThanOrEqual(92);
    expect(new Set(calls.map((d) => d.contract.right))).toEqual(new Set(['C']));
    const chain = cat.find({ symbol: 'SPY', secType: 'OPT', exchange: 'SMART', currency: 'USD' });
    // Three monthlies and the LEAPS of the next two Decembers.
    expect([...new Set(chain.map((d) => d.contract.lastTradeDateOrContractMonth))]).toEqual(['20261218', '20270115', '20270219', '20271217', '20281215']);
    expect(new Set(chain.map((d) => d.contract.right))).toEqual(new Set(['C', 'P']));
    expect(new Set(chain.map((d) => d.contract.conId)).size).toBe(chain.length);
    // "SPY" without a security type is still only the ETF, and symbol search lists no single options.
    expect(cat.resolve({ symbol: 'SPY', exchange: 'SMART', currency: 'USD' })?.contract.secType).toBe('STK');
    expect(cat.matchingSymbols('SPY').every((m) => m.contract.secType !== 'OPT')).toBe(true);
    expect(cat.resolve({ localSymbol: 'SPY   281215C00750000', secType: 'OPT' })?.contract.conId).toBe(843630132);
  });

  it('lists the next monthly expiries (third Fridays) after the clock', () => {
    expect(nextMonthlyExpiries(NOW, 3)).toEqual(['20261218', '20270115', '20270219']);
    expect(nextMonthlyExpiries(Date.UTC(2026, 11, 19, 15), 2)).toEqual(['20270115', '20270219']);
    expect(occSymbol('SPY', '20281215', 'P', 512.5)).toBe('SPY   281215P00512500');
  });
});

describe('option prices follow the underlying', () => {
  it('prices calls and puts at or above intrinsic value, with bid < ask, and moves them with SPY', () => {
    const m = createMarket({ seed: 3, now: () => NOW });
    m.setPrice('SPY', 600);
    const itmCall = m.catalogue.resolve({ ...spyCall750, lastTradeDateOrContractMonth: '20261218', strike: 550 })!.contract.conId;
    const otmPut = m.catalogue.resolve({ ...spyCall750, lastTradeDateOrContractMonth: '20261218', strike: 550, right: 'P' })!.contract.conId;
    m.step(itmCall);
    m.step(otmPut);
    const c = { ...m.quote(itmCall)! };
    const p = { ...m.quote(otmPut)! };
    expect(c.bid).toBeGreaterThanOrEqual(49);
    expect(c.bid).toBeLessThan(c.ask);
    expect(p.ask).toBeGreaterThan(0);
    expect(p.ask).toBeLessThan(10);
    // Put-call parity within the spreads: C - P ≈ S - K·e^(-rT).
    const years = (Date.UTC(2026, 11, 18, 21) - NOW) / (365 * 86_400_000);
    expect(Math.abs((c.bid + c.ask) / 2 - (p.bid + p.ask) / 2 - (600 - 550 * Math.exp(-0.04 * years)))).toBeLessThan(1);
    m.setPrice('SPY', 620);
    m.step(itmCall);
    expect(m.quote(itmCall)!.bid).toBeGreaterThan(c.bid + 15);
  });

  it('is worth its intrinsic value at expiry', () => {
    expect(blackScholes(600, 550, 0, 0.2, 'C')).toEqual({ value: 50, delta: 1 });
    expect(blackScholes(600, 550, 0, 0.2, 'P').value).toBe(0);
    const atm = blackScholes(100, 100, 1, 0.2, 'C');
    expect(atm.value).toBeCloseTo(9.93, 1); // r = 4 %
    expect(atm.delta).toBeCloseTo(0.618, 2);
  });

  it('gives options, crypto and the DAX historical bars, deterministically', () => {
    const conId = cat.resolve(spyCall750)!.contract.conId;
    const req = { conId, endDateTime: '', durationStr: '1 D', barSizeSetting: '5 mins', whatToShow: 'TRADES', useRTH: true, formatDate: 1 };
    const a = market.history(req);
    const b = market.history(req);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.bars.length).toBe(54); // 09:30 to 14:00
    expect(a.bars).toEqual(b.bars);
    expect(a.bars.every((x) => x.low > 0 && x.low <= x.open && x.open <= x.high)).toBe(true);
    const btc = market.history({ ...req, conId: 479624278, durationStr: '2 D', barSizeSetting: '1 hour', useRTH: false });
    expect(btc.ok && btc.bars.length).toBe(38); // around the clock: yesterday's 24 hours and today's 14
    const dax = market.history({ ...req, conId: 825711, whatToShow: 'TRADES' });
    expect(dax.ok && dax.bars.length).toBeGreaterThan(0);
  });

  it('sizes crypto quotes in hundredths of a coin without float noise', () => {
    const m = createMarket({ seed: 5, now: () => NOW });
    for (let i = 0; i < 200; i++) {
      m.step(479624278);
      const q = m.quote(479624278)!;
      for (const size of [q.bidSize, q.askSize, q.lastSize, q.volume]) expect(Math.round(size * 100) / 100).toBe(size);
    }
  });
});

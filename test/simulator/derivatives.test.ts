/**
 * Options, crypto, the ES and DAX indices, the Dec-2026 ES future and AMC over a real @stoqey/ib connection,
 * built with stoqey's own contract classes (the ones its live suite uses).
 */
import { describe, expect, it } from 'vitest';
import {
  BarSizeSetting,
  Crypto,
  EventName,
  Future,
  Index,
  Option,
  OptionType,
  OrderAction,
  OrderType,
  Stock,
  WhatToShow,
  type Contract,
  type ContractDetails,
  type ContractDescription,
} from '@stoqey/ib';
import { useSimulator, waitFor, type ConnectedClient } from './helpers.js';

describe('simulator: derivatives, crypto and foreign indices over a real @stoqey/ib connection', () => {
  const simulator = useSimulator({ seed: 11 });
  const setup = (): Promise<ConnectedClient> => simulator.connect(21);

  it('answers contract details for one SPY option and for a whole expiry of calls (the option chain)', async () => {
    const c = await setup();
    const byReq = new Map<number, ContractDetails[]>();
    const ended: number[] = [];
    c.ib.on(EventName.contractDetails, (id: number, d: ContractDetails) => byReq.set(id, [...(byReq.get(id) ?? []), d]));
    c.ib.on(EventName.contractDetailsEnd, (id: number) => ended.push(id));
    c.ib.reqContractDetails(1, new Option('SPY', '20281215', 750, OptionType.Call));
    const chain = new Option('SPY', '20281215', 0, OptionType.Call);
    c.ib.reqContractDetails(2, chain);
    await waitFor(() => ended.includes(1) && ended.includes(2), 'both contractDetailsEnd');
    const one = byReq.get(1)!;
    expect(one).toHaveLength(1);
    expect(one[0]!.contract).toMatchObject({
      conId: 843630132, symbol: 'SPY', secType: 'OPT', strike: 750, right: 'C', currency: 'USD', tradingClass: 'SPY',
      localSymbol: 'SPY   281215C00750000', lastTradeDateOrContractMonth: '20281215',
    });
    expect(Number(one[0]!.contract.multiplier)).toBe(100);
    expect(one[0]).toMatchObject({ underConId: 756733, underSymbol: 'SPY', minTick: 0.01, realExpirationDate: '20281215' });
    const calls = byReq.get(2)!;
    expect(calls.length).toBeGreaterThanOrEqual(92);
    expect(calls.every((d) => d.contract.right === 'C' && d.contract.lastTradeDateOrContractMonth === '20281215')).toBe(true);
    expect(new Set(calls.map((d) => d.contract.strike)).size).toBe(calls.length);
    expect(c.errors).toEqual([]);
  });

  it('snapshots quote the option, BTC, the ES and DAX indices and ESZ6 at their model prices', async () => {
    const c = await setup();
    const prices = new Map<number, Map<number, number>>();
    const sizes = new Map<number, Map<number, number>>();
    const ended: number[] = [];
    c.ib.on(EventName.tickPrice, (id: number, field: number, value: number) => prices.set(id, (prices.get(id) ?? new Map()).set(field, value)));
    c.ib.on(EventName.tickSize, (id: number | undefined, field: number | undefined, value: number | undefined) => {
      if (id !== undefined && field !== undefined && value !== undefined) sizes.set(id, (sizes.get(id) ?? new Map()).set(field, value));
    });
    c.ib.on(EventName.tickSnapshotEnd, (id: number) => ended.push(id));
    const contracts: [number, Contract][] = [
      [1, new Option('SPY', '20281215', 750, OptionType.Call)],
      [2, new Crypto('BTC')],
      [3, new Index('ES')],
      [4, new Index('DAX', 'EUREX', 'EUR')],
      [5, new Future('ES', 'ESZ6', '202612', 'CME', 50)],
    ];
    for (const [id, contract] of contracts) c.ib.reqMktData(id, contract, '', true, false);
    await waitFor(() => ended.length === contracts.length, 'five tickSnapshotEnd');
    const BID = 1;
    const ASK = 2;
    const LAST = 4;
    const option = prices.get(1)!;
    const spy = simulator.sim.market.quote('SPY')!.last;
    // A 750 call two years out on SPY near 570: out of the money, worth a few dollars to a few tens.
    expect(option.get(BID)!).toBeGreaterThan(0);
    expect(option.get(BID)!).toBeLessThan(option.get(ASK)!);
    expect(option.get(ASK)!).toBeLessThan(Math.max(60, spy - 700));
    const btc = prices.get(2)!;
    expect(btc.get(BID)!).toBeGreaterThan(50_000);
    expect(btc.get(ASK)! - btc.get(BID)!).toBeGreaterThan(0);
    // Fractional crypto sizes survive the wire.
    expect(Number.isInteger((sizes.get(2)!.get(0) ?? 0) * 100)).toBe(true);
    expect(prices.get(3)!.get(LAST)!).toBeGreaterThan(4000);
    expect(prices.get(3)!.has(BID)).toBe(false); // an index has no bid/ask
    expect(prices.get(4)!.get(LAST)!).toBeGreaterThan(15_000);
    expect(prices.get(4)!.get(LAST)!).toBeLessThan(25_000);
    expect(prices.get(5)!.get(BID)! % 0.25).toBe(0);
    expect(c.errors).toEqual([]);
  });

  it('gives historical bars for an option and for BTC', async () => {
    const c = await setup();
    const bars = new Map<number, { date: string; close: number }[]>();
    c.ib.on(EventName.historicalData, (id: number, date: string, _o: number, _h: number, _l: number, close: number) =>
      bars.set(id, [...(bars.get(id) ?? []), { date, close }]),
    );
    c.ib.reqHistoricalData(1, new Option('SPY', '20281215', 750, OptionType.Call), '', '1 W', BarSizeSetting.DAYS_ONE, WhatToShow.TRADES, 1, 1, false);
    c.ib.reqHistoricalData(2, new Crypto('BTC'), '', '1 W', BarSizeSetting.DAYS_ONE, WhatToShow.MIDPOINT, 0, 1, false);
    const done = (id: number) => bars.get(id)?.some((b) => b.date.startsWith('finished'));
    await waitFor(() => done(1) && done(2), 'both bar sets');
    const opt = bars.get(1)!.filter((b) => !b.date.startsWith('finished'));
    expect(opt.length).toBeGreaterThanOrEqual(4);
    expect(opt.every((b) => b.close > 0 && b.close < 200)).toBe(true);
    // Crypto trades every day of the week: a bar for each of the 8 calendar days the week touches, weekends included.
    expect(bars.get(2)!.filter((b) => !b.date.startsWith('finished'))).toHaveLength(8);
    expect(c.errors).toEqual([]);
  });

  it('rests an option limit order; fills a fractional BTC market order and books it at the multiplier-free price', async () => {
    const c = await setup();
    const statuses: { id: number; status: string; filled: number; remaining: number; avg: number }[] = [];
    c.ib.on(EventName.orderStatus, (id: number, status: string, filled: number, remaining: number, avg: number) =>
      statuses.push({ id, status, filled, remaining, avg }),
    );
    const optId = c.nextValidId;
    const btcId = optId + 1;
    const cashBefore = simulator.sim.broker.accountNumber('DU1234567', 'TotalCashValue');
    c.ib.placeOrder(optId, new Option('SPY', '20281215', 750, OptionType.Call), {
      orderType: OrderType.LMT, action: OrderAction.BUY, lmtPrice: 1, totalQuantity: 1, tif: 'DAY', transmit: true,
    });
    c.ib.placeOrder(btcId, new Crypto('BTC'), { orderType: OrderType.MKT, action: OrderAction.BUY, totalQuantity: 0.25, tif: 'IOC', transmit: true });
    await waitFor(() => statuses.some((s) => s.id === btcId && s.status === 'Filled') && statuses.some((s) => s.id === optId), 'both statuses');
    expect(statuses.find((s) => s.id === optId)).toMatchObject({ status: 'Submitted', filled: 0, remaining: 1 });
    const fill = statuses.find((s) => s.id === btcId && s.status === 'Filled')!;
    expect(fill.filled).toBe(0.25);
    const pos = simulator.sim.broker.positions('DU1234567').find((p) => p.contract.symbol === 'BTC')!;
    expect(pos.position).toBe(0.25);
    const cashAfter = simulator.sim.broker.accountNumber('DU1234567', 'TotalCashValue');
    // 0.25 × price plus 0.18 % commission (at least 1.75).
    expect(cashBefore - cashAfter).toBeCloseTo(0.25 * fill.avg + Math.max(1.75, 0.25 * fill.avg * 0.0018), 1);
    expect(c.errors).toEqual([]);
  });

  it('finds AMC by reqMatchingSymbols, listed first', async () => {
    const c = await setup();
    let result: ContractDescription[] = [];
    c.ib.on(EventName.symbolSamples, (_id: number, list: ContractDescription[]) => (result = list));
    c.ib.reqMatchingSymbols(3, 'AMC');
    await waitFor(() => result.length > 0, 'symbolSamples');
    expect(result[0]!.contract).toMatchObject({ symbol: 'AMC', secType: 'STK', primaryExch: 'NYSE' });
    const details: ContractDetails[] = [];
    c.ib.on(EventName.contractDetails, (_id: number, d: ContractDetails) => details.push(d));
    c.ib.reqContractDetails(4, new Stock('AMC'));
    await waitFor(() => details.length > 0, 'AMC details');
    expect(details[0]!.longName).toBe('AMC ENTERTAINMENT HLDS-CL A');
    expect(c.errors).toEqual([]);
  });
});

/**
 * What a real TWS does at the instants that matter, driven through the simulator's clock (held still, moved with
 * advance()): regular hours, pre-market, after hours, overnight, the weekend and a date years ahead, each seen by
 * an unmodified @stoqey/ib client.
 */
import { describe, expect, it } from 'vitest';
import { BarSizeSetting, EventName, OrderAction, OrderType, type Contract, type ContractDetails } from '@stoqey/ib';
import { SimulatedClock, type TwsSimulator } from '../../src/simulator/index.js';
import { useSimulator, waitFor, type ConnectedClient } from './helpers.js';

const stock = (symbol: string): Contract => ({ symbol, secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' });
const BTC: Contract = { symbol: 'BTC', secType: 'CRYPTO' as Contract['secType'], exchange: 'PAXOS', currency: 'USD' };
const MINUTE = 60_000;

describe('simulator: the time of day, as a real TWS shows it', () => {
  const simulator = useSimulator();

  /** A simulator whose clock stands still at `instant` until the test advances it. */
  async function at(instant: string): Promise<{ c: ConnectedClient; clock: SimulatedClock; sim: TwsSimulator }> {
    const clock = new SimulatedClock({ start: instant, speed: 0 });
    const { sim } = await simulator.start({ clock, backgroundTicksPerSecond: 0 });
    return { c: await simulator.connect(1), clock, sim };
  }

  function statuses(c: ConnectedClient): Map<number, string[]> {
    const seen = new Map<number, string[]>();
    c.ib.on(EventName.orderStatus, (id: number, status: string) => {
      const list = seen.get(id) ?? [];
      if (list.at(-1) !== status) list.push(status);
      seen.set(id, list);
    });
    return seen;
  }

  it('regular hours (Wednesday 11:00 New York): currentTime is the clock, a market order fills at once', async () => {
    const { c, clock } = await at('2026-03-11T11:00:00-04:00');
    let time = 0;
    c.ib.on(EventName.currentTime, (t: number) => (time = t));
    c.ib.reqCurrentTime();
    await waitFor(() => time, 'currentTime');
    expect(time).toBe(Math.floor(clock.now() / 1000));
    const seen = statuses(c);
    c.ib.placeOrder(c.nextValidId, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10, transmit: true });
    await waitFor(() => seen.get(c.nextValidId)?.includes('Filled'), 'the fill');
    expect(c.errors.filter((e) => e.code === 399)).toEqual([]);
  });

  it('pre-market (07:30): a market order waits PreSubmitted with warning 399 until 09:30, an outsideRth limit order trades now', async () => {
    const { c, clock, sim } = await at('2026-03-11T07:30:00-04:00');
    const seen = statuses(c);
    const mkt = c.nextValidId;
    c.ib.placeOrder(mkt, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10, transmit: true });
    await waitFor(() => c.errors.some((e) => e.reqId === mkt && e.code === 399), 'the 399 warning');
    expect(c.errors.find((e) => e.reqId === mkt)?.message).toContain('your order will not be placed at the exchange until 2026-03-11 09:30:00 US/Eastern');
    await waitFor(() => seen.get(mkt)?.includes('PreSubmitted'), 'PreSubmitted');

    const ask = sim.market.quote('MSFT')!.ask;
    const lmt = mkt + 1;
    c.ib.placeOrder(lmt, stock('MSFT'), { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: ask + 1, totalQuantity: 5, outsideRth: true, transmit: true });
    await waitFor(() => seen.get(lmt)?.includes('Filled'), 'the outsideRth limit order to fill pre-market');
    expect(seen.get(mkt)).toEqual(['PreSubmitted']);

    clock.advance(2 * 60 * MINUTE); // 09:30: the open
    await waitFor(() => seen.get(mkt)?.includes('Filled'), 'the market order to fill at the open');
    expect(seen.get(mkt)).toEqual(['PreSubmitted', 'Submitted', 'Filled']);
  });

  it('after hours (17:00): stocks wait for tomorrow, the CME future for its 18:00 reopen, a DAY limit order ends at the close', async () => {
    const { c, clock, sim } = await at('2026-03-11T15:59:00-04:00');
    const seen = statuses(c);
    const day = c.nextValidId;
    const bid = sim.market.quote('AAPL')!.bid;
    c.ib.placeOrder(day, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: Math.round(bid * 0.8), totalQuantity: 1, tif: 'DAY', transmit: true });
    await waitFor(() => seen.get(day)?.includes('Submitted'), 'the DAY order working');
    clock.advance(61 * 1000); // 16:00:01
    await waitFor(() => seen.get(day)?.includes('Cancelled'), 'the DAY order to expire at the close');

    clock.advance(MINUTE * 60); // 17:00:01, the CME daily break
    const mkt = day + 1;
    c.ib.placeOrder(mkt, stock('AAPL'), { action: OrderAction.SELL, orderType: OrderType.MKT, totalQuantity: 1, transmit: true });
    await waitFor(() => c.errors.some((e) => e.reqId === mkt && e.code === 399), '399 for the stock');
    expect(c.errors.find((e) => e.reqId === mkt)?.message).toContain('until 2026-03-12 09:30:00 US/Eastern');
    const es: Contract = { symbol: 'ES', secType: 'FUT' as Contract['secType'], exchange: 'CME', currency: 'USD', localSymbol: 'ESM6' };
    const fut = mkt + 1;
    c.ib.placeOrder(fut, es, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, transmit: true });
    await waitFor(() => c.errors.some((e) => e.reqId === fut && e.code === 399), '399 for the future (daily break)');
    expect(c.errors.find((e) => e.reqId === fut)?.message).toContain('until 2026-03-11 18:00:00 US/Eastern');
    clock.advance(61 * MINUTE); // 18:01:01: Globex is open again, the stock is not
    await waitFor(() => seen.get(fut)?.includes('Filled'), 'the future to fill at the reopen');
    expect(seen.get(mkt)).toEqual(['PreSubmitted']);
  });

  it('overnight (22:00) and the weekend: stocks closed, BTC trades; a 1 D daily request on Saturday returns Friday', async () => {
    const { c, clock } = await at('2026-03-13T22:00:00-04:00'); // Friday night
    const seen = statuses(c);
    const mkt = c.nextValidId;
    c.ib.placeOrder(mkt, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, transmit: true });
    await waitFor(() => c.errors.some((e) => e.reqId === mkt && e.code === 399), '399 overnight');
    expect(c.errors.find((e) => e.reqId === mkt)?.message).toContain('until 2026-03-16 09:30:00 US/Eastern'); // Monday

    clock.advance(14 * 60 * MINUTE); // Saturday 12:00
    const btc = mkt + 1;
    c.ib.placeOrder(btc, BTC, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 0.01, transmit: true });
    await waitFor(() => seen.get(btc)?.includes('Filled'), 'BTC fills on a Saturday');

    const bars: string[] = [];
    let done = false;
    c.ib.on(EventName.historicalData, (id: number, date: string) => {
      if (id !== 7) return;
      if (date.startsWith('finished')) done = true;
      else bars.push(date);
    });
    c.ib.reqHistoricalData(7, stock('AAPL'), '', '1 D', BarSizeSetting.DAYS_ONE, 'TRADES', 1, 1, false);
    await waitFor(() => done, 'the daily bar');
    expect(bars).toEqual(['20260313']);
    expect(seen.get(mkt)).toEqual(['PreSubmitted']);
  });

  it('10:00 on a weekday: today already has its daily bar (the session opened at 09:30)', async () => {
    const { c } = await at('2026-03-11T10:00:00-04:00');
    const bars: string[] = [];
    let done = false;
    c.ib.on(EventName.historicalData, (id: number, date: string) => {
      if (date.startsWith('finished')) done = true;
      else if (id === 3) bars.push(date);
    });
    c.ib.reqHistoricalData(3, stock('AAPL'), '', '1 D', BarSizeSetting.DAYS_ONE, 'TRADES', 1, 1, false);
    await waitFor(() => done || c.errors.length > 0, 'the answer');
    expect(c.errors).toEqual([]);
    expect(bars).toEqual(['20260311']);
  });

  it('three years ahead: the listings roll with the clock (front ES future, LEAPS), and options are priced', async () => {
    const { c } = await at('2029-09-12T11:00:00-04:00');
    const details: ContractDetails[] = [];
    let ended = 0;
    c.ib.on(EventName.contractDetails, (_id: number, d: ContractDetails) => details.push(d));
    c.ib.on(EventName.contractDetailsEnd, () => ended++);
    c.ib.reqContractDetails(1, { symbol: 'ES', secType: 'FUT' as Contract['secType'], exchange: 'CME', currency: 'USD' });
    await waitFor(() => ended === 1, 'ES futures');
    expect(details.map((d) => d.contract.localSymbol)).toEqual(['ESU9', 'ESZ9', 'ESH0', 'ESM0']);
    expect(details[0]?.tradingHours?.split(';')[0]).toBe('20290911:1800-20290912:1700');

    details.length = 0;
    c.ib.reqContractDetails(2, { symbol: 'SPY', secType: 'OPT' as Contract['secType'], exchange: 'SMART', currency: 'USD', strike: 600, right: 'C' } as Contract);
    await waitFor(() => ended === 2, 'SPY 600 calls');
    expect(details.map((d) => d.contract.lastTradeDateOrContractMonth)).toEqual(['20290921', '20291019', '20291116', '20301220', '20311219']);

    const bids: number[] = [];
    c.ib.on(EventName.tickPrice, (id: number, field: number, price: number) => {
      if (id === 9 && field === 1) bids.push(price);
    });
    c.ib.reqMktData(9, { ...details[3]!.contract, exchange: 'SMART' }, '', true, false);
    await waitFor(() => bids.length > 0, 'the LEAPS bid');
    expect(bids[0]).toBeGreaterThan(0);
  });
});

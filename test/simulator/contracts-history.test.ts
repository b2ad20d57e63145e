import { describe, expect, it } from 'vitest';
import { BarSizeSetting, EventName, type Contract, type ContractDetails, type ContractDescription } from '@stoqey/ib';
import { useSimulator, waitFor, type ConnectedClient } from './helpers.js';

const stock = (symbol: string): Contract => ({ symbol, secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' });

describe('simulator: contracts and history over a real @stoqey/ib connection', () => {
  const simulator = useSimulator();
  const setup = (): Promise<ConnectedClient> => simulator.connect(4);

  it('reqContractDetails returns real-looking details then contractDetailsEnd; unknown symbols get 200', async () => {
    const c = await setup();
    const details: ContractDetails[] = [];
    const ended: number[] = [];
    c.ib.on(EventName.contractDetails, (_id: number, d: ContractDetails) => details.push(d));
    c.ib.on(EventName.contractDetailsEnd, (id: number) => ended.push(id));
    c.ib.reqContractDetails(1, stock('AAPL'));
    c.ib.reqContractDetails(2, stock('ZZZZNOPE'));
    await waitFor(() => ended.includes(1) && c.errors.length > 0, 'details and the 200');
    expect(details).toHaveLength(1);
    const d = details[0] as ContractDetails;
    expect(d.contract.conId).toBe(265598);
    expect(d.longName).toBe('APPLE INC');
    expect(d.contract.primaryExch).toBe('NASDAQ');
    expect(d.minTick).toBe(0.01);
    expect(d.timeZoneId).toBeTruthy();
    expect(d.tradingHours).toMatch(/^\d{8}:/);
    expect(c.errors.map((e) => [e.reqId, e.code])).toEqual([[2, 200]]);
    expect(c.decodeErrors()).toEqual([]);
  });

  it('reqMatchingSymbols lists prefix matches with derivative sec types', async () => {
    const c = await setup();
    let result: ContractDescription[] = [];
    c.ib.on(EventName.symbolSamples, (_id: number, list: ContractDescription[]) => (result = list));
    c.ib.reqMatchingSymbols(3, 'MS');
    await waitFor(() => result.length > 0, 'symbolSamples');
    expect(result.map((r) => r.contract?.symbol)).toContain('MSFT');
    expect(c.decodeErrors()).toEqual([]);
  });

  it('reqHistoricalData returns daily bars from the price model, keepUpToDate pushes updates, small-bar repeats get 162', async () => {
    const c = await setup();
    const bars: { date: string; open: number; high: number; low: number; close: number }[] = [];
    let finished = '';
    c.ib.on(EventName.historicalData, (id: number, date: string, open: number, high: number, low: number, close: number) => {
      if (id !== 1) return;
      if (date.startsWith('finished')) finished = date;
      else bars.push({ date, open, high, low, close });
    });
    c.ib.reqHistoricalData(1, stock('AAPL'), '', '10 D', BarSizeSetting.DAYS_ONE, 'TRADES', 1, 1, false);
    await waitFor(() => finished, 'the end marker');
    expect(bars.length).toBeGreaterThanOrEqual(6);
    expect(bars.length).toBeLessThanOrEqual(10);
    for (const b of bars) {
      expect(b.date).toMatch(/^\d{8}$/);
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.close).toBeGreaterThan(50);
    }

    const updates: number[] = [];
    c.ib.on(EventName.historicalDataUpdate, (id: number, _d: string, _o: number, _h: number, _l: number, close: number) => {
      if (id === 2) updates.push(close);
    });
    c.ib.reqHistoricalData(2, stock('AAPL'), '', '1 D', BarSizeSetting.MINUTES_FIVE, 'TRADES', 0, 1, true);
    simulator.sim.market.setPrice('AAPL', 242.42);
    await waitFor(() => updates.includes(242.42), 'the update with the new price');
    c.ib.cancelHistoricalData(2);

    c.ib.reqHistoricalData(3, stock('MSFT'), '', '1800 S', BarSizeSetting.SECONDS_FIVE, 'TRADES', 1, 1, false);
    c.ib.reqHistoricalData(4, stock('MSFT'), '', '1800 S', BarSizeSetting.SECONDS_FIVE, 'TRADES', 1, 1, false);
    await waitFor(() => c.errors.length > 0, 'the pacing violation');
    // A pacing 162, not a "no data" one: same code, different sentence.
    expect(c.errors.map((e) => [e.reqId, e.code, e.message])).toEqual([
      [4, 162, 'Historical Market Data Service error message:Historical data request pacing violation'],
    ]);
    expect(c.decodeErrors()).toEqual([]);
  });

  it('reqHeadTimestamp answers with the first available bar date', async () => {
    const c = await setup();
    let head = '';
    c.ib.on(EventName.headTimestamp, (_id: number, ts: string) => (head = ts));
    c.ib.reqHeadTimestamp(9, stock('AAPL'), 'TRADES', true, 1);
    await waitFor(() => head, 'headTimestamp');
    expect(head).toMatch(/^19801212/);
    expect(c.decodeErrors()).toEqual([]);
  });

  it('keepUpToDate opens the next bar when the bar period ends (1-second bars, epoch dates)', async () => {
    const c = await setup();
    const dates: string[] = [];
    let initial = 0;
    c.ib.on(EventName.historicalData, (id: number, date: string) => {
      if (id === 5 && !date.startsWith('finished')) initial++;
    });
    c.ib.on(EventName.historicalDataUpdate, (id: number, date: string) => {
      if (id === 5) dates.push(date);
    });
    c.ib.reqHistoricalData(5, stock('MSFT'), '', '60 S', BarSizeSetting.SECONDS_ONE, 'TRADES', 0, 2, true);
    await waitFor(() => initial > 0, 'the initial bars');
    let price = 400;
    await waitFor(
      () => {
        simulator.sim.market.setPrice('MSFT', (price += 0.5));
        return new Set(dates).size >= 2;
      },
      'a second bar',
      5000,
    );
    const distinct = [...new Set(dates)].map(Number);
    expect(distinct[1] as number).toBeGreaterThan(distinct[0] as number);
    expect(c.decodeErrors()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { EventName, IBApiNext, type Contract } from '@stoqey/ib';
import type { TwsSimulatorOptions } from '../../src/simulator/index.js';
import { useSimulator, waitFor } from './helpers.js';

const AAPL: Contract = { symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };

interface Tick {
  tickerId: number;
  field: number;
  value: number | string | undefined;
}

describe('simulator: market data over a real @stoqey/ib connection', () => {
  const simulator = useSimulator();

  async function setup(options: TwsSimulatorOptions = {}, clientId = 1) {
    const { sim } = await simulator.start({ ticksPerSecond: 50, ...options });
    const client = await simulator.connect(clientId);
    const ticks: Tick[] = [];
    const record = (field: number, tickerId: number, value: number | string | undefined) => ticks.push({ tickerId, field, value });
    client.ib.on(EventName.tickPrice, (id: number, field: number, value: number) => record(field, id, value));
    client.ib.on(EventName.tickSize, (id: number | undefined, field: number | undefined, value: number | undefined) =>
      record(field ?? -1, id ?? -1, value),
    );
    client.ib.on(EventName.tickString, (id: number, field: number, value: string) => record(field, id, value));
    client.ib.on(EventName.tickGeneric, (id: number, field: number, value: number) => record(field, id, value));
    return { client, ticks, sim };
  }

  it('streams bid/ask/last around the model price, with tickReqParams and marketDataType first; cancel stops it', async () => {
    const { client, ticks, sim } = await setup();
    const params: number[] = [];
    const types: number[] = [];
    client.ib.on(EventName.tickReqParams, (id: number) => params.push(id));
    client.ib.on(EventName.marketDataType, (_id: number, t: number) => types.push(t));
    client.ib.reqMktData(11, AAPL, '233,236', false, false);
    await waitFor(() => ticks.filter((t) => t.tickerId === 11 && t.field === 1).length >= 3, 'several bid ticks');
    expect(params).toEqual([11]);
    expect(types).toEqual([1]);
    const quote = sim.market.quote('AAPL');
    expect(quote).toBeDefined();
    const bids = ticks.filter((t) => t.field === 1).map((t) => t.value as number);
    const asks = ticks.filter((t) => t.field === 2).map((t) => t.value as number);
    for (const p of [...bids, ...asks]) {
      expect(p).toBeGreaterThan(100);
      expect(p).toBeLessThan(400);
    }
    expect(Math.abs((bids.at(-1) as number) - (quote as { bid: number }).bid)).toBeLessThan(5);
    // BID carries its size: stoqey emits BID_SIZE (0) from it.
    expect(ticks.some((t) => t.field === 0 && typeof t.value === 'number' && t.value > 0)).toBe(true);
    expect(ticks.some((t) => t.field === 9)).toBe(true); // CLOSE
    expect(ticks.some((t) => t.field === 46)).toBe(true); // SHORTABLE from generic tick 236
    expect(sim.marketDataLines()).toBe(1);

    client.ib.cancelMktData(11);
    await waitFor(() => sim.marketDataLines() === 0, 'the line to close');
    // Ticks sent before the cancel was read may still be on their way: count once the stream is drained.
    await client.drained();
    const countAfterCancel = ticks.length;
    sim.market.setPrice('AAPL', 250);
    await client.drained();
    expect(ticks.length).toBe(countAfterCancel);
    expect(client.decodeErrors()).toEqual([]);
    expect(client.errors).toEqual([]);
  });

  it('a snapshot ends with tickSnapshotEnd and opens no line; unknown symbols get 200; unknown cancels get 300', async () => {
    const { client, ticks, sim } = await setup();
    const ended: number[] = [];
    client.ib.on(EventName.tickSnapshotEnd, (id: number) => ended.push(id));
    client.ib.reqMktData(5, AAPL, '', true, false);
    await waitFor(() => ended.includes(5), 'tickSnapshotEnd');
    expect(ticks.some((t) => t.tickerId === 5 && t.field === 1)).toBe(true);
    expect(sim.marketDataLines()).toBe(0);
    client.ib.reqMktData(6, { ...AAPL, symbol: 'NOSUCH' }, '', false, false);
    client.ib.cancelMktData(77);
    await waitFor(() => client.errors.length >= 2, 'errors');
    expect(client.errors.map((e) => [e.reqId, e.code])).toEqual([
      [6, 200],
      [77, 300],
    ]);
    expect(client.decodeErrors()).toEqual([]);
  });

  it('delayed market data type 3 uses the delayed tick types 66..76 / 88', async () => {
    const { client, ticks } = await setup();
    const types: number[] = [];
    client.ib.on(EventName.marketDataType, (_id: number, t: number) => types.push(t));
    client.ib.reqMarketDataType(3);
    client.ib.reqMktData(2, AAPL, '', false, false);
    await waitFor(() => ticks.some((t) => t.field === 66) && ticks.some((t) => t.field === 67), 'delayed bid/ask');
    expect(types).toEqual([3]);
    expect(ticks.some((t) => t.field === 1 || t.field === 2)).toBe(false);
    expect(ticks.some((t) => t.field === 69)).toBe(true); // DELAYED_BID_SIZE derived from DELAYED_BID
    expect(ticks.some((t) => t.field === 88)).toBe(true); // DELAYED_LAST_TIMESTAMP
  });

  it('permissions: delayed-only gives 10167 then delayed data; none gives 10168 and nothing', async () => {
    const delayedOnly = await setup({ marketDataPermission: 'delayed-only' });
    delayedOnly.client.ib.reqMktData(1, AAPL, '', false, false);
    await waitFor(() => delayedOnly.ticks.some((t) => t.field === 66), 'delayed ticks');
    expect(delayedOnly.client.errors.map((e) => e.code)).toEqual([10167]);
    delayedOnly.client.close();
    await delayedOnly.sim.stop();

    const none = await setup({ marketDataPermission: 'none' }, 2);
    none.client.ib.reqMktData(1, AAPL, '', false, false);
    await waitFor(() => none.client.errors.length > 0, '10168');
    expect(none.client.errors.map((e) => e.code)).toEqual([10168]);
    expect(none.ticks).toEqual([]);
  });

  it('more lines than maxMarketDataLines get 101; duplicate ticker ids get 102', async () => {
    const { client, sim } = await setup({ maxMarketDataLines: 2 });
    client.ib.reqMktData(1, AAPL, '', false, false);
    client.ib.reqMktData(2, { ...AAPL, symbol: 'MSFT' }, '', false, false);
    client.ib.reqMktData(3, { ...AAPL, symbol: 'SPY' }, '', false, false);
    client.ib.reqMktData(2, { ...AAPL, symbol: 'MSFT' }, '', false, false);
    await waitFor(() => client.errors.length >= 2, 'errors');
    expect(client.errors.map((e) => [e.reqId, e.code])).toEqual([
      [3, 101],
      [2, 102],
    ]);
    expect(sim.marketDataLines()).toBe(2);
  });

  it('IBApiNext getMarketData streams a ticker with bid < ask', async () => {
    const { sim } = await setup();
    const api = new IBApiNext({ host: '127.0.0.1', port: sim.port });
    const errors: number[] = [];
    api.errorSubject.subscribe((e) => errors.push(e.code));
    api.connect(21);
    try {
      const ticks = await new Promise<Map<number, { value?: number }>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no market data')), 5000);
        const sub = api.getMarketData(AAPL, '', false, false).subscribe({
          next: (update) => {
            const all = update.all as unknown as Map<number, { value?: number }>;
            if (all.get(1)?.value && all.get(2)?.value) {
              clearTimeout(timer);
              sub.unsubscribe();
              resolve(all);
            }
          },
          error: reject,
        });
      });
      expect((ticks.get(1)?.value as number) < (ticks.get(2)?.value as number)).toBe(true);
      expect(errors.filter((c) => c === 505)).toEqual([]);
    } finally {
      api.disconnect();
    }
  });

  it("the 'tickEmitted' hook reports each quote change that reached a client, with its emit time", async () => {
    const { client, sim } = await setup();
    const seen: { conId: number; price: number; at: number }[] = [];
    const listener = (conId: number, price: number, at: number) => seen.push({ conId, price, at });
    sim.on('tickEmitted', listener);
    client.ib.reqMktData(1, AAPL, '', false, false);
    await waitFor(() => sim.marketDataLines() === 1, 'the line');
    sim.market.setPrice('AAPL', 233.33);
    await waitFor(() => seen.some((s) => s.price === 233.33), 'the hook');
    const hit = seen.find((s) => s.price === 233.33);
    expect(hit?.conId).toBe(265598);
    expect(Math.abs((hit?.at as number) - Date.now())).toBeLessThan(5000);
    sim.off('tickEmitted', listener);
    const count = seen.length;
    sim.market.setPrice('AAPL', 234.44);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.length).toBe(count);
  });
});

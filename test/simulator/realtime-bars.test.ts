/** reqRealTimeBars over a real @stoqey/ib connection: five-second bars built from the live model. */
import { describe, expect, it } from 'vitest';
import { EventName, WhatToShow, type Contract } from '@stoqey/ib';
import type { TwsSimulatorOptions } from '../../src/simulator/index.js';
import { useSimulator, waitFor, type ConnectedClient } from './helpers.js';

const AAPL: Contract = { symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };

interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number;
  wap?: number;
  count?: number;
}

describe('simulator: reqRealTimeBars over a real @stoqey/ib connection', () => {
  const simulator = useSimulator();

  async function connect(options: TwsSimulatorOptions = {}): Promise<ConnectedClient> {
    await simulator.start({ backgroundTicksPerSecond: 0, ticksPerSecond: 20, ...options });
    return simulator.connect(1);
  }

  it('sends a TRADES and a MIDPOINT bar every five seconds of the market clock, each consistent with its trades', async () => {
    const c = await connect();
    const bars = new Map<number, Bar[]>([[1, []], [2, []]]);
    c.ib.on(EventName.realtimeBar, (reqId: number, time: number, open: number, high: number, low: number, close: number, volume?: number, wap?: number, count?: number) =>
      bars.get(reqId)?.push({ time, open, high, low, close, volume, wap, count }),
    );
    c.ib.reqRealTimeBars(1, AAPL, 5, WhatToShow.TRADES, false);
    c.ib.reqRealTimeBars(2, AAPL, 5, WhatToShow.MIDPOINT, false);
    await waitFor(() => (bars.get(1)?.length ?? 0) >= 2 && (bars.get(2)?.length ?? 0) >= 2, 'two bars of each kind', 15_000);
    c.ib.cancelRealTimeBars(1);
    c.ib.cancelRealTimeBars(2);
    for (const series of bars.values()) {
      const [first, second] = series as [Bar, Bar];
      expect(first.time % 5).toBe(0);
      expect(second.time - first.time).toBe(5);
      expect(Math.abs(first.time * 1000 - simulator.sim.market.now())).toBeLessThan(15_000);
      for (const b of series) {
        expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
        expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
        expect(b.low).toBeGreaterThan(0);
      }
    }
    // Trades: the second bar has trades at 20 steps a second, its VWAP inside its range; quotes carry no volume.
    const trades = (bars.get(1) as Bar[])[1] as Bar;
    expect(trades.volume).toBeGreaterThan(0);
    expect(trades.count).toBeGreaterThan(0);
    expect(trades.wap).toBeGreaterThanOrEqual(trades.low);
    expect(trades.wap).toBeLessThanOrEqual(trades.high);
    const mid = (bars.get(2) as Bar[])[1] as Bar;
    expect(mid.volume).toBe(-1);
    expect(mid.count).toBe(-1);
    const quote = simulator.sim.market.quote('AAPL');
    expect(Math.abs(mid.close - ((quote?.bid ?? 0) + (quote?.ask ?? 0)) / 2)).toBeLessThan(5);
    expect(c.errors).toEqual([]);
  }, 20_000);

  it('refuses an unknown contract (200) and a login without live data (354)', async () => {
    const c = await connect({ marketDataPermission: 'delayed-only' });
    c.ib.reqRealTimeBars(3, { ...AAPL, symbol: 'NOPE' }, 5, WhatToShow.TRADES, false);
    c.ib.reqRealTimeBars(4, AAPL, 5, WhatToShow.TRADES, false);
    await waitFor(() => c.errors.length === 2, 'two errors');
    expect(c.errors.map((e) => [e.reqId, e.code])).toEqual([
      [3, 200],
      [4, 354],
    ]);
  });
});

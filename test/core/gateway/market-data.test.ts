/**
 * Market data through the gateway against the simulator: shared lines, the line budget, quotes, snapshots,
 * delayed fallback, and subscriptions restored after a TWS restart and after 1101. Plus contract lookups and
 * historical bars.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TwsSimulator, TwsSimulatorOptions } from '../../../src/simulator/index.js';
import { isGatewayError, type GatewayOptions, type GatewayService } from '../../../src/core/gateway/index.js';
import { makeGateway, record, startSim, waitFor } from './helpers.js';

describe('gateway market data (simulator, real sockets)', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  async function connected(simOptions: TwsSimulatorOptions = {}, gwOptions: Partial<GatewayOptions> = {}): Promise<{ sim: TwsSimulator; gw: GatewayService }> {
    const { sim, port } = await startSim({ ticksPerSecond: 20, ...simOptions });
    cleanup.push(() => sim.stop());
    const gw = makeGateway(port, gwOptions);
    cleanup.push(() => gw.disconnect());
    await gw.connect();
    return { sim, gw };
  }

  it('shares one TWS line between subscribers, streams ticks with values, and cancels with the last release', async () => {
    const { sim, gw } = await connected();
    const ticks = record(gw, 'marketData');
    const quotes = record(gw, 'quote');
    const a = await gw.acquireMarketData({ symbol: 'AAPL' });
    await waitFor(() => a.quote().bid !== undefined && a.quote().ask !== undefined && a.quote().last !== undefined, 'a full quote');
    const b = await gw.acquireMarketData({ symbol: 'aapl' });
    expect(b.key).toBe(a.key);
    // The second subscriber sees the current state at once, without waiting for a tick.
    expect(b.quote().bid).toBeGreaterThan(0);
    expect(sim.marketDataLines()).toBe(1);
    expect(gw.getStatus()).toMatchObject({ linesInUse: 1, marketDataStatus: 'active' });

    const simQuote = sim.market.quote('AAPL');
    expect(simQuote).toBeDefined();
    const q = a.quote();
    expect(q.ask as number).toBeGreaterThanOrEqual(q.bid as number);
    expect(Math.abs((q.last as number) - 227.5) / 227.5).toBeLessThan(0.2); // near the simulator's AAPL base price
    const tick = ticks.find((t) => t.field === 1);
    expect(tick).toMatchObject({ key: a.key, symbol: 'AAPL' });
    expect(tick?.value).toBeGreaterThan(0);
    expect(Date.parse(tick?.timestamp ?? '')).not.toBeNaN();
    expect(gw.getQuote('AAPL')?.bid).toBeGreaterThan(0);
    expect(quotes.at(-1)).toMatchObject({ key: a.key, symbol: 'AAPL', conId: 265598, delayed: false });

    a.release();
    a.release(); // twice is harmless
    expect(sim.marketDataLines()).toBe(1);
    b.release();
    await waitFor(() => sim.marketDataLines() === 0, 'the simulator line to be cancelled');
    expect(gw.getStatus()).toMatchObject({ linesInUse: 0, marketDataStatus: 'inactive' });
  });

  it('refuses a new line beyond the budget with line_budget_exhausted (429), while sharing still works', async () => {
    const { sim, gw } = await connected({}, { marketDataLineBudget: 2 });
    const errors = record(gw, 'ibError');
    const l1 = await gw.acquireMarketData({ symbol: 'AAPL' });
    await gw.acquireMarketData({ symbol: 'MSFT' });
    const err = await gw.acquireMarketData({ symbol: 'NVDA' }).catch((e: unknown) => e);
    expect(isGatewayError(err, 'line_budget_exhausted')).toBe(true);
    expect((err as { httpStatus: number }).httpStatus).toBe(429);
    const shared = await gw.acquireMarketData({ symbol: 'AAPL' });
    expect(shared.key).toBe(l1.key);
    expect(sim.marketDataLines()).toBe(2);
    expect(errors.some((e) => e.code === 101)).toBe(false); // TWS never had to say no
    l1.release();
    shared.release();
    await gw.acquireMarketData({ symbol: 'NVDA' });
    await waitFor(() => sim.marketDataLines() === 2, 'AAPL swapped for NVDA');
  });

  it('rejects unknown symbols and requests while disconnected', async () => {
    const { gw } = await connected();
    await expect(gw.acquireMarketData({ symbol: 'NOPE' })).rejects.toMatchObject({ code: 'unknown_symbol', httpStatus: 400 });
    await gw.disconnect();
    await expect(gw.acquireMarketData({ symbol: 'AAPL' })).rejects.toMatchObject({ code: 'not_connected', httpStatus: 503 });
  });

  it('takes snapshots without keeping a line', async () => {
    const { sim, gw } = await connected();
    const q = await gw.snapshot({ symbol: 'MSFT' });
    expect(q).toMatchObject({ symbol: 'MSFT', delayed: false });
    expect(q.bid).toBeGreaterThan(0);
    expect(q.ask).toBeGreaterThan(0);
    expect(gw.getStatus().linesInUse).toBe(0);
    expect(sim.marketDataLines()).toBe(0);
  });

  it('restores every subscription after a TWS restart: ticks resume without the subscriber doing anything', async () => {
    const { sim, gw } = await connected();
    const ticks = record(gw, 'marketData');
    const lease = await gw.acquireMarketData({ symbol: 'TSLA' });
    await waitFor(() => ticks.length > 3, 'ticks before the restart');
    await sim.faults.restart(200);
    await waitFor(() => gw.getStatus().status === 'reconnecting', 'the outage to be noticed');
    expect(gw.getStatus().marketDataStatus).toBe('connecting');
    await waitFor(() => gw.getStatus().status === 'connected', 'reconnected');
    const before = ticks.length;
    await waitFor(() => ticks.length > before + 3, 'ticks after the restart');
    expect(ticks.at(-1)).toMatchObject({ key: lease.key, symbol: 'TSLA' });
    expect(sim.marketDataLines()).toBe(1);
    expect(gw.getStatus()).toMatchObject({ linesInUse: 1, marketDataStatus: 'active' });
  });

  it('resubscribes after 1101 (data lost) and keeps streaming after 1102', async () => {
    const { sim, gw } = await connected();
    const ticks = record(gw, 'marketData');
    await gw.acquireMarketData({ symbol: 'AMZN' });
    await waitFor(() => ticks.length > 2, 'ticks');
    sim.faults.connectivityLost();
    await waitFor(() => gw.getHealth().dataQuality === 'stale', 'stale');
    sim.faults.connectivityRestored(true); // the simulator forgets every line, as TWS does
    const before = ticks.length;
    await waitFor(() => ticks.length > before + 3, 'ticks after 1101');
    expect(sim.marketDataLines()).toBe(1);
    sim.faults.connectivityLost();
    sim.faults.connectivityRestored(false);
    const again = ticks.length;
    await waitFor(() => ticks.length > again + 3, 'ticks after 1102');
    expect(sim.marketDataLines()).toBe(1);
    expect(gw.getHealth().dataQuality).toBe('good');
  });

  it('falls back to delayed data when the account has no live subscription and says so in dataQuality', async () => {
    const { gw } = await connected({ marketDataPermission: 'delayed-only' });
    const lease = await gw.acquireMarketData({ symbol: 'JPM' });
    await waitFor(() => lease.quote().last !== undefined, 'delayed ticks');
    expect(lease.quote().delayed).toBe(true);
    await waitFor(() => gw.getHealth().dataQuality === 'delayed', 'dataQuality delayed');
    lease.release();
    await waitFor(() => gw.getHealth().dataQuality === 'good', 'good once no line is delayed');
  });

  it('reports market data status error when TWS refuses even delayed data', async () => {
    const { gw } = await connected({ marketDataPermission: 'none' });
    const errors = record(gw, 'ibError');
    await gw.acquireMarketData({ symbol: 'JPM' });
    await waitFor(() => gw.getStatus().marketDataStatus === 'error', 'line failure');
    expect(errors.filter((e) => e.code === 10168).length).toBeGreaterThanOrEqual(1);
  });

  it('resolves contracts, searches symbols and fetches historical bars', async () => {
    const { gw } = await connected();
    const details = await gw.getContractDetails({ symbol: 'AAPL' });
    expect(details[0]).toMatchObject({ conId: 265598, symbol: 'AAPL', secType: 'STK', primaryExchange: 'NASDAQ', currency: 'USD', longName: 'APPLE INC' });
    expect(details[0]?.minTick).toBeGreaterThan(0);
    const found = await gw.searchContracts('MS');
    expect(found.some((c) => c.symbol === 'MSFT' && c.conId === 272093 && c.primaryExchange === 'NASDAQ')).toBe(true);
    const bars = await gw.getHistoricalBars({ symbol: 'AAPL' }, { duration: '5 D', barSize: '1 day' });
    expect(bars.length).toBeGreaterThanOrEqual(3);
    for (const b of bars) {
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      expect(b.volume).toBeGreaterThan(0);
    }
    // The same request again inside IBKR's 15 s identical-request window is answered from the first one.
    const again = await gw.getHistoricalBars({ symbol: 'AAPL' }, { duration: '5 D', barSize: '1 day' });
    expect(again).toEqual(bars);
    expect(gw.recentErrors().some((e) => e.code === 162)).toBe(false);
    await expect(gw.getContractDetails({ symbol: 'NOPE' })).rejects.toMatchObject({ code: 'unknown_symbol' });
    await expect(gw.getHistoricalBars({ symbol: 'AAPL' }, { duration: 'five', barSize: '1 day' })).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

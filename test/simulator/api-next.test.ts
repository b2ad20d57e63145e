/** The promise/observable API (IBApiNext) against the simulator: the surface a gateway is most likely built on. */
import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { BarSizeSetting, ConnectionState, IBApiNext, OrderAction, OrderType, WhatToShow, type Contract } from '@stoqey/ib';
import { useSimulator, waitFor } from './helpers.js';

const AAPL: Contract = { symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };

describe('simulator: IBApiNext end to end', () => {
  const simulator = useSimulator();
  const errorCodes: number[] = [];

  afterEach(() => {
    errorCodes.length = 0;
  });

  async function setup(): Promise<IBApiNext> {
    const { port } = await simulator.start({ backgroundTicksPerSecond: 0 });
    const api = new IBApiNext({ host: '127.0.0.1', port });
    simulator.track({ close: () => api.disconnect() });
    api.errorSubject.subscribe((e) => errorCodes.push(e.code));
    api.connect(31);
    await firstValueFrom(api.connectionState.pipe(filter((s) => s === ConnectionState.Connected)));
    return api;
  }

  it('time, accounts, contract details, history, matching symbols', async () => {
    const next = await setup();
    const now = await next.getCurrentTime();
    // TWS's current time is the simulated clock's (a weekday trading instant in tests), not the machine's.
    expect(Math.abs(now - simulator.sim.clock.now() / 1000)).toBeLessThan(5);
    expect(await next.getManagedAccounts()).toEqual(['DU1234567']);
    const details = await next.getContractDetails(AAPL);
    expect(details[0]?.contract.conId).toBe(265598);
    const bars = await next.getHistoricalData(AAPL, undefined, '5 D', BarSizeSetting.DAYS_ONE, WhatToShow.TRADES, 1, 1);
    expect(bars.length).toBeGreaterThan(2);
    expect((bars[0]?.close as number) > 0).toBe(true);
    const symbols = await next.getMatchingSymbols('AAP');
    expect(symbols[0]?.contract?.symbol).toBe('AAPL');
    expect(errorCodes).toEqual([]);
  });

  it('placeNewOrder fills; open orders, executions, positions, account summary and PnL agree', async () => {
    const next = await setup();
    const orderId = await next.placeNewOrder(AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 20, orderRef: 'next-1', transmit: true });
    await waitFor(() => simulator.sim.broker.executions().length === 1, 'the fill');
    const executions = await next.getExecutionDetails({});
    expect(executions.map((e) => [e.execution.orderId, e.execution.orderRef, e.execution.shares])).toEqual([[orderId, 'next-1', 20]]);

    const positions = await firstValueFrom(next.getPositions().pipe(filter((u) => (u.all.get('DU1234567')?.length ?? 0) > 0)));
    expect(positions.all.get('DU1234567')?.[0]?.pos).toBe(20);

    const summary = await firstValueFrom(
      next.getAccountSummary('All', 'NetLiquidation,TotalCashValue').pipe(filter((u) => (u.all.get('DU1234567')?.size ?? 0) >= 2)),
    );
    const cash = Number(summary.all.get('DU1234567')?.get('TotalCashValue')?.get('USD')?.value);
    expect(cash).toBeLessThan(1_000_000);

    const pnl = await firstValueFrom(next.getPnLSingle('DU1234567', '', 265598));
    expect(pnl.position).toBe(20);

    const q = simulator.sim.market.quote('AAPL') as { bid: number };
    const restingId = await next.placeNewOrder(AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: Math.round(q.bid * 0.5), totalQuantity: 1, transmit: true });
    await waitFor(() => simulator.sim.broker.openOrders().length === 1, 'the resting order');
    const open = await next.getAllOpenOrders();
    expect(open.map((o) => o.orderId)).toEqual([restingId]);
    next.cancelOrder(restingId);
    await waitFor(() => simulator.sim.broker.openOrders().length === 0, 'the cancel');
    expect(errorCodes.filter((c) => c !== 202)).toEqual([]);
  });
});

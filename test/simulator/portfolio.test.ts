import { describe, expect, it } from 'vitest';
import { EventName, OrderAction, OrderType, type Contract } from '@stoqey/ib';
import { useSimulator, waitFor, type ConnectedClient } from './helpers.js';

const AAPL: Contract = { symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };

describe('simulator: positions, account data and P&L over a real @stoqey/ib connection', () => {
  const simulator = useSimulator({ backgroundTicksPerSecond: 0 });

  const usedIds = new Map<ConnectedClient, number>();

  async function buy(c: ConnectedClient, quantity: number): Promise<void> {
    const orderId = usedIds.get(c) ?? c.nextValidId;
    usedIds.set(c, orderId + 1);
    let filled = false;
    c.ib.on(EventName.orderStatus, (id: number, status: string) => {
      if (id === orderId && status === 'Filled') filled = true;
    });
    c.ib.placeOrder(orderId, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: quantity, transmit: true });
    await waitFor(() => filled, 'the fill');
  }

  it('reqPositions lists positions then positionEnd and streams later changes', async () => {
    const c = await simulator.connect(1);
    await buy(c, 50);
    const positions: { account: string; symbol?: string; pos: number; avgCost: number }[] = [];
    let ended = false;
    c.ib.on(EventName.position, (account: string, contract: Contract, pos: number, avgCost?: number) =>
      positions.push({ account, symbol: contract.symbol, pos, avgCost: avgCost ?? 0 }),
    );
    c.ib.on(EventName.positionEnd, () => (ended = true));
    c.ib.reqPositions();
    await waitFor(() => ended, 'positionEnd');
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ account: 'DU1234567', symbol: 'AAPL', pos: 50 });
    expect(positions[0]?.avgCost).toBeGreaterThan(100);
    await buy(c, 25);
    await waitFor(() => positions.some((p) => p.pos === 75), 'the streamed update');
    c.ib.cancelPositions();
    expect(c.decodeErrors()).toEqual([]);
  });

  it('reqAccountSummary gives the requested tags and $LEDGER rows, consistent with the fill', async () => {
    const c = await simulator.connect(1);
    await buy(c, 100);
    const rows: { tag: string; value: string; currency: string }[] = [];
    let ended = false;
    c.ib.on(EventName.accountSummary, (_id: number, _account: string, tag: string, value: string, currency: string) => rows.push({ tag, value, currency }));
    c.ib.on(EventName.accountSummaryEnd, () => (ended = true));
    c.ib.reqAccountSummary(3, 'All', 'NetLiquidation,TotalCashValue,BuyingPower,$LEDGER');
    await waitFor(() => ended, 'accountSummaryEnd');
    const value = (tag: string) => Number(rows.find((r) => r.tag === tag)?.value);
    const cash = value('TotalCashValue');
    const netLiq = value('NetLiquidation');
    const position = simulator.sim.broker.positions()[0];
    expect(cash).toBeLessThan(1_000_000 - 100 * 100);
    expect(netLiq).toBeCloseTo(cash + (position?.marketValue as number), -1);
    expect(value('BuyingPower')).toBeGreaterThan(0);
    expect(rows.some((r) => r.tag === 'CashBalance' && r.currency !== '')).toBe(true);
    c.ib.cancelAccountSummary(3);
    expect(c.decodeErrors()).toEqual([]);
  });

  it('reqAccountUpdates sends values, portfolio, time and download end; a second subscriber takes it over and the first gets 2100', async () => {
    const first = await simulator.connect(1);
    await buy(first, 10);
    const keys: string[] = [];
    const portfolio: { symbol?: string; position: number; marketValue: number }[] = [];
    let endAccount = '';
    let time = '';
    first.ib.on(EventName.updateAccountValue, (key: string) => keys.push(key));
    first.ib.on(EventName.updatePortfolio, (contract: Contract, position: number, _mp: number, marketValue: number) =>
      portfolio.push({ symbol: contract.symbol, position, marketValue }),
    );
    first.ib.on(EventName.updateAccountTime, (t: string) => (time = t));
    first.ib.on(EventName.accountDownloadEnd, (account: string) => (endAccount = account));
    first.ib.reqAccountUpdates(true, 'DU1234567');
    await waitFor(() => endAccount, 'accountDownloadEnd');
    expect(keys).toContain('NetLiquidation');
    expect(keys).toContain('TotalCashValue');
    expect(portfolio[0]).toMatchObject({ symbol: 'AAPL', position: 10 });
    expect(portfolio[0]?.marketValue).toBeGreaterThan(0);
    expect(time).toMatch(/^\d\d:\d\d$/);

    const second = await simulator.connect(2);
    second.ib.reqAccountUpdates(true, 'DU1234567');
    await waitFor(() => first.infos.some((i) => i.code === 2100), '2100 to the first subscriber');
    expect(first.decodeErrors()).toEqual([]);
    expect(second.decodeErrors()).toEqual([]);
  });

  it('reqPnL and reqPnLSingle report the position and move with the price', async () => {
    const c = await simulator.connect(1);
    await buy(c, 100);
    const pnl: (number | undefined)[][] = [];
    const single: (number | undefined)[][] = [];
    c.ib.on(EventName.pnl, (_id: number, daily: number, unrealized?: number, realized?: number) => pnl.push([daily, unrealized, realized]));
    c.ib.on(EventName.pnlSingle, (_id: number, pos: number, daily: number, unrealized?: number, realized?: number, value?: number) =>
      single.push([pos, daily, unrealized, realized, value]),
    );
    c.ib.reqPnL(1, 'DU1234567', '');
    c.ib.reqPnLSingle(2, 'DU1234567', '', 265598);
    await waitFor(() => pnl.length > 0 && single.length > 0, 'first P&L');
    expect(single[0]?.[0]).toBe(100);
    const avg = simulator.sim.broker.positions()[0]?.avgCost as number;
    simulator.sim.market.setPrice('AAPL', Math.round(avg + 10));
    await waitFor(() => (single.at(-1)?.[2] ?? 0) > 500, 'unrealized P&L after a +10 move');
    await waitFor(() => (pnl.at(-1)?.[1] ?? 0) > 500, 'account unrealized P&L after the move');
    c.ib.cancelPnL(1);
    c.ib.cancelPnLSingle(2);
    expect(c.decodeErrors()).toEqual([]);
  });
});

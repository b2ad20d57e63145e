import { describe, expect, it } from 'vitest';
import { AAPL, ACCOUNT, NOW, setup } from './helpers.js';

describe('marketable orders', () => {
  it('fills a market buy at the ask and keeps cash, position and NetLiquidation consistent', () => {
    const { market, broker, place, num } = setup();
    const q = market.quote(AAPL)!;
    const ask = q.ask;
    expect(q.askSize).toBeGreaterThanOrEqual(100);
    const r = place({ totalQuantity: 100, orderRef: 'my-ref' });
    expect(r.ok).toBe(true);
    const o = broker.order(1, 1)!;
    expect(o).toMatchObject({ status: 'Filled', filled: 100, remaining: 0, avgFillPrice: ask, lastFillPrice: ask });

    const [ex] = broker.executions();
    expect(ex!.execution).toMatchObject({ side: 'BOT', shares: 100, price: ask, cumQty: 100, avgPrice: ask, orderRef: 'my-ref', account: ACCOUNT, exchange: 'ISLAND', clientId: 1, permId: o.permId });
    expect(ex!.execution.execId).toMatch(/^[0-9a-f]{8}\.[0-9a-f]{8}\.01\.01$/);
    expect(ex!.execution.time).toBe('20250326  14:00:00');
    expect(ex!.commissionReport).toMatchObject({ commission: 1, currency: 'USD', realizedPNL: undefined });

    const [pos] = broker.positions(ACCOUNT);
    expect(pos).toMatchObject({ position: 100, avgCost: ask + 0.01 });
    expect(num('TotalCashValue')).toBeCloseTo(1_000_000 - 100 * ask - 1, 6);
    const mark = market.markPrice(AAPL);
    expect(num('GrossPositionValue')).toBeCloseTo(100 * mark, 6);
    expect(num('NetLiquidation')).toBeCloseTo(num('TotalCashValue') + 100 * mark, 6);
    // Buying at the ask costs half the spread plus commission against the mark.
    expect(num('NetLiquidation')).toBeLessThan(1_000_000);
    expect(num('BuyingPower')).toBeCloseTo(4 * num('ExcessLiquidity'), 6);
    expect(num('InitMarginReq')).toBeCloseTo(0.25 * 100 * mark, 6);

    // Valuations follow the market.
    market.setPrice(AAPL, ask + 10);
    expect(num('NetLiquidation')).toBeCloseTo(num('TotalCashValue') + 100 * market.markPrice(AAPL), 6);
    expect(broker.pnl(ACCOUNT)!.unrealizedPnL).toBeCloseTo(100 * (market.markPrice(AAPL) - ask) - 1, 6);
    expect(broker.pnlSingle(ACCOUNT, AAPL)).toMatchObject({ pos: 100, realizedPnL: 0 });
  });

  it('sells at the bid', () => {
    const { market, broker, place } = setup();
    const bid = market.quote(AAPL)!.bid;
    place({ action: 'SELL', totalQuantity: 100 });
    expect(broker.order(1, 1)).toMatchObject({ status: 'Filled', avgFillPrice: bid });
    expect(broker.positions(ACCOUNT)[0]!.position).toBe(-100);
  });

  it('fills a large order partially against the displayed size and the rest over later steps', () => {
    const { market, broker, place } = setup();
    const shown = market.quote(AAPL)!.askSize;
    place({ totalQuantity: 20_000 });
    const first = broker.order(1, 1)!;
    expect(first.status).toBe('Submitted');
    expect(first.filled).toBe(shown);
    expect(first.remaining).toBe(20_000 - shown);
    let steps = 0;
    while (broker.order(1, 1)!.status !== 'Filled' && steps < 2000) {
      market.step(AAPL);
      steps++;
    }
    const done = broker.order(1, 1)!;
    expect(done.status).toBe('Filled');
    const execs = broker.executions().map((e) => e.execution);
    expect(execs.length).toBeGreaterThan(2);
    expect(execs.reduce((s, e) => s + e.shares, 0)).toBe(20_000);
    expect(execs.at(-1)!.cumQty).toBe(20_000);
    // The average is the share-weighted mean of the fills; commissions sum to the order's commission.
    const vwap = execs.reduce((s, e) => s + e.shares * e.price, 0) / 20_000;
    expect(done.avgFillPrice).toBeCloseTo(vwap, 6);
    const commissions = broker.executions().reduce((s, e) => s + e.commissionReport.commission, 0);
    expect(commissions).toBeCloseTo(100, 6); // 20,000 × 0.005
    expect(broker.positions(ACCOUNT)[0]!.position).toBe(20_000);
  });

  it('cancels the unfilled remainder of an IOC order, and all of a FOK order that cannot fill', () => {
    const { market, broker, place } = setup();
    const shown = market.quote(AAPL)!.askSize;
    place({ totalQuantity: 50_000, tif: 'IOC' });
    expect(broker.order(1, 1)).toMatchObject({ status: 'Cancelled', filled: shown, remaining: 50_000 - shown });
    place({ totalQuantity: 50_000, tif: 'FOK' });
    expect(broker.order(1, 2)).toMatchObject({ status: 'Cancelled', filled: 0 });
    market.stepAll(20);
    expect(broker.order(1, 1)!.filled).toBe(shown);
  });

  it('realizes P&L net of commissions on a round trip', () => {
    const { market, broker, place, num } = setup();
    place({ totalQuantity: 200 });
    const buy = broker.order(1, 1)!.avgFillPrice;
    market.setPrice(AAPL, buy + 5);
    const bid = market.quote(AAPL)!.bid;
    place({ action: 'SELL', totalQuantity: 200 });
    const expected = (bid - buy) * 200 - 1 - 1; // two 1.00 minimum commissions
    const report = broker.executions()[1]!.commissionReport;
    expect(report.realizedPNL).toBeCloseTo(expected, 6);
    expect(broker.positions(ACCOUNT)[0]).toMatchObject({ position: 0, avgCost: 0 });
    expect(broker.pnl(ACCOUNT)!.realizedPnL).toBeCloseTo(expected, 6);
    expect(num('RealizedPnL')).toBeCloseTo(expected, 6);
    expect(num('TotalCashValue')).toBeCloseTo(1_000_000 + expected, 6);
    expect(num('NetLiquidation')).toBeCloseTo(1_000_000 + expected, 6);
  });

  it('marks futures to market: only P&L and commissions move cash', () => {
    const { market, broker, place, num } = setup();
    place({ contract: { symbol: 'ES', secType: 'FUT', exchange: 'CME', currency: 'USD', lastTradeDateOrContractMonth: '202603' }, totalQuantity: 2 });
    const o = broker.order(1, 1)!;
    expect(o.status).toBe('Filled');
    expect(num('TotalCashValue')).toBeCloseTo(1_000_000 - 4.5, 6);
    expect(broker.positions(ACCOUNT)[0]!.avgCost).toBeCloseTo(o.avgFillPrice * 50 + 2.25, 6);
    market.setPrice('ES', o.avgFillPrice + 10);
    expect(num('NetLiquidation')).toBeCloseTo(1_000_000 - 4.5 + 2 * 50 * (market.markPrice(637533641) - o.avgFillPrice), 6);
  });

  it('emits events in causal order for a fill', () => {
    const { broker, place } = setup();
    const seen: string[] = [];
    broker.on('orderStatus', (o) => seen.push(`status:${o.status}`));
    broker.on('execution', (e, c) => seen.push(`exec:${e.shares}:${c.commission}`));
    broker.on('position', (p) => seen.push(`position:${p.position}`));
    broker.on('accountChanged', (a) => seen.push(`account:${a}`));
    place({ totalQuantity: 100 });
    expect(seen).toEqual(['status:Submitted', 'exec:100:1', 'status:Filled', 'position:100', `account:${ACCOUNT}`]);
  });

  it('filters executions like reqExecutions', () => {
    const { broker, place } = setup();
    place({ totalQuantity: 100 });
    place({ clientId: 2, orderId: 1, action: 'SELL', totalQuantity: 100 });
    expect(broker.executions({ clientId: 2 })).toHaveLength(1);
    expect(broker.executions({ side: 'SELL' })[0]!.execution.side).toBe('SLD');
    expect(broker.executions({ symbol: 'MSFT' })).toHaveLength(0);
    expect(broker.executions({ time: '20250326 13:59:00' })).toHaveLength(2);
    expect(broker.executions({ time: '20250326-18:00:01' })).toHaveLength(0);
    void NOW;
  });
});

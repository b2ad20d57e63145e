/**
 * Portfolio and account data through the gateway with two managed accounts: positions with market values and P&L
 * for both accounts (the second one is outside reqAccountUpdates' single-account reach), account summaries for
 * each, live account updates after a fill, and everything restored after a reconnect.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AccountSummarySchema, PositionSchema } from '../../../src/common/contract.js';
import { roundMoney, roundPrice } from '../../../src/core/gateway/portfolioRounding.js';
import { makeGateway, record, startSim, waitFor } from './helpers.js';

describe('gateway portfolio and account (two accounts, real sockets)', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('tracks positions, summaries and P&L per account, live, and again after a reconnect', async () => {
    const { sim, port } = await startSim({ accounts: ['DU111', 'DU222'] });
    cleanup.push(() => sim.stop());
    const gw = makeGateway(port);
    cleanup.push(() => gw.disconnect());
    const accountUpdates = record(gw, 'accountUpdate');
    await gw.connect();
    expect(gw.getAccounts()).toEqual(['DU111', 'DU222']);
    // A summary is shown once its first batch has ended; wait for the figures asserted below all the same.
    const filled = (account: string) => {
      const s = gw.getAccountSummary(account);
      return s && s.netLiquidation > 0 && s.totalCashValue > 0 ? s : null;
    };
    const s1 = await waitFor(() => filled('DU111'), 'DU111 summary');
    const s2 = await waitFor(() => filled('DU222'), 'DU222 summary');
    expect(AccountSummarySchema.safeParse(s1).success).toBe(true);
    expect(s1.netLiquidation).toBeGreaterThan(0);
    expect(s2.totalCashValue).toBeGreaterThan(0);
    expect(s1.currency).toBe('USD');
    const cashBefore = s2.totalCashValue;

    await gw.placeOrder({ symbol: 'MSFT', action: 'BUY', quantity: 3, orderType: 'MKT', timeInForce: 'DAY', accountId: 'DU111' });
    await gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 20, orderType: 'MKT', timeInForce: 'DAY', accountId: 'DU222' });
    const msft = await waitFor(() => gw.getPositions().find((p) => p.account === 'DU111' && p.symbol === 'MSFT' && p.marketPrice > 0), 'DU111 MSFT');
    const aapl = await waitFor(() => gw.getPositions().find((p) => p.account === 'DU222' && p.symbol === 'AAPL' && p.position === 20 && p.marketValue > 0), 'DU222 AAPL with a value');
    for (const p of [msft, aapl]) {
      expect(PositionSchema.safeParse(p).success).toBe(true);
      // No float noise reaches clients: money in cents, prices and costs to 8 decimals (portfolioRounding.ts).
      for (const k of ['marketValue', 'unrealizedPnL', 'realizedPnL'] as const) expect(p[k], k).toBe(roundMoney(p[k]));
      for (const k of ['marketPrice', 'averageCost'] as const) expect(p[k], k).toBe(roundPrice(p[k]));
    }
    expect(msft).toMatchObject({ position: 3, conId: 272093 });
    expect(aapl.marketPrice).toBeGreaterThan(0);
    expect(Math.abs(aapl.marketValue - 20 * aapl.marketPrice)).toBeLessThan(0.01 * aapl.marketValue);
    const simPos = sim.broker.positions('DU222').find((p) => p.contract.symbol === 'AAPL');
    expect(simPos?.position).toBe(20);
    expect(aapl.averageCost).toBeCloseTo(simPos?.avgCost ?? NaN, 4);

    // The cash spent on the fill shows up in a live account update.
    await waitFor(() => accountUpdates.some((a) => a.account === 'DU222' && a.totalCashValue < cashBefore), 'DU222 cash to drop after the fill', 15_000);
    await waitFor(() => gw.getPnL('DU222'), 'DU222 P&L');
    // Unrealized P&L moves with the market, not a constant zero.
    sim.market.setPrice('AAPL', Math.round(aapl.marketPrice * 1.05 * 100) / 100);
    await waitFor(() => (gw.getPositions().find((p) => p.account === 'DU222' && p.symbol === 'AAPL')?.unrealizedPnL ?? 0) > 0, 'unrealized P&L after a price rise', 15_000);

    await sim.faults.restart(100);
    await waitFor(() => gw.getStatus().status === 'reconnecting', 'outage');
    await waitFor(() => gw.getStatus().status === 'connected', 'reconnected');
    const after = accountUpdates.length;
    sim.market.setPrice('AAPL', Math.round(aapl.marketPrice * 1.1 * 100) / 100);
    await waitFor(() => (gw.getPositions().find((p) => p.account === 'DU222' && p.symbol === 'AAPL')?.marketPrice ?? 0) > aapl.marketPrice * 1.07, 'position values live after the reconnect', 15_000);
    const cash = gw.getAccountSummary('DU111')?.totalCashValue ?? 0;
    await gw.placeOrder({ symbol: 'MSFT', action: 'BUY', quantity: 1, orderType: 'MKT', timeInForce: 'DAY', accountId: 'DU111' });
    await waitFor(() => accountUpdates.slice(after).some((a) => a.account === 'DU111' && a.totalCashValue < cash), 'a live account update after the reconnect', 15_000);
    await waitFor(() => gw.getPositions().find((p) => p.account === 'DU111' && p.symbol === 'MSFT')?.position === 4, 'the new MSFT position');
  });
});

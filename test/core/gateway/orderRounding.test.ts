/**
 * Order and execution values are rounded where they enter, by the portfolio's rules (portfolioRounding.ts): fill
 * prices to 8 decimals, commissions and realized P&L to cents. The reducer (orderRecord.ts) directly, and the
 * order manager (orders.ts) fed TWS messages with float noise by a scripted IBApi stand-in.
 */
import { EventName } from '@stoqey/ib';
import { describe, expect, it } from 'vitest';
import { applyCommission, applyExecution, applyOpenOrder, applyOrderStatus, newOrderTrack } from '../../../src/core/gateway/orderRecord.js';
import { scriptedOrders, turn } from './scriptedOrders.js';

const T = '2024-01-01T00:00:00.000Z';
const track = () => newOrderTrack({ orderId: 5, symbol: 'AAPL', action: 'BUY', quantity: 3, orderType: 'MKT' }, T);

describe('order record rounding', () => {
  it('orderStatus prices to 8 decimals; noise alone is no change', () => {
    const t = track();
    expect(applyOrderStatus(t, { status: 'Submitted', filled: 1, remaining: 2, avgFillPrice: 226.57999999999998, lastFillPrice: 226.57999999999998 }, T)).toBe(true);
    expect(t.order).toMatchObject({ avgFillPrice: 226.58, lastFillPrice: 226.58 });
    expect(applyOrderStatus(t, { status: 'Submitted', filled: 1, remaining: 2, avgFillPrice: 226.58000000000001, lastFillPrice: 226.5799999999 }, T)).toBe(false);
  });

  it('executions: the average over fills and the last price to 8 decimals', () => {
    const t = track();
    applyExecution(t, 'e1', 1, 100.1, T);
    applyExecution(t, 'e2', 1, 100.2, T);
    applyExecution(t, 'e3', 1, 100.2000000000001, T);
    expect(t.order).toMatchObject({ filled: 3, status: 'Filled', avgFillPrice: 100.16666667, lastFillPrice: 100.2 });
  });

  it('commissions to cents, per fill and summed; openOrder\'s running total too', () => {
    const t = track();
    expect(applyCommission(t, 'e1', 0.1, T)).toBe(true);
    expect(applyCommission(t, 'e2', 0.2, T)).toBe(true); // 0.1 + 0.2 = 0.30000000000000004 in doubles
    expect(t.order.commission).toBe(0.3);
    expect(applyCommission(t, 'e2', 0.20000000000000001, T)).toBe(false);
    // 1.0049999999999999 is the double TWS meant as 1.005: half a cent, away from zero.
    expect(applyCommission(t, 'e3', 1.0049999999999999, T)).toBe(true);
    expect(t.order.commission).toBe(1.31);
    const u = track();
    expect(applyOpenOrder(u, { commission: 1.4999999999995453 }, T)).toBe(true);
    expect(u.order.commission).toBe(1.5);
  });
});

describe('order manager rounding (orders.ts)', () => {
  it('executionReport: price and avgPrice to 8 decimals, commission and realized P&L to cents; the Order likewise', async () => {
    const { api, m, orders, executions } = scriptedOrders();
    await turn();
    await turn(); // reconciliation ended
    const contract = { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' };
    api.emit(EventName.openOrder, 7, contract, { orderId: 7, action: 'SELL', totalQuantity: 3, orderType: 'MKT', tif: 'DAY', permId: 70, account: 'DU1' }, { status: 'Submitted' });
    api.emit(EventName.execDetails, -1, contract, { orderId: 7, execId: 'x1', side: 'SLD', shares: 3, price: 226.57999999999998, avgPrice: 226.57999999999998, cumQty: 3, permId: 70, acctNumber: 'DU1', time: '20240101 10:00:00' });
    api.emit(EventName.orderStatus, 7, 'Filled', 3, 0, 226.57999999999998, 70, 0, 226.57999999999998, 1, '');
    api.emit(EventName.commissionReport, { execId: 'x1', commission: 1.0049999999999999, currency: 'USD', realizedPNL: -1.4999999999995453 });
    await turn();

    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ execId: 'x1', price: 226.58, avgPrice: 226.58, commission: 1.01, realizedPnL: -1.5, shares: 3, side: 'SLD' });
    const last = orders.at(-1)!;
    expect(last).toMatchObject({ orderId: 7, status: 'Filled', filled: 3, avgFillPrice: 226.58, lastFillPrice: 226.58, commission: 1.01 });
    expect(m.getExecutions()[0]).toMatchObject({ price: 226.58, commission: 1.01, realizedPnL: -1.5 });
    m.detach();
  });
});

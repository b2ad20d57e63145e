/**
 * End to end through the real gateway and the TWS simulator: login → subscribe → ticks → limit order → fill
 * (the simulator's price crosses the limit) → orderStatus, executionReport, position and account pushed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealStack } from './realStack.js';
import type { RealStack } from './realStack.js';

let s: RealStack;
beforeAll(async () => {
  s = await startRealStack({ sim: { backgroundTicksPerSecond: 0 } });
});
afterAll(async () => {
  await s?.close();
});

describe('end-to-end trade against the simulator', () => {
  it('health reports demo mode and a connected gateway', async () => {
    const r = await s.http('GET', '/health');
    expect(r.json).toMatchObject({ mode: 'demo', ibkr: { connected: true, connectionStatus: 'connected' } });
  });

  it('login → subscribe → ticks → limit order → fill → position/account/execution pushes', async () => {
    const token = await s.login();
    const ws = await s.ws();
    await ws.authenticate(token);
    const sub = await ws.request('subscribe_market_data', { symbols: ['AAPL'] });
    expect(sub.type).toBe('subscription_confirmed');
    await ws.waitFor((f) => f.type === 'marketData' && f.payload.symbol === 'AAPL', 15_000);
    const quote = s.sim.market.quote('AAPL');
    if (!quote) throw new Error('the simulator does not know AAPL');
    const mid = quote.last ?? quote.bid;
    const limit = Math.round((mid - 5) * 100) / 100;
    const placed = await ws.request('place_order', {
      symbol: 'AAPL', action: 'BUY', quantity: 10, orderType: 'LMT', price: limit, timeInForce: 'DAY', idempotencyKey: 'e2e-1',
    });
    expect(placed.type, JSON.stringify(placed.payload)).toBe('order_response');
    const orderId = placed.payload.orderId as number;
    await ws.waitFor((f) => f.type === 'orderStatus' && f.payload.orderId === orderId);
    // Move the market through the limit: the simulator's broker fills the resting order.
    s.sim.market.setPrice('AAPL', limit - 1);
    const exec = await ws.waitFor((f) => f.type === 'executionReport' && f.payload.orderId === orderId, 20_000);
    expect(exec.payload).toMatchObject({ symbol: 'AAPL', side: 'BOT', shares: 10 });
    await ws.waitFor((f) => f.type === 'orderStatus' && f.payload.orderId === orderId && f.payload.status === 'Filled', 20_000);
    await ws.waitFor((f) => f.type === 'positionUpdate' && f.payload.symbol === 'AAPL' && f.payload.position === 10, 20_000);
    await ws.waitFor((f) => f.type === 'accountUpdate', 20_000);
    const pos = await s.http('GET', '/api/positions', { token });
    expect(pos.json.positions.find((p: { symbol: string }) => p.symbol === 'AAPL')?.position).toBe(10);
    const ex = await s.http('GET', '/api/executions', { token });
    expect(ex.json.executions.some((e: { orderId: number }) => e.orderId === orderId)).toBe(true);
    // The journal holds the request, the response and the fill, and reports the order for today.
    const today = s.journal.todaysOrders().find((o) => o.orderId === orderId);
    expect(today?.status).toBe('Filled');
  });
});

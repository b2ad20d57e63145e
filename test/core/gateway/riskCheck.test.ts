/**
 * One risk check for placing and modifying (issue 12, design), on the order manager with a scripted session: a
 * forex pair quotes a bid and an ask but has no last trade. A new market order is valued at the ask; turning a
 * resting order into a market order must be valued the same way, not refused for want of a last price. And the
 * fat-finger bound holds for both.
 */
import { describe, expect, it } from 'vitest';
import type { ContractResolver, ResolvedContract } from '../../../src/core/gateway/contracts.js';
import type { Quote } from '../../../src/core/gateway/types.js';
import { scriptedOrders, turn } from './scriptedOrders.js';

const EURUSD: ResolvedContract = {
  key: 'EUR|CASH|IDEALPRO|USD',
  symbol: 'EUR',
  conId: 12087792,
  contract: { conId: 12087792, symbol: 'EUR', secType: 'CASH' as never, exchange: 'IDEALPRO', currency: 'USD' },
  details: {} as ResolvedContract['details'],
};
const NO_LAST: Quote = { symbol: 'EUR', conId: 12087792, bid: 1.0849, ask: 1.0851, delayed: false, updatedAt: '2024-01-01T00:00:00.000Z' };
const PAIR = { symbol: 'EUR.USD', secType: 'CASH', exchange: 'IDEALPRO', currency: 'USD', action: 'BUY', timeInForce: 'DAY' } as const;

function manager() {
  return scriptedOrders(
    {
      contracts: { resolve: async () => EURUSD } as unknown as ContractResolver,
      quote: (symbol) => (symbol === 'EUR' ? NO_LAST : undefined),
      defaultRiskChecks: () => ({ maxOrderValue: 1_000_000, maxOrderQuantity: 1_000_000 }),
    },
    { acknowledge: true },
  );
}

describe('one risk check for placing and modifying', () => {
  it('a market-order modify on a pair with no last trade is valued at the ask, like a new market order', async () => {
    const { m, sent } = manager();
    await turn();
    await turn(); // reconciliation ended
    const mkt = await m.placeOrder({ ...PAIR, quantity: 20_000, orderType: 'MKT' });
    expect(mkt.status).toBe('Submitted');
    const lmt = await m.placeOrder({ ...PAIR, quantity: 20_000, orderType: 'LMT', price: 0.5 });
    const modified = await m.modifyOrder(lmt.orderId, { orderType: 'MKT' });
    expect(modified.orderId).toBe(lmt.orderId);
    expect(sent.at(-1)?.[2]).toMatchObject({ orderType: 'MKT', totalQuantity: 20_000 });
    // Valued at the ask (20,000 × 1.0851 = 21,702), the same order is over a tighter value limit both ways.
    await expect(m.placeOrder({ ...PAIR, quantity: 20_000, orderType: 'MKT', riskChecks: { maxOrderValue: 20_000 } })).rejects.toThrow(/order value 21702 exceeds maxOrderValue 20000/);
    m.detach();
  });

  it('the fat-finger bound holds for a modification as for a placement', async () => {
    const { m, sent } = manager();
    await turn();
    await turn();
    await expect(m.placeOrder({ ...PAIR, quantity: 1e21, orderType: 'LMT', price: 1 })).rejects.toMatchObject({ code: 'risk_check_failed' });
    const lmt = await m.placeOrder({ ...PAIR, quantity: 20_000, orderType: 'LMT', price: 0.5 });
    const count = sent.length;
    await expect(m.modifyOrder(lmt.orderId, { quantity: 1e21 })).rejects.toThrow(/quantity 1e\+21 exceeds maxOrderQuantity 1000000/);
    expect(sent.length).toBe(count);
    m.detach();
  });
});

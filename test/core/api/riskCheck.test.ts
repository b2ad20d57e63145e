/**
 * One risk check for placing and modifying (issue 12, design): both apply the configured limits and the order's
 * own, and an order's own limits tighten the configured ones, never loosen them. The default settings carry a
 * fat-finger bound on quantity that a trader can raise. Over REST against the simulator. (Valuing a modification
 * like a placement, on a quote with no last trade: test/core/gateway/riskCheck.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../../src/core/config/validateSettings.js';
import type { SettingsInput } from '../../../src/core/config/settingsSchema.js';
import { startRealStack } from './realStack.js';
import type { RealStack } from './realStack.js';

/** A stack whose gateway gets its risk limits from settings, as ProxyApp's does (defaults included). */
function stackWithRisk(trading: SettingsInput['trading']): Promise<RealStack> {
  const defaultRiskChecks = parseSettings({ trading }).trading.riskChecks;
  return startRealStack({ sim: { backgroundTicksPerSecond: 0 }, settings: { trading }, gateway: { defaultRiskChecks } });
}

let s: RealStack;
let token: string;
beforeAll(async () => {
  s = await stackWithRisk({ riskChecks: { maxOrderValue: 10_000_000 } });
  token = await s.login();
});
afterAll(async () => {
  await s?.close();
});

const post = (body: unknown) => s.http('POST', '/api/orders', { token, body });

describe('one risk check', () => {
  it('a modification is held to the limits the order was placed with', async () => {
    const placed = await post({ symbol: 'AAPL', action: 'BUY', quantity: 10, orderType: 'LMT', price: 1, riskChecks: { maxOrderValue: 1_000 } });
    expect(placed.status).toBe(200);
    const bigger = await s.http('PUT', `/api/orders/${placed.json.order.orderId}`, { token, body: { quantity: 5_000 } });
    expect(bigger.status).toBe(422);
    expect(bigger.json).toMatchObject({ code: 'risk_check_failed', message: expect.stringMatching(/order value 5000 exceeds maxOrderValue 1000/) });
    expect(s.sim.broker.order(11, placed.json.order.orderId)?.totalQuantity).toBe(10);
  });

  it('an order\'s own limits cannot loosen the configured ones', async () => {
    const r = await post({ symbol: 'AAPL', action: 'BUY', quantity: 200_000, orderType: 'LMT', price: 100, riskChecks: { maxOrderValue: 1e12 } });
    expect(r.status).toBe(422);
    expect(r.json.message).toMatch(/order value 20000000 exceeds maxOrderValue 10000000/);
  });

  it('the default fat-finger bound refuses a quantity of 1e21, on placement and on modification', async () => {
    const before = s.sim.broker.orders().length;
    const huge = await post({ symbol: 'AAPL', action: 'BUY', quantity: 1e21, orderType: 'LMT', price: 1 });
    expect(huge.status).toBe(422);
    expect(huge.json.message).toMatch(/quantity 1e\+21 exceeds maxOrderQuantity 1000000/);
    const placed = await post({ symbol: 'AAPL', action: 'BUY', quantity: 5, orderType: 'LMT', price: 1 });
    const modified = await s.http('PUT', `/api/orders/${placed.json.order.orderId}`, { token, body: { quantity: 1e21 } });
    expect(modified.status).toBe(422);
    expect(s.sim.broker.orders().length).toBe(before + 1);
  });
});

describe('the fat-finger bound can be raised', () => {
  it('with trading.riskChecks.maxOrderQuantity raised, a larger order passes', async () => {
    const raised = await stackWithRisk({ riskChecks: { maxOrderQuantity: 5_000_000 } });
    try {
      const t = await raised.login();
      const r = await raised.http('POST', '/api/orders', { token: t, body: { symbol: 'AAPL', action: 'BUY', quantity: 2_000_000, orderType: 'LMT', price: 1 } });
      expect(r.status, r.text).toBe(200);
    } finally {
      await raised.close();
    }
  });
});

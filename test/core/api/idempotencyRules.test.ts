/**
 * One idempotency rule for every placement route and message (issue 12, finding 6): the key comes from the
 * Idempotency-Key header or the idempotencyKey field, single orders and brackets alike, over REST and WebSocket.
 * Concurrent placements with one key place once; the same key with another order is a 409. (Across a restart:
 * test/core/app/restart.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealStack } from './realStack.js';
import type { RealStack } from './realStack.js';

let s: RealStack;
let token: string;
beforeAll(async () => {
  s = await startRealStack({ sim: { backgroundTicksPerSecond: 0 } });
  token = await s.login();
});
afterAll(async () => {
  await s?.close();
});

const BRACKET = { symbol: 'IBM', action: 'BUY', quantity: 2, orderType: 'LMT', price: 5, takeProfitPrice: 6, stopLossPrice: 4, timeInForce: 'DAY' };
const atBroker = (key: string) => s.sim.broker.orders().filter((o) => o.orderRef === key || o.orderRef.startsWith(`${key}:`));

describe('one idempotency rule for every placement route', () => {
  it('POST /api/orders/bracket honours the Idempotency-Key header: 5 concurrent calls place one bracket', async () => {
    const headers = { 'idempotency-key': 'bracket-header-1' };
    const results = await Promise.all(Array.from({ length: 5 }, () => s.http('POST', '/api/orders/bracket', { token, body: BRACKET, headers })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const idSets = new Set(results.map((r) => JSON.stringify(r.json.orders.map((o: { orderId: number }) => o.orderId))));
    expect(idSets.size).toBe(1);
    expect(atBroker('bracket-header-1')).toHaveLength(3);

    // The same key over WebSocket (as the field) gets the same bracket back.
    const ws = await s.ws();
    await ws.authenticate(token);
    const again = await ws.request('place_bracket_order', { ...BRACKET, idempotencyKey: 'bracket-header-1' });
    expect(again.type).toBe('bracket_order_response');
    expect(JSON.stringify(again.payload.orders.map((o: { orderId: number }) => o.orderId))).toBe([...idSets][0]);
    expect(atBroker('bracket-header-1')).toHaveLength(3);
  });

  it('the same key with another bracket, or for a single order, is a 409 over REST and WebSocket', async () => {
    const headers = { 'idempotency-key': 'bracket-header-2' };
    expect((await s.http('POST', '/api/orders/bracket', { token, body: BRACKET, headers })).status).toBe(200);
    const other = await s.http('POST', '/api/orders/bracket', { token, body: { ...BRACKET, takeProfitPrice: 7 }, headers });
    expect(other.status).toBe(409);
    expect(other.json).toMatchObject({ success: false, code: 'idempotency_key_reused' });
    const single = await s.http('POST', '/api/orders', { token, body: { symbol: 'IBM', action: 'BUY', quantity: 2, orderType: 'LMT', price: 5 }, headers });
    expect(single.status).toBe(409);
    const ws = await s.ws();
    await ws.authenticate(token);
    const overWs = await ws.request('place_bracket_order', { ...BRACKET, quantity: 3, idempotencyKey: 'bracket-header-2' });
    expect(overWs.payload.code).toBe('idempotency_key_reused');
    expect(atBroker('bracket-header-2')).toHaveLength(3);
  });

  it('the header and the field must agree when both are given', async () => {
    const r = await s.http('POST', '/api/orders/bracket', { token, body: { ...BRACKET, idempotencyKey: 'a' }, headers: { 'idempotency-key': 'b' } });
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/differ/);
  });
});

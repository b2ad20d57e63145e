/**
 * Control characters in client text never reach TWS (issue 12, finding 1). TWS separates protocol fields with NUL,
 * so a NUL inside a string sent to it shifts every field after it: the broker would receive another order than
 * the one the proxy validated. Every string field of every order and contract route, over REST and WebSocket,
 * against the full stack: each is refused with a 400 sentence naming the field, and the simulated broker never
 * sees an order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealStack } from './realStack.js';
import type { RealStack } from './realStack.js';
import type { TestWs } from './harness.js';

let s: RealStack;
let token: string;
let ws: TestWs;
beforeAll(async () => {
  // Hundreds of refusals in a row on one socket: the per-client budget is not what this file tests.
  s = await startRealStack({ sim: { backgroundTicksPerSecond: 0 }, settings: { server: { apiRateLimitPerMinute: 100_000, wsRateLimitPerSecond: 10_000 } } });
  token = await s.login();
  ws = await s.ws();
  await ws.authenticate(token);
});
afterAll(async () => {
  await s?.close();
});

/** NUL (the TWS field separator), other C0 controls, DEL and a C1 control. */
const CONTROLS = ['\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085'];
const ORDER = { symbol: 'MSFT', action: 'BUY', quantity: 5, orderType: 'LMT', price: 1, timeInForce: 'DAY' };
const BRACKET = { ...ORDER, price: 100, takeProfitPrice: 110, stopLossPrice: 90 };
/** Every free-text field of an order (symbol has its own character rule, tested too). */
const TEXT_FIELDS = ['symbol', 'idempotencyKey', 'accountId', 'exchange', 'currency', 'strategyId'] as const;

function tainted(field: string, control: string): string {
  // Valid text around the control character, so only the control character can be the reason for a refusal.
  if (field === 'currency') return `U${control}D`;
  if (field === 'symbol') return `MS${control}FT`;
  return `ab${control}cd`;
}

const brokerOrders = () => s.sim.broker.orders().length;

describe('control characters are refused before anything reaches TWS', () => {
  it('the reported injection: a NUL in idempotencyKey no longer turns an order into a child of another', async () => {
    const first = await s.http('POST', '/api/orders', { token, body: { ...ORDER, symbol: 'AAPL' } });
    expect(first.status).toBe(200);
    const before = brokerOrders();
    const r = await s.http('POST', '/api/orders', { token, body: { symbol: 'MSFT', action: 'BUY', quantity: 5, orderType: 'MKT', idempotencyKey: 'inj\u00000' } });
    expect(r.status).toBe(400);
    expect(r.json.success).toBe(false);
    expect(r.json.message).toMatch(/idempotencyKey.*control characters/);
    expect(brokerOrders()).toBe(before);
    expect(s.sim.broker.orders().some((o) => o.parentId === first.json.order.orderId)).toBe(false);
  });

  it('REST POST /api/orders and /api/orders/bracket: every text field, every control character', async () => {
    const before = brokerOrders();
    for (const [path, base] of [['/api/orders', ORDER], ['/api/orders/bracket', BRACKET]] as const) {
      for (const field of TEXT_FIELDS) {
        for (const c of CONTROLS) {
          const r = await s.http('POST', path, { token, body: { ...base, [field]: tainted(field, c) } });
          expect(r.status, `${path} ${field} ${JSON.stringify(c)}`).toBe(400);
          expect(r.json.success).toBe(false);
          expect(r.json.message).toContain(field);
        }
      }
    }
    expect(brokerOrders()).toBe(before);
  });

  it('REST: the Idempotency-Key header follows the same rule (a tab; HTTP itself refuses NUL and newlines)', async () => {
    const before = brokerOrders();
    for (const path of ['/api/orders', '/api/orders/bracket']) {
      const r = await s.http('POST', path, { token, body: path.endsWith('bracket') ? BRACKET : ORDER, headers: { 'idempotency-key': 'ab\tcd' } });
      expect(r.status).toBe(400);
      expect(r.json.message).toMatch(/Idempotency-Key.*control characters/);
    }
    expect(brokerOrders()).toBe(before);
  });

  it('REST: path parameters and queries of the order and contract routes', async () => {
    for (const c of CONTROLS) {
      const e = encodeURIComponent(c);
      for (const [method, path] of [
        ['PUT', `/api/orders/1${e}`],
        ['DELETE', `/api/orders/1${e}`],
        ['GET', `/api/market-data/snapshot/AA${e}PL`],
        ['GET', `/api/history/AA${e}PL`],
        ['GET', `/api/history/AAPL?duration=1${e}%20D`],
        ['GET', `/api/history/AAPL?whatToShow=TRADES${e}`],
        ['GET', `/api/contracts/search?q=AA${e}PL`],
        ['DELETE', `/api/market-data/subscribe/ab${e}cd`],
      ] as const) {
        const r = await s.http(method, path, { token, ...(method === 'PUT' ? { body: { quantity: 1 } } : {}) });
        // DELETE of an unknown subscription id is a 404 either way; everything else is a 400 sentence.
        expect(r.status, `${method} ${path}`).toBe(path.includes('subscribe/') ? 404 : 400);
        expect(r.json.success).toBe(false);
        expect(typeof r.json.message).toBe('string');
      }
    }
    const sub = await s.http('POST', '/api/market-data/subscribe', { token, body: { symbols: ['AAPL', 'MS\u0000FT'] } });
    expect(sub.status).toBe(400);
    expect(s.sim.marketDataLines()).toBe(0);
  });

  it('WebSocket place_order, place_bracket_order, subscribe and snapshot: the same rule, an invalid_payload reply', async () => {
    const before = brokerOrders();
    for (const [type, base] of [['place_order', ORDER], ['place_bracket_order', BRACKET]] as const) {
      for (const field of TEXT_FIELDS) {
        for (const c of CONTROLS) {
          const r = await ws.request(type, { ...base, [field]: tainted(field, c) });
          expect(r.type, `${type} ${field} ${JSON.stringify(c)}`).toBe('error');
          expect(r.payload.message).toContain(field);
        }
      }
    }
    for (const c of CONTROLS) {
      expect((await ws.request('subscribe_market_data', { symbols: [`AA${c}PL`] })).type).toBe('error');
      expect((await ws.request('get_market_data_snapshot', { symbol: `AA${c}PL` })).type).toBe('error');
      expect((await ws.request('cancel_order', { orderId: `1${c}` })).type).toBe('error');
      expect((await ws.request('modify_order', { orderId: `1${c}`, quantity: 1 })).type).toBe('error');
    }
    expect(brokerOrders()).toBe(before);
  });

  it('ordinary text still passes: spaces, dots, dashes and non-Latin letters are not control characters', async () => {
    const r = await s.http('POST', '/api/orders', {
      token,
      body: { ...ORDER, idempotencyKey: 'client-1 order.2_β', strategyId: 'mean reversion #3 — β', exchange: 'SMART', currency: 'usd' },
    });
    expect(r.status).toBe(200);
    expect(r.json.order.order.idempotencyKey).toBe('client-1 order.2_β');
    const atBroker = s.sim.broker.orders().find((o) => o.orderRef === 'client-1 order.2_β');
    expect(atBroker?.contract.symbol).toBe('MSFT');
  });
});

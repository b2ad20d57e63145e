/**
 * Property-based fuzzing (fast-check) of REST bodies and WebSocket frames against the full stack: thousands of
 * random and malformed inputs; never a 5xx, never a crash, every reply a clear error (or a success).
 *
 * The kill switch is engaged first, so an input that happens to be a valid order is refused by the gateway
 * (423) instead of reaching the simulator: the fuzz stays fast and proves validation, not order flow.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_REQUESTS } from '../../../src/common/apiMessages.js';
import { startRealStack } from './realStack.js';
import type { RealStack } from './realStack.js';

let s: RealStack;
let token: string;
beforeAll(async () => {
  // Thousands of requests as fast as the replies come: the per-client budgets are tested in clientLimits.test.ts.
  s = await startRealStack({ settings: { server: { apiRateLimitPerMinute: 100_000, wsRateLimitPerSecond: 10_000 } } });
  token = await s.login();
  expect((await s.http('POST', '/api/orders/cancel-all', { token })).status).toBe(200);
});
afterAll(async () => {
  await s?.close();
});

const SEED = 20_240_601;

/** Order-shaped objects with wrong, missing and extreme values mixed with valid ones. */
const orderish = fc.record(
  {
    symbol: fc.oneof(fc.constantFrom('AAPL', 'BRK B', 'EUR.USD', '', ' ', 'a'.repeat(30), '$$$'), fc.string()),
    action: fc.oneof(fc.constantFrom('BUY', 'SELL', 'buy'), fc.anything()),
    quantity: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 1e308, '10')),
    orderType: fc.oneof(fc.constantFrom('MKT', 'LMT', 'STP', 'STP_LMT', 'TRAIL', 'TRAIL_LIMIT', 'STP LMT'), fc.string()),
    price: fc.oneof(fc.double(), fc.constant(undefined), fc.string()),
    auxPrice: fc.oneof(fc.double(), fc.constant(undefined)),
    timeInForce: fc.oneof(fc.constantFrom('DAY', 'GTC', 'IOC', 'FOK'), fc.anything()),
    riskChecks: fc.oneof(fc.constant(undefined), fc.anything(), fc.record({ maxOrderValue: fc.double() })),
    takeProfitPrice: fc.oneof(fc.double(), fc.constant(undefined)),
    stopLossPrice: fc.oneof(fc.double(), fc.constant(undefined)),
    idempotencyKey: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 80 })),
  },
  { requiredKeys: [] },
);

const bodies = fc.oneof(
  { weight: 3, arbitrary: orderish.map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: fc.anything().map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,2', '\u0000', '{"symbol":"AAPL"}}', '1e999', 'null', '""') },
);

const routes = fc.constantFrom(
  ['POST', '/api/orders'],
  ['POST', '/api/orders/bracket'],
  ['PUT', '/api/orders/1'],
  ['PUT', '/api/orders/-5'],
  ['DELETE', '/api/orders/abc'],
  ['POST', '/api/market-data/subscribe'],
  ['DELETE', '/api/market-data/subscribe/nope'],
  ['GET', '/api/history/AAPL?duration=zz&barSize=1%20eon'],
  ['GET', '/api/contracts/search?q='],
) as fc.Arbitrary<[string, string]>;

describe('fuzzing', () => {
  it('REST: random and malformed bodies never give a 5xx, always a JSON failure sentence', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(routes, bodies, async ([method, p], raw) => {
        const r = await s.http(method, p, method === 'GET' || method === 'DELETE' ? { token } : { token, raw });
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        expect(r.status).toBeLessThan(500);
        expect(r.json).toBeTypeOf('object');
        if (r.status >= 400) {
          expect(r.json.success).toBe(false);
          expect(typeof r.json.message).toBe('string');
          expect(r.json.message.length).toBeGreaterThan(0);
          expect(r.text).not.toMatch(/at .*\.(ts|js):\d+/); // no stack traces
        }
      }),
      { numRuns: 1_200, seed: SEED },
    );
    expect((await s.http('GET', '/health')).status).toBe(200);
    expect([...statuses.keys()].every((k) => k < 500)).toBe(true);
  }, 120_000);

  it('WebSocket: random frames always get exactly one clear reply and never kill the server', async () => {
    const ws = await s.ws();
    await ws.authenticate(token);
    const types = Object.keys(WS_REQUESTS).filter(
      // authenticate with a bad token closes the socket (tested elsewhere); the kill switch must stay engaged.
      (t) => !['authenticate', 'enable_trading', 'subscribe_market_data'].includes(t),
    );
    const frames = fc.oneof(
      { weight: 4, arbitrary: fc.record({ type: fc.oneof(fc.constantFrom(...types), fc.string()), payload: fc.oneof(fc.anything(), orderish) }) },
      { weight: 1, arbitrary: fc.record({ type: fc.anything(), payload: fc.anything() }, { requiredKeys: [] }) },
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(frames, async (f) => {
        const id = `fz-${n++}`;
        const from = ws.frames.length;
        ws.sendRaw(JSON.stringify({ ...f, id }));
        const reply = await ws.waitFor((x) => x.id === id, 10_000, from);
        if (reply.type === 'error') {
          expect(typeof reply.payload.code).toBe('string');
          expect(typeof reply.payload.message).toBe('string');
          expect(reply.payload.code).not.toBe('message_processing_error');
        }
      }),
      { numRuns: 1_200, seed: SEED },
    );
    // Non-JSON and binary frames.
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 200 })), async (raw) => {
        const from = ws.frames.length;
        ws.sendRaw(typeof raw === 'string' ? raw : Buffer.from(raw));
        await ws.waitFor((x) => x.type === 'error' || x.type !== 'marketData', 10_000, from);
      }),
      { numRuns: 300, seed: SEED },
    );
    const ids = ws.frames.filter((f) => typeof f.id === 'string' && f.id.startsWith('fz-')).map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length); // never two replies to one request
    expect(ws.ws.readyState).toBe(ws.ws.OPEN);
    expect((await ws.request('ping', { timestamp: 1 })).type).toBe('pong');
  }, 120_000);
});

/**
 * Property-based fuzzing (fast-check) of REST requests and WebSocket frames against the full stack: over 10,000
 * random and malformed inputs per run (bodies, path parameters with broken percent-escapes, queries, headers,
 * compressed bodies that do not decompress, control characters in every text); never a 5xx, never a crash, every
 * reply a clear error (or a success).
 *
 * The kill switch is engaged first, so an input that happens to be a valid order is refused by the gateway
 * (423) instead of reaching the simulator: the fuzz stays fast and proves validation, not order flow.
 */
import http from 'node:http';
import zlib from 'node:zlib';
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
/** Inputs sent by this run, all suites together (the issue asks for at least 10,000). */
let inputs = 0;

/** Text as clients type it, and text full of control characters, NULs and astral code points. */
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 40 }));

/** Order-shaped objects with wrong, missing and extreme values mixed with valid ones. */
const orderish = fc.record(
  {
    symbol: fc.oneof(fc.constantFrom('AAPL', 'BRK B', 'EUR.USD', '', ' ', 'a'.repeat(30), '$$$', 'MS\u0000FT'), text),
    action: fc.oneof(fc.constantFrom('BUY', 'SELL', 'buy'), fc.anything()),
    quantity: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 1e21, 1e308, '10')),
    orderType: fc.oneof(fc.constantFrom('MKT', 'LMT', 'STP', 'STP_LMT', 'TRAIL', 'TRAIL_LIMIT', 'STP LMT'), fc.string()),
    price: fc.oneof(fc.double(), fc.constant(undefined), fc.string()),
    auxPrice: fc.oneof(fc.double(), fc.constant(undefined)),
    timeInForce: fc.oneof(fc.constantFrom('DAY', 'GTC', 'IOC', 'FOK'), fc.anything()),
    riskChecks: fc.oneof(fc.constant(undefined), fc.anything(), fc.record({ maxOrderValue: fc.double(), maxOrderQuantity: fc.double() })),
    takeProfitPrice: fc.oneof(fc.double(), fc.constant(undefined)),
    stopLossPrice: fc.oneof(fc.double(), fc.constant(undefined)),
    idempotencyKey: fc.oneof(fc.constant(undefined), text),
    accountId: fc.oneof(fc.constant(undefined), text),
    exchange: fc.oneof(fc.constant(undefined), fc.constantFrom('SMART', 'SM\u0000ART'), text),
    currency: fc.oneof(fc.constant(undefined), fc.constantFrom('USD', 'U\u0000D'), text),
    strategyId: fc.oneof(fc.constant(undefined), text),
    orderId: fc.oneof(fc.integer(), fc.string(), fc.double()),
  },
  { requiredKeys: [] },
);

const bodies = fc.oneof(
  { weight: 3, arbitrary: orderish.map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: fc.anything().map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: text },
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
  ['POST', '/api/ibkr/connect'],
  ['POST', '/api/auth/login'],
) as fc.Arbitrary<[string, string]>;

/** Path segments: percent-encoded text, broken percent-escapes, raw punctuation. */
const segment = fc.oneof(
  text.map((t) => encodeURIComponent(t)),
  fc.constantFrom('%', '%Z', '%ZZ', '%E0%A4%A', '%C0%AF', '%00', '%FF%FE', '..', '%2e%2e', '%25', 'AAPL'),
  fc.stringMatching(/^[A-Za-z0-9%._~-]{0,12}$/),
);
const pathRequests = fc.oneof(
  segment.map((x) => ['GET', `/api/orders/${x}`]),
  segment.map((x) => ['PUT', `/api/orders/${x}`]),
  segment.map((x) => ['DELETE', `/api/orders/${x}`]),
  segment.map((x) => ['GET', `/api/market-data/snapshot/${x}`]),
  fc.tuple(segment, segment, segment).map(([a, b, c]) => ['GET', `/api/history/${a}?duration=${b}&barSize=${c}&whatToShow=${b}&useRTH=${c}`]),
  segment.map((x) => ['GET', `/api/contracts/search?q=${x}`]),
  segment.map((x) => ['DELETE', `/api/market-data/subscribe/${x}`]),
) as fc.Arbitrary<[string, string]>;

/** Optional headers: an Idempotency-Key of any printable text (HTTP itself refuses NUL and newlines). */
const idempotencyHeader = fc.option(fc.string({ maxLength: 80 }), { nil: undefined });
const encodings = fc.constantFrom('identity', 'gzip', 'deflate', 'br', 'gzip-garbage', 'deflate-garbage', 'br-garbage', 'x-unknown');

/** One raw HTTP request (fetch would refuse some of what is sent here), answering status, headers and body. */
function rawRequest(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: s.port, path, method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      let data = '';
      res.on('data', (c: Buffer) => (data += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function encode(raw: string, encoding: string): { body: Buffer; header: string } {
  const plain = Buffer.from(raw);
  switch (encoding) {
    case 'gzip':
      return { body: zlib.gzipSync(plain), header: 'gzip' };
    case 'deflate':
      return { body: zlib.deflateSync(plain), header: 'deflate' };
    case 'br':
      return { body: zlib.brotliCompressSync(plain), header: 'br' };
    case 'identity':
      return { body: plain, header: 'identity' };
    default:
      // "gzip-garbage": announced as gzip, not compressed at all.
      return { body: plain, header: encoding.replace('-garbage', '') };
  }
}

/** Every answer: below 500, JSON, and a failure is `{success: false, message: <sentence>}` without a stack. */
function expectClearAnswer(status: number, bodyText: string, statuses: Map<number, number>): void {
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  expect(status).toBeLessThan(500);
  const json = JSON.parse(bodyText) as { success?: boolean; message?: unknown };
  expect(json).toBeTypeOf('object');
  if (status >= 400) {
    expect(json.success).toBe(false);
    expect(typeof json.message).toBe('string');
    expect((json.message as string).length).toBeGreaterThan(0);
    expect(bodyText).not.toMatch(/at .*\.(ts|js):\d+/); // no stack traces
  }
}

describe('fuzzing', () => {
  it('REST bodies, headers and Content-Encodings: never a 5xx, always a JSON failure sentence', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(routes, bodies, idempotencyHeader, encodings, async ([method, p], raw, key, encoding) => {
        inputs++;
        const { body, header } = encode(raw, encoding);
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': header };
        if (key !== undefined) headers['idempotency-key'] = key;
        const r = await rawRequest(method, p, headers, body);
        expectClearAnswer(r.status, r.text, statuses);
      }),
      { numRuns: 4_000, seed: SEED },
    );
    console.info(`REST bodies: ${[...statuses].map(([k, v]) => `${k}×${v}`).join(' ')}`);
    expect((await s.http('GET', '/health')).status).toBe(200);
  }, 180_000);

  it('REST path parameters and queries (broken percent-escapes, control characters), with and without a token', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(pathRequests, fc.boolean(), async ([method, p], withToken) => {
        inputs++;
        const r = await rawRequest(method, p, withToken ? { authorization: `Bearer ${token}` } : {});
        expectClearAnswer(r.status, r.text, statuses);
      }),
      { numRuns: 1_000, seed: SEED },
    );
    console.info(`REST paths: ${[...statuses].map(([k, v]) => `${k}×${v}`).join(' ')}`);
    // Nothing a client sent was logged as an error (and so with a stack).
    expect(s.logger.getRecentLogs(1_000, 'error')).toEqual([]);
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
        inputs++;
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
      { numRuns: 5_000, seed: SEED },
    );
    // Non-JSON and binary frames.
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 200 })), async (raw) => {
        inputs++;
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
  }, 180_000);

  it('sent at least 10,000 inputs in this run; nothing reached TWS', () => {
    console.info(`fuzz inputs this run: ${inputs}`);
    expect(inputs).toBeGreaterThanOrEqual(10_000);
    expect(s.sim.broker.orders()).toEqual([]);
  });
});

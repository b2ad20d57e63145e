/**
 * The client's REST side against the real stack (simulator → gateway → API): every route's answer decodes with
 * the client's schemas (a drift would be a ProxyProtocolError), and every refusal is a typed error a caller can
 * branch on (status, code, sentence, issues, Retry-After). A placement whose answer is lost is repeated with the
 * same Idempotency-Key and makes one order.
 */
import { describe, expect, it } from 'vitest';
import { ProxyApiError, ProxyConnectionError, ProxyProtocolError, ProxyTimeoutError, isApiError } from '../../packages/client/src/index.js';
import type { FetchLike, ProxyClient } from '../../packages/client/src/index.js';
import { startRealStack } from '../core/api/realStack.js';
import type { RealStack } from '../core/api/realStack.js';
import { cents, restingBuyPrice, testClient, useStackWithClient } from './support.js';

let s: RealStack;
let client: ProxyClient;
useStackWithClient({ sim: { backgroundTicksPerSecond: 0 } }, (stack, c) => {
  s = stack;
  client = c;
});

describe('every route answers in the shapes of src/common', () => {
  it('system: health, the OpenAPI document, login, TWS disconnect / connect, connection health, WebSocket clients', async () => {
    expect(await client.rest.health()).toMatchObject({ status: 'ok', mode: 'demo', ibkr: { connected: true } });
    expect((await client.rest.getOpenApiDocument()).openapi).toMatch(/^3\./);
    const login = await client.rest.login({ username: 'trader', password: 'correct-horse-battery' });
    expect(login).toMatchObject({ success: true, user: { username: 'trader' } });
    expect(login.accessToken).toBe(login.token);

    expect(await client.rest.disconnectTws()).toEqual({ message: expect.any(String) });
    expect((await client.rest.getConnectionHealth()).isConnected).toBe(false);
    const connected = await client.rest.connectTws({ host: '127.0.0.1', connectionPort: s.sim.port, clientId: 11, isPaper: true });
    expect(connected.connectionStatus).toBe('connected');
    expect((await client.rest.getConnectionHealth()).isConnected).toBe(true);
    expect(await client.rest.getWebSocketClients()).toMatchObject({ clients: expect.any(Array), summary: { total: expect.any(Number) } });
  });

  it('market data: subscribe / unsubscribe, snapshot, history, contract search', async () => {
    const sub = await client.rest.subscribeMarketData({ symbols: ['aapl', 'MSFT'] });
    expect(sub.symbols).toEqual(['AAPL', 'MSFT']);
    expect((await client.rest.unsubscribeMarketData(sub.subscriptionId)).message).toContain(sub.subscriptionId);
    expect((await client.rest.getSnapshot('AAPL')).symbol).toBe('AAPL');
    const history = await client.rest.getHistory('AAPL', { duration: '1 D', barSize: '1 hour', useRTH: true });
    expect(history).toMatchObject({ symbol: 'AAPL', duration: '1 D', barSize: '1 hour' });
    expect(history.bars.length).toBeGreaterThan(0);
    expect((await client.rest.searchContracts('AAP')).some((c) => c.symbol === 'AAPL')).toBe(true);
  });

  it('orders: place, list, modify, cancel, bracket, executions, the kill switch and re-arming', async () => {
    const price = restingBuyPrice(s, 'AAPL');
    const placed = await client.rest.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 3, orderType: 'LMT', price });
    expect(placed.order.idempotencyKey).toMatch(/^er-/);
    expect((await client.rest.getOrders()).some((o) => o.orderId === placed.orderId)).toBe(true);
    const modified = await client.rest.modifyOrder(placed.orderId, { quantity: 4 });
    expect(modified.order.quantity).toBe(4);
    const cancelled = await client.rest.cancelOrder(String(placed.orderId));
    expect(cancelled.order.orderId).toBe(placed.orderId);

    const entry = restingBuyPrice(s, 'MSFT');
    const bracket = await client.rest.placeBracketOrder({
      symbol: 'MSFT', action: 'BUY', quantity: 1, orderType: 'LMT', price: entry,
      takeProfitPrice: cents(entry * 3), stopLossPrice: cents(entry / 2),
    });
    expect(bracket).toHaveLength(3);
    expect(Array.isArray(await client.rest.getExecutions())).toBe(true);

    expect(await client.rest.getTradingStatus()).toEqual({ tradingBlocked: false, readOnly: false });
    const killed = await client.rest.cancelAllOrders();
    expect(killed).toMatchObject({ tradingBlocked: true, cancelled: expect.any(Number) });
    const blocked = await client.rest.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT' }).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(ProxyApiError);
    expect(blocked).toMatchObject({ status: 423, code: 'trading_blocked', transport: 'rest', operation: 'placeOrder' });
    expect((blocked as ProxyApiError).idempotencyKey).toMatch(/^er-/);
    expect(await client.rest.enableTrading()).toMatchObject({ tradingBlocked: false, message: expect.any(String) });
  });

  it('portfolio: positions, account summary, P&L', async () => {
    expect(Array.isArray(await client.rest.getPositions())).toBe(true);
    const account = await client.rest.getAccountSummary();
    expect(account === null || typeof account.netLiquidation === 'number').toBe(true);
    expect(Array.isArray(await client.rest.getPnL())).toBe(true);
  });
});

describe('refusals are typed errors', () => {
  it('400 with the zod issues; 404 with the server code; 409 for a key reused with another order; 422 risk check', async () => {
    const invalid = await client.rest.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT' }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ kind: 'api', status: 400, code: 'invalid_payload', message: expect.stringMatching(/limit price/) });
    expect((invalid as ProxyApiError).issues?.length).toBeGreaterThan(0);

    const missing = await client.rest.unsubscribeMarketData('no-such-subscription').catch((e: unknown) => e);
    expect(isApiError(missing, 'subscription_not_found')).toBe(true);
    expect((missing as ProxyApiError).status).toBe(404);

    const key = `reuse-${Date.now()}`;
    const price = restingBuyPrice(s, 'AAPL');
    await client.rest.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT', price }, { idempotencyKey: key });
    const reused = await client.rest.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 2, orderType: 'LMT', price }, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(reused).toMatchObject({ status: 409, code: 'idempotency_key_reused', idempotencyKey: key });

    const risky = await client.rest.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 10, orderType: 'LMT', price, riskChecks: { maxOrderValue: 1 } }).catch((e: unknown) => e);
    expect(risky).toMatchObject({ status: 422, code: 'risk_check_failed' });
  });

  it('401 without a token, 403 for a bad fixed token (nothing to renew it with)', async () => {
    const empty = testClient(s.baseUrl, { credentials: undefined, token: '' });
    expect(await empty.rest.getOrders().catch((e: unknown) => e)).toMatchObject({ status: 401, code: 'unauthorized', message: 'Access token required' });
    const bad = testClient(s.baseUrl, { credentials: undefined, token: 'not-a-token' });
    expect(await bad.rest.getOrders().catch((e: unknown) => e)).toMatchObject({ status: 403, code: 'forbidden', message: 'Invalid or expired token' });
    const none = testClient(s.baseUrl, { credentials: undefined });
    expect(await none.rest.getOrders().catch((e: unknown) => e)).toMatchObject({ code: 'no_credentials' });
  });

  it('a revoked token: the client logs in again by itself and the call succeeds', async () => {
    const fresh = testClient(s.baseUrl);
    await fresh.rest.getOrders();
    const before = await fresh.tokens.token();
    s.auth.revokeAllSessions();
    expect(Array.isArray(await fresh.rest.getOrders())).toBe(true);
    expect(await fresh.tokens.token()).not.toBe(before);
  });

  it('429 with Retry-After: retried when short enough, else thrown with retryAfterMs', async () => {
    let calls = 0;
    const limited: FetchLike = async (url, init) => {
      calls++;
      if (calls === 1) return new Response(JSON.stringify({ success: false, message: 'Too many requests; try again in 1 second.' }), { status: 429, headers: { 'Retry-After': '0' } });
      return fetch(url, init);
    };
    const patient = testClient(s.baseUrl, { fetch: limited });
    expect((await patient.rest.health()).status).toBe('ok');
    expect(calls).toBe(2);

    const tight = await startRealStack({ sim: { backgroundTicksPerSecond: 0 }, settings: { server: { apiRateLimitPerMinute: 2 } } });
    try {
      const impatient = testClient(tight.baseUrl, { maxRetryAfterMs: 0 });
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => impatient.rest.getOrders()));
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason as unknown;
      expect(refused).toBeInstanceOf(ProxyApiError);
      expect(refused).toMatchObject({ status: 429, code: 'rate_limited' });
      expect((refused as ProxyApiError).retryAfterMs).toBeGreaterThan(0);
    } finally {
      await tight.close();
    }
  });

  it('no answer: ProxyTimeoutError; nobody listening: ProxyConnectionError; a body off its schema: ProxyProtocolError', async () => {
    const hanging: FetchLike = () => new Promise(() => undefined);
    const slow = testClient(s.baseUrl, { fetch: hanging, requestTimeoutMs: 50 });
    expect(await slow.rest.health().catch((e: unknown) => e)).toBeInstanceOf(ProxyTimeoutError);

    const closed = await startRealStack({ sim: { backgroundTicksPerSecond: 0 } });
    const gone = closed.baseUrl;
    await closed.close();
    const orphan = testClient(gone, { retries: 1 });
    expect(await orphan.rest.health().catch((e: unknown) => e)).toBeInstanceOf(ProxyConnectionError);

    const drifted: FetchLike = async () => new Response(JSON.stringify({ success: true, positions: [{ symbol: 'AAPL' }] }), { status: 200 });
    const confused = testClient(s.baseUrl, { fetch: drifted, token: 'x', credentials: undefined });
    expect(await confused.rest.getPositions().catch((e: unknown) => e)).toBeInstanceOf(ProxyProtocolError);
  });
});

describe('a placement whose answer is lost', () => {
  it('is sent again with the same Idempotency-Key and makes exactly one order', async () => {
    const keysSent: string[] = [];
    let lostAnswer: { order: { orderId: number } } | null = null;
    // The proxy places the order and answers; the answer never reaches the caller (the connection drops).
    const losesFirstAnswer: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      if (init.method === 'POST' && url.endsWith('/api/orders')) {
        keysSent.push(init.headers['Idempotency-Key'] ?? '');
        if (!lostAnswer) {
          lostAnswer = (await res.json()) as { order: { orderId: number } };
          throw new TypeError('fetch failed: socket hang up');
        }
      }
      return res;
    };
    const flaky = testClient(s.baseUrl, { fetch: losesFirstAnswer });
    const price = restingBuyPrice(s, 'AAPL');
    const order = await flaky.rest.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 7, orderType: 'LMT', price });

    expect(keysSent).toHaveLength(2);
    expect(keysSent[0]).toBe(keysSent[1]);
    expect(order.orderId).toBe(lostAnswer!.order.orderId);
    const sameKey = (await client.rest.getOrders()).filter((o) => o.idempotencyKey === keysSent[0]);
    expect(sameKey).toHaveLength(1);
    expect(s.sim.broker.orders().filter((o) => o.orderRef === keysSent[0])).toHaveLength(1);
  });
});

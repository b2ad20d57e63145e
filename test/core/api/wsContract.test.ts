/**
 * WebSocket contract: every message type with its envelope, id echo, exactly one reply per request, pushes only to
 * those who should see them, batching opt-in, liveness. Against the full stack (simulator → real gateway → API);
 * a few pushes are injected at the gateway's events to prove de-duplication deterministically.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, within } from './harness.js';
import type { Frame } from './harness.js';
import { SIM_ACCOUNT, startRealStack } from './realStack.js';
import type { RealStack } from './realStack.js';

let h: RealStack;
let token: string;

beforeAll(async () => {
  h = await startRealStack({ sim: { backgroundTicksPerSecond: 0 } });
  token = await h.login();
});
afterAll(async () => {
  await h.close();
});

// Far below the market: rests without filling.
const LMT = { symbol: 'MSFT', action: 'BUY', quantity: 5, orderType: 'LMT', price: 1, timeInForce: 'DAY' };

/** `p`, or a failure naming `what` once `ms` have passed (a deadline, not a sleep). */
function envelope(f: Frame): void {
  expect(Object.keys(f).sort()).toEqual(['id', 'payload', 'timestamp', 'type']);
  expect(Date.parse(f.timestamp)).not.toBeNaN();
}

describe('WebSocket contract', () => {
  it('connection_established, authentication_required before auth, authenticate echoes the id', async () => {
    const ws = await h.ws();
    const hello = await ws.waitFor((f) => f.type === 'connection_established');
    envelope(hello);
    expect(typeof hello.payload.clientId).toBe('string');
    const early = await ws.request('get_positions', {});
    expect(early.type).toBe('error');
    expect(early.payload.code).toBe('authentication_required');
    const missing = await ws.request('authenticate', {});
    expect(missing.payload.code).toBe('missing_token');
    const ok = await ws.authenticate(token);
    envelope(ok);
    expect(ok.payload).toEqual({ userId: 'trader' });
  });

  it('a bad token gets authentication_failed then close 1008', async () => {
    const ws = await h.ws();
    const r = await ws.request('authenticate', { token: 'forged.jwt.token' });
    expect(r.type).toBe('error');
    expect(r.payload.code).toBe('authentication_failed');
    expect(typeof r.payload.message).toBe('string');
    expect((await ws.closed).code).toBe(1008);
  });

  it('every request type gets exactly one reply with its id', async () => {
    const ws = await h.ws();
    await ws.authenticate(token);
    const expectations: Array<[string, unknown, string]> = [
      ['ping', { timestamp: 42 }, 'pong'],
      ['get_positions', undefined, 'positions_response'],
      ['get_account_summary', undefined, 'account_summary_response'],
      ['get_connection_health', undefined, 'connection_health_response'],
      ['get_orders', undefined, 'orders_response'],
      ['get_executions', undefined, 'executions_response'],
      ['get_pnl', undefined, 'pnl_response'],
      ['get_trading_status', undefined, 'trading_status_response'],
      ['get_market_data_snapshot', { symbol: 'aapl' }, 'market_data_snapshot_response'],
      ['set_options', { batchMarketData: false }, 'options_updated'],
      ['place_order', LMT, 'order_response'],
      ['no_such_type', {}, 'error'],
    ];
    for (const [type, payload, reply] of expectations) {
      const r = await ws.request(type, payload);
      envelope(r);
      expect(r.type, type).toBe(reply);
    }
    const pong = ws.frames.find((f) => f.type === 'pong')!;
    expect(pong.payload.timestamp).toBe(42);
    const unk = ws.frames.find((f) => f.type === 'error' && f.payload.code === 'unknown_message_type');
    expect(unk).toBeDefined();
    const acc = ws.frames.find((f) => f.type === 'account_summary_response')!;
    if (acc.payload.accountSummary !== null) expect(acc.payload.accountSummary.account).toBe(SIM_ACCOUNT);
    const placed = ws.frames.find((f) => f.type === 'order_response')!;
    const orderId = placed.payload.orderId as number;
    const mod = await ws.request('modify_order', { orderId, price: 1.5 });
    expect(mod.type).toBe('order_response');
    expect(mod.payload.order.price).toBe(1.5);
    const cancel = await ws.request('cancel_order', { orderId });
    expect(cancel.type).toBe('order_response');
    expect(['PendingCancel', 'Cancelled', 'ApiCancelled']).toContain(cancel.payload.status);
    const cancelMissing = await ws.request('cancel_order', { orderId: 987654 });
    expect(cancelMissing.type).toBe('error');
    expect(cancelMissing.payload.code).toBe('order_not_found');
    const bracket = await ws.request('place_bracket_order', { ...LMT, takeProfitPrice: 2, stopLossPrice: 0.5 });
    expect(bracket.type).toBe('bracket_order_response');
    expect(bracket.payload.orders).toHaveLength(3);
    const kill = await ws.request('cancel_all_orders');
    expect(kill.payload).toMatchObject({ tradingBlocked: true });
    const blocked = await ws.request('place_order', LMT);
    expect(blocked.payload.code).toBe('trading_blocked');
    const enable = await ws.request('enable_trading');
    expect(enable.payload).toEqual({ tradingBlocked: false, readOnly: false });
    // Every request id got exactly one reply.
    const ids = ws.frames.map((f) => f.id);
    const requestReplies = ws.frames.filter((f) => !['orderStatus', 'tradingStatus', 'connection_established'].includes(f.type));
    expect(new Set(requestReplies.map((f) => f.id)).size).toBe(requestReplies.length);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('invalid frames: non-JSON, wrong envelope, invalid order, all answered as errors with the id when known', async () => {
    const ws = await h.ws();
    await ws.authenticate(token);
    const n = ws.frames.length;
    ws.sendRaw('this is not json');
    const e1 = await ws.waitFor((f) => f.type === 'error', 5_000, n);
    expect(e1.payload.code).toBe('invalid_message_format');
    ws.sendRaw(JSON.stringify({ id: 'x1', type: 12 }));
    const e2 = await ws.waitFor((f) => f.id === 'x1');
    expect(e2.payload.code).toBe('invalid_message_format');
    const bad = await ws.request('place_order', { ...LMT, orderType: 'LMT', price: undefined });
    expect(bad.type).toBe('error');
    expect(bad.payload.code).toBe('invalid_payload');
    expect(bad.payload.message).toMatch(/LMT orders need a limit price/);
    const badSym = await ws.request('subscribe_market_data', { symbols: ['$$$'] });
    expect(badSym.payload.code).toBe('invalid_symbols');
    const unknownSym = await ws.request('subscribe_market_data', { symbols: ['NOSUCHSYM'] });
    expect(unknownSym.payload.code).toBe('invalid_symbols');
  });

  it('market data only to subscribers; unsubscribe works with the confirmed id; batch mode opt-in', async () => {
    const a = await h.ws();
    const b = await h.ws();
    const c = await h.ws();
    await a.authenticate(token);
    await b.authenticate(token);
    await c.authenticate(token);
    const subA = await a.request('subscribe_market_data', { symbols: ['IBM'] });
    expect(subA.type).toBe('subscription_confirmed');
    expect(subA.payload.symbols).toEqual(['IBM']);
    const t = await a.waitFor((f) => f.type === 'marketData' && f.payload.symbol === 'IBM');
    envelope(t);
    expect(Object.keys(t.payload).sort()).toEqual(['field', 'symbol', 'timestamp', 'value']);
    const subC = await c.request('subscribe_market_data', { symbols: ['IBM'], fields: [1] });
    expect(subC.type).toBe('subscription_confirmed');
    const opt = await b.request('set_options', { batchMarketData: true });
    expect(opt.payload).toEqual({ batchMarketData: true, consoleEvents: false });
    await b.request('subscribe_market_data', { symbols: ['IBM'] });
    const batch = await b.waitFor((f) => f.type === 'marketDataBatch' && f.payload.updates.length > 0);
    envelope(batch);
    expect(batch.payload.updates[0].symbol).toBe('IBM');
    expect(b.count('marketData')).toBe(0);
    await c.waitFor((f) => f.type === 'marketData' && f.payload.field === 1);
    expect(c.frames.some((f) => f.type === 'marketData' && f.payload.field !== 1)).toBe(false);
    // Nobody subscribed to ORCL: no client sees it.
    expect([a, b, c].some((x) => x.frames.some((f) => f.type === 'marketData' && f.payload.symbol !== 'IBM'))).toBe(false);
    const un = await a.request('unsubscribe_market_data', { subscriptionId: subA.payload.subscriptionId });
    expect(un.type).toBe('unsubscription_confirmed');
    expect(un.payload).toEqual({ subscriptionId: subA.payload.subscriptionId });
    const again = await a.request('unsubscribe_market_data', { subscriptionId: subA.payload.subscriptionId });
    expect(again.payload.code).toBe('subscription_not_found');
    const count = a.count('marketData');
    const batches = b.count('marketDataBatch');
    await b.waitFor((f) => f.type === 'marketDataBatch', 15_000, b.frames.length);
    await until(() => b.count('marketDataBatch') >= batches + 3, 15_000, 'more ticks for b');
    expect(a.count('marketData')).toBe(count);
    const clients = await h.http('GET', '/api/websocket/clients', { token });
    const infoC = clients.json.clients.find((x: { subscriptionIds: string[] }) => x.subscriptionIds.includes(subC.payload.subscriptionId));
    expect(infoC).toMatchObject({ authenticated: true, userId: 'trader', subscriptions: ['IBM'] });
  });

  it('the clients list shows each client\'s page origin (the upgrade\'s Origin), none for a non-browser client', async () => {
    const page = await h.ws({ headers: { Origin: 'http://localhost:5173' } });
    const script = await h.ws();
    const pageId = (await page.waitFor((f) => f.type === 'connection_established')).payload.clientId as string;
    const scriptId = (await script.waitFor((f) => f.type === 'connection_established')).payload.clientId as string;
    await page.authenticate(token);
    const list = (await h.http('GET', '/api/websocket/clients', { token })).json.clients as Array<Record<string, unknown>>;
    expect(list.find((c) => c.id === pageId)).toMatchObject({ origin: 'http://localhost:5173', authenticated: true });
    const scripted = list.find((c) => c.id === scriptId)!;
    expect(scripted).toBeDefined();
    expect('origin' in scripted).toBe(false);
    // The same view in-process (what the desktop monitor window reads).
    expect(h.server.clients().find((c) => c.id === pageId)?.origin).toBe('http://localhost:5173');
    page.terminate();
    script.terminate();
  });

  it('pushes: orderStatus once per change and never to unauthenticated clients; connectionStatus once per change', async () => {
    const authed = await h.ws();
    const anon = await h.ws();
    await authed.authenticate(token);
    const order = (await authed.request('place_order', { ...LMT, idempotencyKey: 'push-1' })).payload.order;
    await authed.waitFor((f) => f.type === 'orderStatus' && f.payload.orderId === order.orderId);
    // The gateway emits orderStatus once per real change (its own tests prove it); the hub passes each one on.
    const gw = h.gateway as unknown as { emit(e: string, v: unknown): void };
    gw.emit('connectionStatus', { status: 'reconnecting', reason: 'test', previous: 'connected' });
    gw.emit('connectionStatus', { status: 'reconnecting', reason: 'test', previous: 'connected' });
    gw.emit('connectionStatus', { status: 'connected', reason: 'back', previous: 'reconnecting' });
    await authed.waitFor((f) => f.type === 'connectionStatus' && f.payload.status === 'connected');
    const states = authed.frames.filter((f) => f.type === 'orderStatus' && f.payload.orderId === order.orderId).map((f) => JSON.stringify(f.payload));
    for (let i = 1; i < states.length; i++) expect(states[i]).not.toBe(states[i - 1]);
    expect(authed.count('connectionStatus')).toBe(2);
    gw.emit('executionReport', { orderId: order.orderId, execId: 'e1', symbol: 'MSFT', side: 'BOT', shares: 5, price: 300, time: new Date().toISOString(), commission: 1, realizedPnL: 0, account: 'DU123' });
    await authed.waitFor((f) => f.type === 'executionReport' && f.payload.execId === 'e1');
    gw.emit('ibError', { id: 1, code: 200, message: 'No security definition', severity: 'medium', timestamp: new Date().toISOString(), recoverable: true });
    const err = await authed.waitFor((f) => f.type === 'error' && f.payload.code === 200);
    expect(err.payload.message).toBe('No security definition');
    expect(anon.frames.map((f) => f.type)).toEqual(['connection_established']);
  });

  it('liveness: a client that does not answer pings is closed with 1001', async () => {
    const h2 = await startRealStack({ sim: { backgroundTicksPerSecond: 0 }, settings: { server: { wsHeartbeatIntervalMs: 1_000 } } });
    try {
      // Reads everything (so it sees the close frame and its code) but never answers a ping. Unlike pausing the
      // socket, nothing the server sent before or after can be answered behind the test's back.
      const silent = await h2.ws({ autoPong: false });
      await silent.waitFor((f) => f.type === 'connection_established');
      // Event-driven, with a deadline (about 2 heartbeats are needed; the margin is for a loaded machine).
      expect(await within(silent.closed, 20_000, 'the silent client to be closed')).toEqual({ code: 1001, reason: 'heartbeat timeout' });
      expect(silent.pings).toBeGreaterThan(0);
      // The hub drops a client before it sends the close frame, so by now it is gone from the server's view too.
      expect(h2.server.stats().connectedClients).toBe(0);

      // And the server goes on serving: a new client is accepted and is the one it tracks.
      const open = await h2.ws();
      const hello = await open.waitFor((f) => f.type === 'connection_established');
      expect(h2.server.clients().map((c) => c.id)).toEqual([hello.payload.clientId]);
    } finally {
      await h2.close();
    }
  }, 45_000);

  it('liveness: a stall that makes a heartbeat late does not close a client whose pong is waiting unread', async () => {
    const interval = 1_000;
    const h2 = await startRealStack({ sim: { backgroundTicksPerSecond: 0 }, settings: { server: { wsHeartbeatIntervalMs: interval } } });
    try {
      const healthy = await h2.ws();
      await healthy.authenticate(await h2.login());
      // The client (same process) answers the first ping at once (autoPong writes the pong before 'ping' is
      // emitted), then the whole process stalls past the next heartbeat: when the loop resumes, the overdue
      // heartbeat is due before the server's socket is polled, with the pong sitting in it unread.
      const stalled = new Promise<void>((resolve) =>
        healthy.ws.once('ping', () => {
          const end = performance.now() + interval * 1.6;
          while (performance.now() < end) {
            // busy: the event loop is blocked, as under a long GC pause or a synchronous hog
          }
          resolve();
        }),
      );
      await within(stalled, 10_000, 'the first ping');
      const pingsAfterStall = healthy.pings;
      // Two more heartbeat rounds reach it and it is still connected and served.
      await until(() => healthy.pings >= pingsAfterStall + 2, 10_000, 'two more pings');
      expect(h2.server.stats().connectedClients).toBe(1);
      expect((await healthy.request('ping', { timestamp: 1 })).type).toBe('pong');
      const closed = await Promise.race([healthy.closed, Promise.resolve(null)]);
      expect(closed).toBeNull();
    } finally {
      await h2.close();
    }
  }, 45_000);
});

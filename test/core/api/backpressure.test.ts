/**
 * Slow consumer and idempotency storm, against the full stack.
 *
 * Slow consumer: a client that stops reading (its socket paused) must not grow the proxy's memory: once its
 * socket buffer passes the high-water mark it is conflated (latest value per symbol + field), its buffer stops
 * growing, another client keeps receiving every tick, and after the stuck timeout it is disconnected.
 * Ticks are injected at the gateway's 'marketData' event (the proxy's input) to reach megabytes quickly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealStack } from './realStack.js';
import type { RealStack } from './realStack.js';
import { until } from './harness.js';

const HIGH = 256 * 1024;
let s: RealStack;
let token: string;
beforeAll(async () => {
  s = await startRealStack({
    outbound: { highWaterBytes: HIGH, lowWaterBytes: 64 * 1024, stuckTimeoutMs: 1_500, drainPollMs: 10 },
    settings: { server: { apiRateLimitPerMinute: 100_000 } },
  });
  token = await s.login();
});
afterAll(async () => {
  await s?.close();
});

describe('backpressure', () => {
  it('a client that never reads is conflated, bounded, then disconnected; the other keeps receiving', async () => {
    const slow = await s.ws();
    const fast = await s.ws();
    await slow.authenticate(token);
    await fast.authenticate(token);
    const keyOf = new Promise<string>((resolve) => {
      const on = (u: { key: string; symbol: string }) => {
        if (u.symbol === 'MSFT') {
          s.gateway.off('marketData', on);
          resolve(u.key);
        }
      };
      s.gateway.on('marketData', on);
    });
    // Only the four fields injected below: the simulator's own MSFT ticks (sizes, volume, ...) would otherwise add
    // keys to the slow client's conflation map, and the bound checked below would depend on whether the stuck
    // timeout fired before the injection loop ended (it no longer does once the tick path is fast).
    const fields = [1, 2, 3, 4];
    expect((await slow.request('subscribe_market_data', { symbols: ['MSFT'], fields })).type).toBe('subscription_confirmed');
    expect((await fast.request('subscribe_market_data', { symbols: ['MSFT'], fields })).type).toBe('subscription_confirmed');
    const key = await keyOf;
    const slowId = (await slow.waitFor((f) => f.type === 'connection_established')).payload.clientId as string;
    expect(s.server.clients().find((c) => c.id === slowId)?.subscriptions).toEqual(['MSFT']);

    // The slow client stops reading from its socket.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const fastBefore = fast.count('marketData');
    let sent = 0;
    let maxBuffered = 0;
    const ts = new Date().toISOString();
    for (let round = 0; round < 120 && s.server.stats().slowClientsDisconnected === 0; round++) {
      for (let i = 0; i < 2_000; i++) {
        s.gateway.emit('marketData', { key, symbol: 'MSFT', field: 1 + (i % 4), value: 100 + sent / 1e6, timestamp: ts } as never);
        sent++;
      }
      maxBuffered = Math.max(maxBuffered, s.server.stats().bufferedBytes);
      await new Promise((r) => setImmediate(r));
    }
    const stats = s.server.stats();
    console.info(`slow consumer: ${sent} ticks injected, max buffered ${maxBuffered} B, ${stats.ticksConflated} conflated`);
    // The slow client was switched to conflation, its backlog bounded by the number of instruments × fields.
    expect(stats.ticksConflated).toBeGreaterThan(0);
    expect(stats.conflatedKeys).toBeLessThanOrEqual(4);
    // Socket buffers never grew past the high-water mark plus one round's frames for the fast client.
    expect(maxBuffered).toBeLessThan(HIGH + 2_000 * 200 + 64 * 1024);
    // Stuck past the timeout: disconnected (wait for it if the loop ended first).
    await until(() => s.server.stats().slowClientsDisconnected === 1, 10_000, 'slow client disconnected');
    expect(s.server.clients().some((c) => c.id === slowId)).toBe(false);
    // The fast client got every tick (it keeps up) and the final values.
    await until(() => fast.count('marketData') - fastBefore >= sent || s.server.stats().conflatingClients === 0, 20_000, 'fast client caught up');
    const last = sent - 1;
    await fast.waitFor((f) => f.type === 'marketData' && f.payload.value === 100 + last / 1e6, 20_000);
    expect(s.server.stats().bufferedBytes).toBeLessThan(HIGH);
  }, 60_000);

  it('idempotency storm: the same order 50 times concurrently places exactly one order', async () => {
    const order = { symbol: 'IBM', action: 'BUY', quantity: 3, orderType: 'LMT', price: 1, timeInForce: 'DAY' };
    const headers = { 'idempotency-key': 'storm-1' };
    const ws = await s.ws();
    await ws.authenticate(token);
    const rest = Array.from({ length: 40 }, () => s.http('POST', '/api/orders', { token, body: order, headers }));
    const wsReplies = Array.from({ length: 10 }, () => ws.request('place_order', { ...order, idempotencyKey: 'storm-1' }, 20_000));
    const restResults = await Promise.all(rest);
    const wsResults = await Promise.all(wsReplies);
    const ids = new Set([
      ...restResults.map((r) => r.json?.order?.orderId),
      ...wsResults.map((r) => r.payload?.orderId),
    ]);
    expect(restResults.map((r) => r.status)).toEqual(Array(40).fill(200));
    expect(wsResults.map((r) => r.type)).toEqual(Array(10).fill('order_response'));
    expect(ids.size).toBe(1);
    const placedAtTws = s.sim.broker.orders().filter((o) => o.contract.symbol === 'IBM' && o.totalQuantity === 3);
    expect(placedAtTws).toHaveLength(1);
    expect(s.gateway.getOrders().filter((o) => o.idempotencyKey === 'storm-1')).toHaveLength(1);
  }, 60_000);
});

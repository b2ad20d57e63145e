/**
 * ProxyWsClient against a proxy stand-in (fakeProxy.ts), for orderings the real proxy cannot be made to produce
 * on cue: replies out of order, a restore refused for a while, refusals for the per-connection limits, a proxy
 * that goes silent, and the key rule of placements.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProxyApiError, ProxyWsClient, TokenSource } from '../../packages/client/src/index.js';
import type { ProxyClientError, WsClientOptions } from '../../packages/client/src/index.js';
import { FakeProxy } from './fakeProxy.js';
import { nextEvent } from './support.js';

const clients: ProxyWsClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

function fakeClient(proxy: FakeProxy, options: Partial<WsClientOptions> = {}): ProxyWsClient {
  const tokens = new TokenSource({ token: 'opaque-token' }, () => Promise.reject(new Error('no login here')));
  const client = new ProxyWsClient({ url: 'ws://fake/ws', WebSocket: proxy.WebSocket, reconnect: { initialDelayMs: 10, maxDelayMs: 50 }, ...options }, tokens);
  clients.push(client);
  return client;
}

const tick = (symbol: string) => ({ symbol, field: 4, value: 100, timestamp: new Date().toISOString() });

describe('ProxyWsClient with a stand-in proxy', () => {
  it('matches replies to requests by id, whatever their order', async () => {
    const proxy = new FakeProxy();
    const held: Array<() => void> = [];
    proxy.serve((frame, socket) => {
      const isSecond = held.length === 1;
      held.push(() => socket.reply(frame, 'trading_status_response', { tradingBlocked: isSecond, readOnly: false }));
      // Answer both once both are in, the second first.
      if (held.length === 2) for (const answer of [...held].reverse()) answer();
      return null;
    });
    const client = fakeClient(proxy);
    await client.connect();
    const [first, second] = await Promise.all([client.getTradingStatus(), client.getTradingStatus()]);
    expect(first.tradingBlocked).toBe(false);
    expect(second.tradingBlocked).toBe(true);
  });

  it('keeps what a newer proxy adds to a reply or a push (the contract only ever adds); drops a push off its schema', async () => {
    const proxy = new FakeProxy();
    proxy.serve(() => ({ type: 'trading_status_response', payload: { tradingBlocked: false, readOnly: false, blockedBy: null } }));
    const client = fakeClient(proxy);
    await client.connect();
    expect(await client.getTradingStatus()).toEqual({ tradingBlocked: false, readOnly: false, blockedBy: null });
    const pushed = nextEvent(client, 'tradingStatus');
    const problem = nextEvent(client, 'clientError');
    proxy.sockets[0]!.push('tradingStatus', { tradingBlocked: 'maybe' });
    proxy.sockets[0]!.push('tradingStatus', { tradingBlocked: true, readOnly: false, reason: 'kill switch' });
    expect((await problem)[0]).toMatchObject({ kind: 'protocol', operation: 'tradingStatus' });
    expect((await pushed)[0]).toEqual({ tradingBlocked: true, readOnly: false, reason: 'kill switch' });
  });

  it('a request refused for the limits is sent again after a pause, and answered', async () => {
    const proxy = new FakeProxy();
    let refusals = 0;
    proxy.serve(() => {
      if (refusals < 3) {
        refusals++;
        return { type: 'error', payload: { code: refusals % 2 ? 'too_many_in_flight' : 'rate_limited', message: 'slow down' } };
      }
      return { type: 'pnl_response', payload: { pnl: [] } };
    });
    const client = fakeClient(proxy);
    await client.connect();
    expect(await client.getPnL()).toEqual([]);
    expect(proxy.received.filter((f) => f.type === 'get_pnl')).toHaveLength(4);
  });

  it('keeps retrying a restore the proxy refuses for now (not_connected); gives a handle up on invalid_symbols', async () => {
    const proxy = new FakeProxy();
    let session = 0;
    let refusedRestores = 0;
    proxy.onRequest = (frame, socket) => {
      if (frame.type === 'authenticate') {
        session++;
        return socket.reply(frame, 'authentication_success', { userId: 'trader' });
      }
      if (frame.type !== 'subscribe_market_data') return;
      const [symbol] = frame.payload.symbols as string[];
      if (session > 1 && symbol === 'GONE') return socket.reply(frame, 'error', { code: 'invalid_symbols', message: 'Unknown symbol GONE' });
      if (session > 1 && refusedRestores < 2) {
        refusedRestores++;
        return socket.reply(frame, 'error', { code: 'not_connected', message: 'not connected to TWS / IB Gateway' });
      }
      socket.reply(frame, 'subscription_confirmed', { subscriptionId: `${symbol}-${session}`, symbols: [symbol] });
      socket.push('marketData', tick(symbol!));
    };
    const client = fakeClient(proxy);
    const problems: ProxyClientError[] = [];
    client.on('clientError', (e) => problems.push(e));
    await client.connect();
    const aapl = await client.subscribeMarketData({ symbols: ['AAPL'] });
    const gone = await client.subscribeMarketData({ symbols: ['GONE'] });
    expect(aapl.serverId).toBe('AAPL-1');

    const restored = nextEvent(aapl, 'restored');
    const givenUp = nextEvent(gone, 'error');
    const data = nextEvent(aapl, 'data');
    proxy.sockets[0]!.close(1001, 'restart');

    expect(await restored).toEqual(['AAPL-2']);
    expect(refusedRestores).toBe(2);
    await data;
    const [error] = await givenUp;
    expect(error).toBeInstanceOf(ProxyApiError);
    expect(gone.state).toBe('closed');
    expect(client.subscriptions).toEqual([aapl]);
    expect(problems.map((p) => (p as ProxyApiError).code).sort()).toEqual(['invalid_symbols', 'not_connected', 'not_connected']);
  });

  it('the quote that comes in the same chunk as subscription_confirmed reaches the handle', async () => {
    const proxy = new FakeProxy();
    proxy.onRequest = (frame, socket) => {
      if (frame.type === 'authenticate') return socket.reply(frame, 'authentication_success', { userId: 'trader' });
      // Both frames are read in one go, before any promise of the client settles.
      socket.reply(frame, 'subscription_confirmed', { subscriptionId: 's1', symbols: ['AAPL'] });
      socket.push('marketData', tick('AAPL'));
    };
    const client = fakeClient(proxy);
    await client.connect();
    const received: unknown[] = [];
    await client.subscribeMarketData({ symbols: ['AAPL'] }, { onData: (u) => received.push(u) });
    expect(received).toHaveLength(1);
  });

  it('a proxy that goes silent is given up and the client connects again', async () => {
    const proxy = new FakeProxy();
    proxy.serve(() => null); // answers authenticate, never a ping
    const client = fakeClient(proxy, { heartbeatIntervalMs: 100, heartbeatTimeoutMs: 100 });
    await client.connect();
    const [info] = await nextEvent(client, 'disconnected');
    expect(info).toMatchObject({ code: 4002, willReconnect: true });
    expect(proxy.received.some((f) => f.type === 'ping')).toBe(true);
    await nextEvent(client, 'state', (state) => state === 'open');
    expect(proxy.sockets.length).toBeGreaterThanOrEqual(2);
  });

  it('requests and subscriptions made before connect() wait for the session', async () => {
    const proxy = new FakeProxy();
    proxy.serve((frame) =>
      frame.type === 'subscribe_market_data'
        ? { type: 'subscription_confirmed', payload: { subscriptionId: 's1', symbols: ['AAPL'] } }
        : { type: 'positions_response', payload: { positions: [] } },
    );
    const client = fakeClient(proxy);
    const positions = client.getPositions();
    const sub = client.subscribeMarketData({ symbols: ['AAPL'] });
    expect(proxy.sockets).toHaveLength(0);
    await client.connect();
    expect(await positions).toEqual([]);
    expect((await sub).serverId).toBe('s1');
    expect(proxy.received.filter((f) => f.type === 'subscribe_market_data')).toHaveLength(1);
  });

  it('each placement call has its own key; a retry with error.idempotencyKey sends the same one', async () => {
    const proxy = new FakeProxy();
    proxy.serve(() => ({ type: 'error', payload: { code: 'not_connected', message: 'not connected to TWS / IB Gateway' } }));
    const client = fakeClient(proxy);
    await client.connect();
    const order = { symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT' } as const;
    const a = (await client.placeOrder(order).catch((e: unknown) => e)) as ProxyApiError;
    const b = (await client.placeOrder(order).catch((e: unknown) => e)) as ProxyApiError;
    const again = (await client.placeOrder(order, { idempotencyKey: a.idempotencyKey! }).catch((e: unknown) => e)) as ProxyApiError;
    const keys = proxy.received.filter((f) => f.type === 'place_order').map((f) => f.payload.idempotencyKey as string);
    expect(keys).toEqual([a.idempotencyKey, b.idempotencyKey, a.idempotencyKey]);
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
    expect(again.code).toBe('not_connected');
  });
});

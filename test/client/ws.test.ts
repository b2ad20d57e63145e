/**
 * The client's WebSocket side against the real stack (simulator → gateway → API): a typed method for every
 * request type, typed pushes, and what a caller must never have to do by hand: after the proxy drops the
 * connection the client reconnects, authenticates and restores its subscriptions (same handle, new server id)
 * and options; a placement whose reply is lost is sent again with its key and makes one order; what cannot be
 * repeated safely fails with a typed error instead.
 */
import { describe, expect, it } from 'vitest';
import { ProxyApiError, ProxyConnectionError, ProxyTimeoutError } from '../../packages/client/src/index.js';
import type { MarketDataUpdate, ProxyClient } from '../../packages/client/src/index.js';
import { startRealStack } from '../core/api/realStack.js';
import type { RealStack } from '../core/api/realStack.js';
import { SocketFaults, cents, nextEvent, restingBuyPrice, testClient, until, useStackWithClient } from './support.js';

let s: RealStack;
let client: ProxyClient;
useStackWithClient({}, async (stack, c) => {
  s = stack;
  client = c;
  await client.ws.connect();
});

describe('a typed method for every request type, answered by the real proxy', () => {
  it('session and market data: authenticate, ping, options, subscribe / unsubscribe, snapshot', async () => {
    expect(await client.ws.authenticate()).toEqual({ userId: 'trader' });
    expect(await client.ws.ping()).toHaveProperty('timestamp');

    const aapl = await client.ws.subscribeMarketData({ symbols: ['aapl'] });
    expect(aapl).toMatchObject({ state: 'active', symbols: ['AAPL'] });
    const tick = await nextEvent(aapl, 'data');
    expect(tick[0]).toMatchObject({ symbol: 'AAPL', field: expect.any(Number), value: expect.any(Number) });

    expect(await client.ws.setOptions({ batchMarketData: true })).toEqual({ batchMarketData: true, consoleEvents: false });
    const [batch] = await nextEvent(client.ws, 'marketDataBatch');
    expect(batch.updates.length).toBeGreaterThan(0);
    await nextEvent(aapl, 'data'); // the handle still gets its ticks, unpacked from the batches
    expect(await client.ws.setOptions({ batchMarketData: false })).toEqual({ batchMarketData: false, consoleEvents: false });

    expect((await client.ws.getMarketDataSnapshot('MSFT')).symbol).toBe('MSFT');
    await aapl.unsubscribe();
    expect(aapl.state).toBe('closed');
    expect((await client.rest.getWebSocketClients()).clients.find((c) => c.id === client.ws.serverClientId)?.subscriptionIds).toEqual([]);

    // A subscription made over REST is delivered on this socket and can be ended here by its id.
    const viaRest = await client.rest.subscribeMarketData({ symbols: ['MSFT'] });
    await nextEvent(client.ws, 'marketData', (u) => u.symbol === 'MSFT');
    await client.ws.unsubscribeMarketData(viaRest.subscriptionId);
  });

  it('orders: place, modify, cancel, bracket, list, executions, the kill switch and re-arming', async () => {
    const price = restingBuyPrice(s, 'AAPL');
    const statusSeen = nextEvent(client.ws, 'orderStatus', (o) => o.symbol === 'AAPL' && o.quantity === 2);
    const placed = await client.ws.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 2, orderType: 'LMT', price });
    expect(placed.order.idempotencyKey).toMatch(/^er-/);
    expect((await statusSeen)[0].orderId).toBe(placed.orderId);
    expect((await client.ws.modifyOrder(placed.orderId, { quantity: 3 })).order.quantity).toBe(3);
    expect((await client.ws.cancelOrder(placed.orderId)).orderId).toBe(placed.orderId);
    expect((await client.ws.getOrders()).some((o) => o.orderId === placed.orderId)).toBe(true);

    const entry = restingBuyPrice(s, 'MSFT');
    const bracket = await client.ws.placeBracketOrder({
      symbol: 'MSFT', action: 'BUY', quantity: 1, orderType: 'LMT', price: entry, takeProfitPrice: cents(entry * 3), stopLossPrice: cents(entry / 2),
    });
    expect(bracket.map((o) => o.order.parentId ?? 0).filter((p) => p === bracket[0]!.orderId)).toHaveLength(2);
    expect(Array.isArray(await client.ws.getExecutions())).toBe(true);

    const blockedPush = nextEvent(client.ws, 'tradingStatus', (t) => t.tradingBlocked);
    expect(await client.ws.cancelAllOrders()).toMatchObject({ tradingBlocked: true });
    await blockedPush;
    expect(await client.ws.getTradingStatus()).toEqual({ tradingBlocked: true, readOnly: false });
    const refused = await client.ws.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProxyApiError);
    expect(refused).toMatchObject({ code: 'trading_blocked', transport: 'ws', operation: 'place_order', status: undefined });
    expect(await client.ws.enableTrading()).toEqual({ tradingBlocked: false, readOnly: false });
  });

  it('portfolio and connection: positions, account summary, P&L, connection health', async () => {
    expect(Array.isArray(await client.ws.getPositions())).toBe(true);
    const account = await client.ws.getAccountSummary();
    expect(account === null || typeof account.buyingPower === 'number').toBe(true);
    expect(Array.isArray(await client.ws.getPnL())).toBe(true);
    expect((await client.ws.getConnectionHealth()).isConnected).toBe(true);
  });
});

describe('pushes arrive as typed events', () => {
  it('a fill: orderStatus, executionReport, positionUpdate, accountUpdate', async () => {
    const filled = nextEvent(client.ws, 'orderStatus', (o) => o.symbol === 'NVDA' && o.status === 'Filled');
    const execution = nextEvent(client.ws, 'executionReport', (e) => e.symbol === 'NVDA');
    const position = nextEvent(client.ws, 'positionUpdate', (p) => p.symbol === 'NVDA');
    const account = nextEvent(client.ws, 'accountUpdate');
    const placed = await client.ws.placeOrder({ symbol: 'NVDA', action: 'BUY', quantity: 5, orderType: 'MKT' });
    expect((await filled)[0].orderId).toBe(placed.orderId);
    expect((await execution)[0]).toMatchObject({ orderId: placed.orderId, side: 'BOT', shares: 5 });
    expect((await position)[0].position).toBeGreaterThanOrEqual(5);
    expect(typeof (await account)[0].netLiquidation).toBe('number');
  });

  it('a message from TWS: error, with its numeric code and severity', async () => {
    const farmDown = nextEvent(client.ws, 'error', (e) => e.code === 2103);
    s.sim.faults.farmStatus('usfarm', false);
    const [error] = await farmDown;
    expect(error).toMatchObject({ code: 2103, severity: expect.any(String), message: expect.any(String) });
    const farmUp = nextEvent(client.ws, 'error', (e) => e.code === 2104);
    s.sim.faults.farmStatus('usfarm', true);
    await farmUp;
  });

  it('the proxy losing TWS and finding it again: connectionStatus', async () => {
    const lost = nextEvent(client.ws, 'connectionStatus', (c) => c.status === 'disconnected');
    await client.rest.disconnectTws();
    await lost;
    const back = nextEvent(client.ws, 'connectionStatus', (c) => c.status === 'connected');
    await client.rest.connectTws({ host: '127.0.0.1', connectionPort: s.sim.port, clientId: 11, isPaper: true });
    expect((await back)[0].previous).toBeDefined();
  });
});

describe('when the connection drops', () => {
  it('reconnects, authenticates, restores its subscription under the same handle and its batch option: the caller does nothing', async () => {
    const caller = testClient(s.baseUrl);
    try {
      await caller.ws.connect();
      const sub = await caller.ws.subscribeMarketData({ symbols: ['AAPL'], fields: [1, 2, 4] });
      await caller.ws.setOptions({ batchMarketData: true });
      await nextEvent(sub, 'data');
      const firstServerId = sub.serverId;
      const firstClientId = caller.ws.serverClientId!;
      const disconnected = nextEvent(caller.ws, 'disconnected');
      const reconnected = nextEvent(caller.ws, 'reconnected');
      const restored = nextEvent(sub, 'restored');

      expect(s.server.disconnectClient(firstClientId)).toBe(true);

      expect((await disconnected)[0].willReconnect).toBe(true);
      await reconnected;
      const [newServerId] = await restored;
      expect(newServerId).not.toBe(firstServerId);
      expect(sub.serverId).toBe(newServerId);
      expect(caller.ws.serverClientId).not.toBe(firstClientId);
      const [tick] = (await nextEvent(sub, 'data')) as [MarketDataUpdate];
      expect([1, 2, 4]).toContain(tick.field);
      const me = (await caller.rest.getWebSocketClients()).clients.find((c) => c.id === caller.ws.serverClientId);
      expect(me).toMatchObject({ authenticated: true, subscriptionIds: [newServerId], batchMarketData: true });
    } finally {
      caller.close();
    }
  });

  it('a placement whose reply is lost is sent again with the same key on the new connection: one order', async () => {
    const faults = new SocketFaults();
    const caller = testClient(s.baseUrl, { WebSocket: faults.WebSocket });
    try {
      await caller.ws.connect();
      // The proxy places the order and replies; the connection dies as the reply arrives.
      faults.dropIncoming = (f) => f.type === 'order_response' && faults.dropped.length === 0;
      const order = await caller.ws.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 9, orderType: 'LMT', price: restingBuyPrice(s, 'AAPL') });

      const lost = faults.dropped[0]!;
      expect(lost.payload.orderId).toBe(order.orderId);
      const placements = faults.sent.filter((f) => f.type === 'place_order');
      expect(placements).toHaveLength(2);
      expect(placements[1]!.payload.idempotencyKey).toBe(placements[0]!.payload.idempotencyKey);
      expect(faults.sockets).toHaveLength(2);
      const key = placements[0]!.payload.idempotencyKey as string;
      expect((await caller.rest.getOrders()).filter((o) => o.idempotencyKey === key)).toHaveLength(1);
      expect(s.sim.broker.orders().filter((o) => o.orderRef === key)).toHaveLength(1);
    } finally {
      caller.close();
    }
  });

  it('enable_trading whose reply is lost is not repeated: ProxyConnectionError (outcome unknown)', async () => {
    const faults = new SocketFaults();
    const caller = testClient(s.baseUrl, { WebSocket: faults.WebSocket });
    try {
      await caller.ws.connect();
      faults.dropIncoming = (f) => f.type === 'trading_status_response' && faults.dropped.length === 0;
      const e = await caller.ws.enableTrading().catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ProxyConnectionError);
      expect(e).toMatchObject({ operation: 'enable_trading', kind: 'connection' });
      expect(faults.sent.filter((f) => f.type === 'enable_trading')).toHaveLength(1);
      await until('the new session', () => caller.ws.state === 'open');
      expect(await caller.ws.getTradingStatus()).toEqual({ tradingBlocked: false, readOnly: false });
    } finally {
      caller.close();
    }
  });

  it('a reply that never comes: ProxyTimeoutError, and the client carries on', async () => {
    const faults = new SocketFaults();
    faults.cutAfterDrop = false;
    const caller = testClient(s.baseUrl, { WebSocket: faults.WebSocket });
    try {
      await caller.ws.connect();
      faults.dropIncoming = (f) => f.type === 'positions_response';
      const e = await caller.ws.getPositions({ timeoutMs: 300 }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ProxyTimeoutError);
      expect(e).toMatchObject({ operation: 'get_positions', timeoutMs: 300 });
      faults.dropIncoming = null;
      expect(Array.isArray(await caller.ws.getOrders())).toBe(true);
      expect(caller.ws.state).toBe('open');
      expect(faults.sockets).toHaveLength(1);
    } finally {
      caller.close();
    }
  });
});

describe('the current quote the proxy sends right behind subscription_confirmed', () => {
  it('reaches the handle\'s onData (a market with no ticks: nothing else could)', async () => {
    const quiet = await startRealStack({ sim: { ticksPerSecond: 0, backgroundTicksPerSecond: 0 } });
    const caller = testClient(quiet.baseUrl);
    try {
      await caller.ws.connect();
      const seen: MarketDataUpdate[] = [];
      caller.ws.on('marketData', (u) => seen.push(u));
      const received: MarketDataUpdate[] = [];
      await caller.ws.subscribeMarketData({ symbols: ['AAPL'] }, { onData: (u) => received.push(u) });
      await until('the current quote', () => seen.length > 0);
      // Every update the socket got for AAPL went to the handle too, whichever chunk it came in.
      expect(received).toEqual(seen);
      expect(received.every((u) => u.symbol === 'AAPL')).toBe(true);
    } finally {
      caller.close();
      await quiet.close();
    }
  });
});

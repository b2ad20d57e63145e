/**
 * The client library against a real `npm run demo` (a child process, as a trader starts it): it logs in with the
 * printed access token, subscribes and receives ticks; the proxy process is stopped and started again (same data
 * folder, same port) and the subscription resumes without the caller doing anything; a placement whose reply is
 * lost on the way is sent again by the client and the proxy holds exactly one order for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyClient } from '../../packages/client/src/index.js';
import type { MarketDataSubscription } from '../../packages/client/src/index.js';
import { cleanup, spawnProxy, stopAndWait, waitForBanner } from '../cli/spawnProxy.js';
import type { ProxyProcess } from '../cli/spawnProxy.js';
import { SocketFaults, nextEvent } from './support.js';

/** A restart: the old process's shutdown, then the new one's start (tsx, the simulator, the journal). */
const RESTART_TIMEOUT_MS = 90_000;

describe('the client against npm run demo', () => {
  let first: ProxyProcess;
  let second: ProxyProcess | null = null;
  let port = 0;
  let client: ProxyClient;
  let sub: MarketDataSubscription;
  const faults = new SocketFaults();

  beforeAll(async () => {
    first = spawnProxy('demo', { env: { PORT: '0', LOG_FILE: '' } });
    const banner = await waitForBanner(first);
    port = banner.port;
    if (!banner.token) throw new Error(`the demo printed no access token:\n${first.stdout()}`);
    client = new ProxyClient({
      baseUrl: banner.url,
      credentials: { username: 'trader', password: banner.token },
      WebSocket: faults.WebSocket,
      reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 },
    });
  }, 60_000);

  afterAll(() => {
    client?.close();
    if (second) cleanup(second);
    cleanup(first);
  });

  it('logs in with the printed token, subscribes and receives marketData', async () => {
    expect((await client.rest.health()).mode).toBe('demo');
    await client.ws.connect();
    sub = await client.ws.subscribeMarketData({ symbols: ['AAPL', 'MSFT'] });
    const [tick] = await nextEvent(sub, 'data');
    expect(['AAPL', 'MSFT']).toContain(tick.symbol);
    expect(typeof tick.value).toBe('number');
  });

  it('the proxy restarts (same data folder, same port): the subscription resumes without the caller doing anything', async () => {
    const handle = sub.handle;
    const firstServerId = sub.serverId;
    const disconnected = nextEvent(client.ws, 'disconnected', undefined, RESTART_TIMEOUT_MS);
    const reconnected = nextEvent(client.ws, 'reconnected', undefined, RESTART_TIMEOUT_MS);
    const restored = nextEvent(sub, 'restored', undefined, RESTART_TIMEOUT_MS);

    expect(await stopAndWait(first)).toBe(0);
    expect((await disconnected)[0]).toMatchObject({ code: 1001, willReconnect: true });
    second = spawnProxy('demo', { dir: first.dir, env: { PORT: String(port), LOG_FILE: '' } });
    await waitForBanner(second);

    await reconnected;
    const [serverId] = await restored;
    expect(serverId).not.toBe(firstServerId);
    expect(sub).toMatchObject({ handle, serverId, state: 'active' });
    const [tick] = await nextEvent(sub, 'data', undefined, RESTART_TIMEOUT_MS);
    expect(['AAPL', 'MSFT']).toContain(tick.symbol);
    const me = (await client.rest.getWebSocketClients()).clients.find((c) => c.id === client.ws.serverClientId);
    expect(me).toMatchObject({ authenticated: true, subscriptionIds: [serverId] });
  }, RESTART_TIMEOUT_MS);

  it('a placement whose reply is lost is sent again with its key: the proxy holds exactly one order', async () => {
    faults.dropIncoming = (f) => f.type === 'order_response' && faults.dropped.length === 0;
    const socketsBefore = faults.sockets.length;
    const order = await client.ws.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 3, orderType: 'MKT' });

    const lost = faults.dropped[0]!;
    expect(lost.payload.orderId).toBe(order.orderId);
    expect(faults.sockets.length).toBe(socketsBefore + 1); // the reply died with its connection
    const sends = faults.sent.filter((f) => f.type === 'place_order');
    const key = sends[0]!.payload.idempotencyKey as string;
    expect(sends.map((f) => f.payload.idempotencyKey)).toEqual([key, key]);
    const orders = await client.rest.getOrders();
    expect(orders.filter((o) => o.idempotencyKey === key)).toHaveLength(1);
    expect(orders.filter((o) => o.orderId === order.orderId)).toHaveLength(1);
  }, RESTART_TIMEOUT_MS);
});

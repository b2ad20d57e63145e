/**
 * REST envelopes, status codes and validation of every route, over real HTTP, against the full stack (TWS
 * simulator → real GatewayService → API server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../../src/common/apiRoutes.js';
import { createHttpApp } from '../../../src/core/api/http/app.js';
import type { RouteDeps } from '../../../src/core/api/http/routes/deps.js';
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
const LMT = { symbol: 'AAPL', action: 'BUY', quantity: 10, orderType: 'LMT', price: 1, timeInForce: 'DAY' };

describe('REST contract', () => {
  it('GET /health without auth, with mode', async () => {
    const r = await h.http('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      status: 'ok',
      version: '0.1.0-test',
      mode: 'demo',
      ibkr: { connected: true, connectionStatus: 'connected' },
      websocket: { connectedClients: 0, authenticatedClients: 0 },
    });
    expect(['inactive', 'connecting', 'active', 'error']).toContain(r.json.ibkr.marketDataStatus);
    expect(r.json.success).toBeUndefined();
    expect(Date.parse(r.json.timestamp)).not.toBeNaN();
  });

  it('login: token, accessToken, expiresIn, user; wrong password 401', async () => {
    const r = await h.http('POST', '/api/auth/login', { body: { username: 'trader', password: 'correct-horse-battery' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ success: true, user: { id: 'trader', username: 'trader' } });
    expect(r.json.accessToken).toBe(r.json.token);
    expect(typeof r.json.expiresIn).toBe('number');
    const bad = await h.http('POST', '/api/auth/login', { body: { username: 'trader', password: 'nope-nope-nope' } });
    expect(bad.status).toBe(401);
    expect(bad.json).toEqual({ success: false, message: 'Invalid username or password' });
  });

  it('401 Access token required, 403 Invalid or expired token', async () => {
    const none = await h.http('GET', '/api/orders');
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ success: false, message: 'Access token required' });
    const bad = await h.http('GET', '/api/orders', { token: 'garbage.token.here' });
    expect(bad.status).toBe(403);
    expect(bad.json).toEqual({ success: false, message: 'Invalid or expired token' });
  });

  it('404 JSON and malformed JSON 400', async () => {
    const nf = await h.http('GET', '/api/nothing-here', { token });
    expect(nf.status).toBe(404);
    expect(nf.json.success).toBe(false);
    const mal = await h.http('POST', '/api/orders', { token, raw: '{"symbol": "AAPL",' });
    expect(mal.status).toBe(400);
    expect(mal.json).toEqual({ success: false, message: 'Malformed JSON in the request body' });
  });

  it('POST /api/ibkr/connect and disconnect', async () => {
    const simPort = h.gateway.getStatus().port;
    const bad = await h.http('POST', '/api/ibkr/connect', { token, body: { connectionPort: 'x', clientId: 1, isPaper: true } });
    expect(bad.status).toBe(400);
    const d = await h.http('POST', '/api/ibkr/disconnect', { token });
    expect(d.json).toEqual({ success: true, message: 'Disconnected from TWS' });
    expect((await h.http('GET', '/health')).json.ibkr.connected).toBe(false);
    // host may be a name; the IBKR password is accepted and ignored.
    const body = { host: 'localhost', connectionPort: simPort, clientId: 12, isPaper: true, username: 'u', password: 'p' };
    const r = await h.http('POST', '/api/ibkr/connect', { token, body });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ success: true, connectionStatus: 'connected' });
    expect(typeof r.json.message).toBe('string');
  });

  it('market data subscribe / unsubscribe with a real id', async () => {
    const r = await h.http('POST', '/api/market-data/subscribe', { token, body: { symbols: ['aapl', 'MSFT'] } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ success: true, symbols: ['AAPL', 'MSFT'] });
    expect(h.gateway.getStatus().linesInUse).toBe(2);
    const del = await h.http('DELETE', `/api/market-data/subscribe/${r.json.subscriptionId}`, { token });
    expect(del.json).toMatchObject({ success: true });
    expect(h.gateway.getStatus().linesInUse).toBe(0);
    const again = await h.http('DELETE', `/api/market-data/subscribe/${r.json.subscriptionId}`, { token });
    expect(again.status).toBe(404);
    const unknown = await h.http('POST', '/api/market-data/subscribe', { token, body: { symbols: ['NOSUCHSYM'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.success).toBe(false);
    const empty = await h.http('POST', '/api/market-data/subscribe', { token, body: { symbols: [] } });
    expect(empty.status).toBe(400);
    expect(empty.json.message).toMatch(/at least one symbol/);
    expect(Array.isArray(empty.json.issues)).toBe(true);
  });

  it('orders: place, list, modify, cancel; validation in sentences', async () => {
    const p = await h.http('POST', '/api/orders', { token, body: LMT });
    expect(p.status).toBe(200);
    expect(p.json.success).toBe(true);
    const o = p.json.order;
    expect(Object.keys(o).sort()).toEqual(['avgFillPrice', 'commission', 'filled', 'order', 'orderId', 'remaining', 'status', 'timestamp']);
    expect(o.order.symbol).toBe('AAPL');
    const list = await h.http('GET', '/api/orders', { token });
    expect(list.json.orders.some((x: { orderId: number }) => x.orderId === o.orderId)).toBe(true);
    const m = await h.http('PUT', `/api/orders/${o.orderId}`, { token, body: { price: 1.5 } });
    expect(m.status).toBe(200);
    expect(m.json.order.order.price).toBe(1.5);
    const emptyMod = await h.http('PUT', `/api/orders/${o.orderId}`, { token, body: {} });
    expect(emptyMod.status).toBe(400);
    const c = await h.http('DELETE', `/api/orders/${o.orderId}`, { token });
    expect(c.json).toMatchObject({ success: true });
    expect(typeof c.json.message).toBe('string');
    const missing = await h.http('DELETE', '/api/orders/999999', { token });
    expect(missing.status).toBe(404);
    expect(missing.json.success).toBe(false);
    const badId = await h.http('DELETE', '/api/orders/abc', { token });
    expect(badId.status).toBe(400);
    const noPrice = await h.http('POST', '/api/orders', { token, body: { ...LMT, price: undefined } });
    expect(noPrice.status).toBe(400);
    expect(noPrice.json.message).toMatch(/LMT orders need a limit price/);
    const qty = await h.http('POST', '/api/orders', { token, body: { ...LMT, quantity: 0 } });
    expect(qty.json.message).toMatch(/quantity must be greater than 0/);
  });

  it('Idempotency-Key header: a retry returns the same order; a different body with the same key is 409', async () => {
    const headers = { 'idempotency-key': 'retry-1' };
    const a = await h.http('POST', '/api/orders', { token, body: LMT, headers });
    const b = await h.http('POST', '/api/orders', { token, body: LMT, headers });
    expect(a.json.order.orderId).toBe(b.json.order.orderId);
    const c = await h.http('POST', '/api/orders', { token, body: { ...LMT, quantity: 11 }, headers });
    expect(c.status).toBe(409);
    const d = await h.http('POST', '/api/orders', { token, body: { ...LMT, idempotencyKey: 'other' }, headers });
    expect(d.status).toBe(400);
  });

  it('bracket, kill switch, trading status and enable', async () => {
    const b = await h.http('POST', '/api/orders/bracket', {
      token,
      body: { ...LMT, takeProfitPrice: 2, stopLossPrice: 0.5 },
    });
    expect(b.status).toBe(200);
    expect(b.json.orders).toHaveLength(3);
    const wrong = await h.http('POST', '/api/orders/bracket', { token, body: { ...LMT, takeProfitPrice: 0.5, stopLossPrice: 2 } });
    expect(wrong.status).toBe(400);
    const k = await h.http('POST', '/api/orders/cancel-all', { token });
    expect(k.json).toMatchObject({ success: true, tradingBlocked: true });
    expect(k.json.cancelled).toBeGreaterThanOrEqual(3);
    const st = await h.http('GET', '/api/trading/status', { token });
    expect(st.json).toEqual({ success: true, tradingBlocked: true, readOnly: false });
    const refused = await h.http('POST', '/api/orders', { token, body: LMT });
    expect(refused.status).toBe(423);
    expect(refused.json).toMatchObject({ success: false, code: 'trading_blocked' });
    const en = await h.http('POST', '/api/trading/enable', { token });
    expect(en.json).toMatchObject({ success: true, tradingBlocked: false });
  });

  it('read routes: positions, account, pnl, executions, health, clients, snapshot, history, search', async () => {
    const pos = await h.http('GET', '/api/positions', { token });
    expect(pos.json.success).toBe(true);
    expect(Array.isArray(pos.json.positions)).toBe(true);
    const acc = await h.http('GET', '/api/account', { token });
    expect(acc.json.success).toBe(true);
    if (acc.json.account !== null) expect(acc.json.account.account).toBe(SIM_ACCOUNT);
    expect(Array.isArray((await h.http('GET', '/api/pnl', { token })).json.pnl)).toBe(true);
    expect((await h.http('GET', '/api/executions', { token })).json).toMatchObject({ success: true, executions: [] });
    const health = await h.http('GET', '/api/connection-health', { token });
    // The contract's five fields, plus the added session phase.
    expect(Object.keys(health.json.health).sort()).toEqual(['connectionDuration', 'dataQuality', 'isConnected', 'lastHeartbeat', 'reconnectAttempts', 'session']);
    expect(health.json.health.session).toMatchObject({ phase: 'connected', needsAttention: false });
    const cl = await h.http('GET', '/api/websocket/clients', { token });
    expect(cl.json).toEqual({ success: true, clients: [], summary: { total: 0, authenticated: 0 } });
    const snap = await h.http('GET', '/api/market-data/snapshot/aapl', { token });
    expect(snap.json.quote.symbol).toBe('AAPL');
    const hist = await h.http('GET', '/api/history/AAPL?duration=1%20D&barSize=5%20mins', { token });
    expect(hist.json.success, hist.text).toBe(true);
    expect(hist.json.bars.length).toBeGreaterThan(0);
    expect((await h.http('GET', '/api/history/AAPL?duration=forever', { token })).status).toBe(400);
    const found = await h.http('GET', '/api/contracts/search?q=AAP', { token });
    expect(found.json.contracts.some((c: { symbol: string }) => c.symbol === 'AAPL')).toBe(true);
    expect((await h.http('GET', '/api/contracts/search', { token })).status).toBe(400);
  });

  it('every parameterless GET answers in the shape its route table entry (and so the OpenAPI document) promises', async () => {
    const routes = Object.entries(API_ROUTES).filter(([, r]) => r.method === 'get' && !r.path.includes('{') && !('query' in r));
    expect(routes.length).toBeGreaterThanOrEqual(9);
    for (const [name, route] of routes) {
      const r = await h.http('GET', route.path, route.auth ? { token } : {});
      expect(r.status, name).toBe(200);
      const parsed = route.response.safeParse(r.json);
      expect(parsed.success, `${name}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(true);
    }
  });

  it('GET /api/openapi.json documents exactly the routes the server answers, and the WebSocket messages', async () => {
    const r = await h.http('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toMatch(/^3\./);
    const documented = Object.entries(r.json.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
      .sort();
    // What express really has mounted (every router, walked), in OpenAPI's path style.
    expect(documented).toEqual(mountedRoutes().sort());
    // Queries are documented with their real schemas, not as loose strings.
    const historyParams = r.json.paths['/api/history/{symbol}'].get.parameters as Array<{ name: string; schema: { enum?: string[] } }>;
    expect(historyParams.find((p) => p.name === 'barSize')?.schema.enum).toContain('1 day');
    expect(r.json.components.schemas.WsRequest_place_order).toBeDefined();
    expect(r.json.components.schemas.WsMessage_marketDataBatch).toBeDefined();
    expect(r.json['x-websocket'].requests.place_order.reply).toBe('order_response');
  });
});

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** Every route mounted on the real express app, as "method /path/{param}". */
function mountedRoutes(): string[] {
  const deps = { settings: { server: { corsOrigins: [], bodyLimit: 1024 }, auth: {} }, auth: {}, logger: console } as unknown as RouteDeps;
  const app = createHttpApp(deps, () => 3001) as unknown as { router: { stack: RouterLayer[] } };
  const out: string[] = [];
  const walk = (stack: RouterLayer[]): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) out.push(`${method} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk(app.router.stack);
  return out;
}

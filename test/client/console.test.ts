/**
 * The client's methods for the web console's routes (/api/admin/*, the launch code, closing a WebSocket client)
 * and its console pushes, against the real stack: each answer decodes with the server's own schemas, a refusal is
 * a typed error carrying the server's sentence, and the consoleEvents option comes back by itself after a
 * reconnect (the console's live traffic does not stop when its socket drops).
 */
import { describe, expect, it } from 'vitest';
import { ProxyApiError, isApiError } from '../../packages/client/src/index.js';
import type { ProxyClient } from '../../packages/client/src/index.js';
import type { RealStack } from '../core/api/realStack.js';
import { nextEvent, restingBuyPrice, useStackWithClient } from './support.js';

let s: RealStack;
let client: ProxyClient;
useStackWithClient({}, (stack, c) => {
  s = stack;
  client = c;
});

describe('the console routes', () => {
  it('status, today\'s orders, logs, IB errors and traffic decode with the server\'s schemas', async () => {
    const status = await client.rest.getConsoleStatus();
    expect(status).toMatchObject({ gateway: { status: 'connected' }, abilities: { simulatorFaults: expect.any(Boolean) } });

    const placed = await client.rest.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 2, orderType: 'LMT', price: restingBuyPrice(s, 'AAPL') });
    const today = await client.rest.getTodaysOrders();
    expect(today.map((o) => o.orderId)).toContain(placed.orderId);

    const lines = await client.rest.getRecentLogs({ limit: 5 });
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(Array.isArray(await client.rest.getRecentIbErrors(10))).toBe(true);
    expect(Array.isArray(await client.rest.getTrafficHistory())).toBe(true);
    await client.rest.cancelOrder(placed.orderId);
  });

  it('a bad limit is refused with the server\'s sentence', async () => {
    const e = await client.rest.getRecentLogs({ limit: 99_999 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProxyApiError);
    expect((e as ProxyApiError).status).toBe(400);
    expect((e as ProxyApiError).message).toMatch(/limit/);
  });

  it('settings: read, validated by the core (its sentence for a bad port), and a save the mode refuses says why', async () => {
    const snapshot = await client.rest.getSettings();
    expect(snapshot.settings).toHaveProperty('server');
    expect(await client.rest.validateSettings(snapshot.settings)).toEqual({ ok: true });

    const bad = { ...snapshot.settings, server: { ...(snapshot.settings.server as object), port: 70_000 } };
    const verdict = await client.rest.validateSettings(bad);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.issues.map((i) => i.path)).toContain('server.port');

    const readOnly = (await client.rest.getConsoleStatus()).abilities.settingsReadOnly;
    const saved = await client.rest.saveSettings(snapshot.settings).catch((x: unknown) => x);
    if (readOnly === null) expect(saved).toMatchObject({ settings: expect.any(Object) });
    else expect(saved).toMatchObject({ status: 409, code: 'not_in_this_mode', message: readOnly });
  });

  it('the login in use is described, never with the stored token', async () => {
    const info = await client.rest.getAccessTokenInfo();
    expect(info.username).toBe('trader');
    expect(info.token).toBeNull();
  });

  it('a launch code that was never issued is refused', async () => {
    const e = await client.rest.launch('x'.repeat(32)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProxyApiError);
    expect((e as ProxyApiError).status).toBeGreaterThanOrEqual(400);
    expect((e as ProxyApiError).status).toBeLessThan(500);
  });

  it('the live / paper switch and the simulator faults are refused where the mode does not allow them', async () => {
    const { abilities } = await client.rest.getConsoleStatus();
    if (abilities.modeSwitchRefused !== null) {
      const e = await client.rest.setTradingMode('paper').catch((x: unknown) => x);
      expect(isApiError(e, 'not_in_this_mode')).toBe(true);
      expect((e as ProxyApiError).message).toBe(abilities.modeSwitchRefused);
    }
    if (!abilities.simulatorFaults) {
      const e = await client.rest.simulateFault('tws-restart').catch((x: unknown) => x);
      expect(isApiError(e, 'not_in_this_mode')).toBe(true);
    }
  });
});

describe('the console pushes', () => {
  it('consoleEvents brings trafficSample, consoleStatus and logLine, and is set again after a reconnect', async () => {
    await client.ws.connect();
    expect(await client.ws.setOptions({ consoleEvents: true })).toMatchObject({ consoleEvents: true });
    const [sample] = await nextEvent(client.ws, 'trafficSample');
    expect(sample.lineBudget).toBeGreaterThan(0);

    // The proxy closes this client's socket (the admin route): the client comes back with its options.
    const id = client.ws.serverClientId!;
    const reconnected = nextEvent(client.ws, 'reconnected');
    expect((await client.rest.disconnectWebSocketClient(id)).message).toContain(id);
    await reconnected;
    expect(client.ws.serverClientId).not.toBe(id);
    const [again] = await nextEvent(client.ws, 'trafficSample');
    expect(again.at).toEqual(expect.any(String));

    const statusPush = nextEvent(client.ws, 'consoleStatus', (st) => st.gateway.tradingBlocked);
    await client.rest.cancelAllOrders();
    expect((await statusPush)[0].gateway.tradingBlocked).toBe(true);

    const logPush = nextEvent(client.ws, 'logLine', (line) => line.message.includes('a line for the console'));
    s.logger.warn('a line for the console');
    expect((await logPush)[0]).toMatchObject({ level: 'warn', time: expect.any(String) });
    await client.rest.enableTrading();
  });
});

/**
 * The TWS session's phase over the real API while TWS restarts (simulator and gateway on one still clock the test
 * moves): the WebSocket pushes it, connection health and /health carry it, and an order sent meanwhile is refused
 * with 503 and the phase's sentence: nothing is queued to go out later without the client knowing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src/simulator/index.js';
import { until } from './harness.js';
import { startRealStack, type RealStack } from './realStack.js';

const clock = new SimulatedClock({ start: '2026-03-11T23:44:00-04:00', speed: 0 });
let h: RealStack;
let token: string;

beforeAll(async () => {
  h = await startRealStack({
    sim: { clock, autoRestart: { at: '23:45', downtimeMs: 3 * 60_000 } },
    gateway: { clock, session: { dailyRestart: '23:45', timeZone: 'America/New_York', restartMinutes: 5 }, reconnect: { initialDelayMs: 100, maxDelayMs: 500 } },
  });
  token = await h.login();
});
afterAll(async () => {
  await h.close();
});

describe('the session phase over the API', () => {
  it('a daily restart: pushed, in connection health and /health, and orders refused with when TWS is back', async () => {
    const ws = await h.ws();
    await ws.authenticate(token);
    clock.advance(60_000); // 23:45
    const pushed = await ws.waitFor((f) => f.type === 'sessionPhase' && f.payload.phase === 'tws-restarting', 15_000);
    expect(pushed.payload).toMatchObject({ expectedBackAt: '2026-03-12T03:50:00.000Z', needsAttention: false });
    await ws.waitFor((f) => f.type === 'connectionStatus' && f.payload.status === 'reconnecting' && f.payload.phase === 'tws-restarting', 15_000);

    const health = await h.http('GET', '/api/connection-health', { token });
    expect(health.json.health.session).toMatchObject({ phase: 'tws-restarting', expectedBackAt: '2026-03-12T03:50:00.000Z' });
    const open = await h.http('GET', '/health');
    expect(open.json.ibkr).toMatchObject({ connected: false, phase: 'tws-restarting' });
    expect(open.json.ibkr.phaseMessage).toContain('expected back by 23:50 America/New_York');

    const refused = await h.http('POST', '/api/orders', { token, body: { symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT', timeInForce: 'DAY' } });
    expect(refused.status).toBe(503);
    expect(refused.json.message).toContain('TWS is restarting (its daily restart at 23:45 America/New_York); expected back by 23:50');
    expect(refused.json.message).toContain('Nothing was sent to TWS');
    expect(h.sim.broker.orders()).toEqual([]);

    clock.advance(3 * 60_000);
    await ws.waitFor((f) => f.type === 'sessionPhase' && f.payload.phase === 'connected', 20_000);
    await until(async () => (await h.http('GET', '/health')).json.ibkr.phase === 'connected', 10_000, 'connected on /health');
  }, 60_000);
});

/**
 * Connection lifecycle against the simulator over real sockets: connect, status events exactly once per change,
 * accounts, timeouts, reconnect after a TWS restart, half-open detection, duplicate client id, 1100/1101/1102,
 * malformed frames, profile switching.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TwsSimulator } from '../../../src/simulator/index.js';
import { isGatewayError, type GatewayService } from '../../../src/core/gateway/index.js';
import { makeGateway, record, startSim, waitFor } from './helpers.js';
import { tradingClock } from '../../support/tradingClock.js';

describe('gateway connection (simulator, real sockets)', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  async function setup(simOptions = {}, gwOptions = {}, clientId = 1): Promise<{ sim: TwsSimulator; port: number; gw: GatewayService }> {
    const { sim, port } = await startSim(simOptions);
    cleanup.push(() => sim.stop());
    const gw = makeGateway(port, gwOptions, clientId);
    cleanup.push(() => gw.disconnect());
    return { sim, port, gw };
  }

  it('connects, reports status once per change, and knows the accounts and server version', async () => {
    const { sim, gw } = await setup({ accounts: ['DU111', 'DU222'] });
    const statuses = record(gw, 'connectionStatus');
    const status = await gw.connect();
    expect(status).toMatchObject({ status: 'connected', serverVersion: 193, accounts: ['DU111', 'DU222'], mode: 'paper', clientId: 1, reconnectAttempts: 0 });
    expect(statuses.map((s) => [s.previous, s.status])).toEqual([
      ['disconnected', 'connecting'],
      ['connecting', 'connected'],
    ]);
    expect(sim.connectedClients()).toEqual([{ clientId: 1, serverVersion: 193 }]);
    expect(gw.getHealth()).toMatchObject({ isConnected: true, dataQuality: 'good', reconnectAttempts: 0 });
    // The heartbeat answers arrive.
    const traffic = record(gw, 'traffic');
    const first = gw.getStatus().lastHeartbeat;
    await waitFor(() => gw.getStatus().lastHeartbeat !== first, 'a heartbeat answer');
    expect(traffic.at(-1)?.messagesIn).toBeGreaterThan(3);
    expect(traffic.at(-1)?.messagesOut).toBeGreaterThan(3);
    await gw.disconnect();
    expect(statuses.at(-1)).toMatchObject({ status: 'disconnected', previous: 'connected' });
    expect(statuses).toHaveLength(3);
    await waitFor(() => sim.connectedClients().length === 0, 'the simulator to see the client leave');
    expect(gw.getHealth()).toMatchObject({ isConnected: false, dataQuality: 'unavailable' });
  });

  it('rejects connect() after connectTimeoutMs when nothing listens, keeps retrying, and connects when TWS appears', async () => {
    // Reserve a port, then stop so nothing listens on it.
    const { sim, port } = await startSim();
    await sim.stop();
    const gw = makeGateway(port, { connectTimeoutMs: 300 });
    cleanup.push(() => gw.disconnect());
    const statuses = record(gw, 'connectionStatus');
    const err = await gw.connect().catch((e: unknown) => e);
    expect(isGatewayError(err, 'timeout')).toBe(true);
    expect(gw.getStatus().status).toBe('reconnecting');
    await waitFor(() => gw.getStatus().reconnectAttempts >= 2, 'retries');
    expect(gw.getStatus().reason).toMatch(/ECONNREFUSED|cannot connect/);
    // TWS comes up on that port: the background retry connects without another connect() call.
    const { TwsSimulator } = await import('../../../src/simulator/index.js');
    const sim2 = new TwsSimulator({ clock: tradingClock(), backgroundTicksPerSecond: 0 });
    await sim2.start(port, '127.0.0.1');
    cleanup.push(() => sim2.stop());
    await waitFor(() => gw.getStatus().status === 'connected', 'the background reconnect');
    expect(gw.getStatus().reconnectAttempts).toBe(0);
    expect(statuses.map((s) => s.status)).toEqual(['connecting', 'reconnecting', 'connected']);
  });

  it('disconnect() stops retrying at once', async () => {
    const { sim, port } = await startSim();
    await sim.stop();
    const gw = makeGateway(port, { connectTimeoutMs: 200 });
    const pending = gw.connect().catch((e: unknown) => e);
    await waitFor(() => gw.getStatus().reconnectAttempts >= 1, 'a retry to be scheduled');
    await gw.disconnect();
    expect(isGatewayError(await pending, 'disconnected')).toBe(true);
    const attempts = gw.getStatus().reconnectAttempts;
    expect(gw.getStatus()).toMatchObject({ status: 'disconnected', nextRetryAt: null });
    expect(attempts).toBe(0);
  });

  it('reconnects after a TWS restart and reports the outage in status and health', async () => {
    const { sim, gw } = await setup();
    await gw.connect();
    const statuses = record(gw, 'connectionStatus');
    const health = record(gw, 'health');
    await sim.faults.restart(300);
    await waitFor(() => statuses.some((s) => s.status === 'connected'), 'reconnected');
    expect(statuses.map((s) => s.status)).toEqual(['reconnecting', 'connected']);
    expect(statuses[0]?.reason).toMatch(/lost/);
    expect(health.some((h) => !h.isConnected && h.dataQuality === 'unavailable')).toBe(true);
    expect(health.at(-1)).toMatchObject({ isConnected: true, reconnectAttempts: 0 });
    expect(sim.connectedClients()).toHaveLength(1);
  });

  it('detects a half-open socket within heartbeatTimeoutMs + one check and reconnects when TWS answers again', async () => {
    const { sim, gw } = await setup({}, { heartbeatIntervalMs: 100, heartbeatTimeoutMs: 600 });
    await gw.connect();
    const statuses = record(gw, 'connectionStatus');
    sim.faults.setHalfOpen(true);
    const frozenAt = Date.now();
    await waitFor(() => statuses.some((s) => s.status === 'reconnecting'), 'half-open detection', 5000);
    const detectedAfter = Date.now() - frozenAt;
    expect(statuses[0]?.reason).toMatch(/half-open/);
    // Bound: timeout (600) + check period (100) + the last heartbeat interval, plus scheduling slack on a busy box.
    expect(detectedAfter).toBeLessThan(600 + 100 + 100 + 1500);
    sim.faults.setHalfOpen(false);
    await waitFor(() => gw.getStatus().status === 'connected', 'reconnect after thaw');
  });

  it('surfaces a duplicate client id (326) as status error with the reason, and recovers when the id is free', async () => {
    const { port, gw: first } = await setup({}, {}, 7);
    await first.connect();
    const second = makeGateway(port, { connectTimeoutMs: 500 }, 7);
    cleanup.push(() => second.disconnect());
    const errors = record(second, 'ibError');
    const statuses = record(second, 'connectionStatus');
    await expect(second.connect()).rejects.toMatchObject({ code: 'timeout' });
    await waitFor(() => second.getStatus().status === 'error', 'status error');
    expect(second.getStatus().reason).toMatch(/client id 7 is already in use/);
    expect(errors.find((e) => e.code === 326)).toMatchObject({ severity: 'critical', recoverable: false });
    expect(statuses.filter((s) => s.status === 'error')).toHaveLength(1); // not re-emitted on every retry
    await first.disconnect();
    await waitFor(() => second.getStatus().status === 'connected', 'the second client to get the id');
  });

  it('1100 makes data stale; 1102 restores it; 1101 restores it and resubscribes', async () => {
    const { sim, gw } = await setup();
    await gw.connect();
    const errors = record(gw, 'ibError');
    sim.faults.connectivityLost();
    await waitFor(() => gw.getHealth().dataQuality === 'stale', 'stale after 1100');
    expect(errors.find((e) => e.code === 1100)).toMatchObject({ severity: 'critical', recoverable: true });
    expect(gw.getStatus().status).toBe('connected'); // the socket to TWS is fine
    sim.faults.connectivityRestored(false);
    await waitFor(() => gw.getHealth().dataQuality === 'good', 'good after 1102');
    sim.faults.connectivityLost();
    await waitFor(() => gw.getHealth().dataQuality === 'stale', 'stale again');
    sim.faults.connectivityRestored(true);
    await waitFor(() => gw.getHealth().dataQuality === 'good', 'good after 1101');
    expect(errors.map((e) => e.code).filter((c) => c >= 1100 && c <= 1102)).toEqual([1100, 1102, 1100, 1101]);
  });

  it('survives malformed frames: bad advancedOrderRejectJson, unknown message, extra field', async () => {
    const { sim, gw } = await setup();
    await gw.connect();
    const errors = record(gw, 'ibError');
    const statuses = record(gw, 'connectionStatus');
    sim.faults.sendMalformedFrame('bad-json-reject');
    sim.faults.sendMalformedFrame('unknown-message');
    sim.faults.sendMalformedFrame('extra-field');
    await waitFor(() => errors.filter((e) => e.code === 505).length >= 2, 'two decode errors');
    await waitFor(() => errors.some((e) => e.context && 'advancedOrderRejectJson' in e.context), 'the guarded json error');
    // Still connected on the same session and still answering.
    const hb = gw.getStatus().lastHeartbeat;
    await waitFor(() => gw.getStatus().lastHeartbeat !== hb, 'a heartbeat after the bad frames');
    expect(statuses).toEqual([]);
    expect(gw.getStatus().status).toBe('connected');
  });

  it('switches between paper and live profiles without a restart', async () => {
    const { sim, gw } = await setup();
    await gw.connect();
    expect(sim.connectedClients()).toEqual([{ clientId: 1, serverVersion: 193 }]);
    await gw.setMode('live');
    await waitFor(() => gw.getStatus().status === 'connected' && gw.getStatus().mode === 'live', 'the live profile connected');
    expect(gw.getStatus().clientId).toBe(101);
    await waitFor(() => sim.connectedClients().length === 1 && sim.connectedClients()[0]?.clientId === 101, 'only the live client');
  });
  it('keeps an idle connection even when the heartbeat interval is configured longer than its timeout', async () => {
    // No market data, no orders: only heartbeat answers keep the connection alive.
    const { gw } = await setup({}, { heartbeatIntervalMs: 5000, heartbeatTimeoutMs: 400 });
    await gw.connect();
    const statuses = record(gw, 'connectionStatus');
    const beats: string[] = [];
    gw.on('health', (h) => {
      if (h.lastHeartbeat) beats.push(h.lastHeartbeat);
    });
    await waitFor(() => new Set(beats).size >= 6, 'six heartbeats (at least three timeout periods)');
    expect(statuses).toEqual([]);
  });
});

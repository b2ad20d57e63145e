/**
 * No timer, socket or listener leaks: 200 connect/disconnect cycles (plus cycles cut short mid-handshake and
 * cycles against a dead port), then the process's active handles and every listener count are back to baseline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwsSimulator } from '../../../src/simulator/index.js';
import { makeGateway, startSim, waitFor } from './helpers.js';

/** Counts of active resources by type (TCPWRAP, Timeout, Immediate...). */
function resourceCounts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

function sameOrFewer(now: Map<string, number>, base: Map<string, number>): boolean {
  for (const [k, n] of now) if (n > (base.get(k) ?? 0)) return false;
  return true;
}

const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection', 'exit', 'beforeExit', 'warning'] as const;

describe('gateway resource hygiene (simulator, real sockets)', () => {
  let sim: TwsSimulator;
  let port: number;
  beforeAll(async () => {
    ({ sim, port } = await startSim());
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('connects and disconnects 200 times and returns to the baseline of handles and listeners', async () => {
    const gw = makeGateway(port, { heartbeatIntervalMs: 50, heartbeatTimeoutMs: 2000 });
    const onStatus = (): void => undefined;
    gw.on('connectionStatus', onStatus);
    const gwListeners = () => gw.eventNames().map((e) => `${String(e)}:${gw.listenerCount(e)}`).join(',');
    const processListeners = () => PROCESS_EVENTS.map((e) => process.listenerCount(e)).join(',');
    const baseGw = gwListeners();
    const baseProcess = processListeners();
    // Let vitest's own startup timers settle before taking the baseline.
    await new Promise((r) => setImmediate(r));
    const baseline = resourceCounts();

    for (let i = 0; i < 200; i++) {
      await gw.connect();
      if (i % 20 === 0) {
        // Exercise the modules too: a market-data line and a heartbeat on some cycles.
        const lease = await gw.acquireMarketData({ symbol: 'AAPL' });
        lease.release();
      }
      await gw.disconnect();
      await waitFor(() => sim.connectedClients().length === 0, `the simulator to see cycle ${i} end`);
    }
    // Cut short mid-handshake.
    for (let i = 0; i < 20; i++) {
      const p = gw.connect().catch((e: unknown) => e);
      await gw.disconnect();
      expect(await p).toMatchObject({ code: 'disconnected' });
    }
    await waitFor(() => sim.connectedClients().length === 0, 'all simulator sessions gone');

    // Handles drain asynchronously (socket close callbacks, the library's 100 ms rate-limit timers).
    await waitFor(() => sameOrFewer(resourceCounts(), baseline), `handles back to baseline (now ${JSON.stringify([...resourceCounts()])}, baseline ${JSON.stringify([...baseline])})`, 15_000);
    expect(gwListeners()).toBe(baseGw);
    expect(processListeners()).toBe(baseProcess);
    expect(gw.getStatus()).toMatchObject({ status: 'disconnected', linesInUse: 0, nextRetryAt: null });
  }, 120_000);

  it('leaves nothing behind after retrying against a dead port and being told to stop', async () => {
    const dead = await startSim();
    const deadPort = dead.port;
    await dead.sim.stop();
    await new Promise((r) => setImmediate(r));
    const baseline = resourceCounts();
    const gw = makeGateway(deadPort, { connectTimeoutMs: 100, reconnect: { initialDelayMs: 5, maxDelayMs: 20, jitter: 0 } });
    const p = gw.connect().catch((e: unknown) => e);
    await waitFor(() => gw.getStatus().reconnectAttempts >= 10, 'ten retries');
    // connect() gave up waiting after its 100 ms timeout; the retries went on in the background until now.
    expect(await p).toMatchObject({ code: 'timeout' });
    await gw.disconnect();
    const attempts = gw.getStatus().reconnectAttempts;
    expect(attempts).toBe(0);
    await waitFor(() => sameOrFewer(resourceCounts(), baseline), 'handles back to baseline', 15_000);
    expect(gw.getStatus()).toMatchObject({ status: 'disconnected', nextRetryAt: null });
  });
});

/**
 * A flapping TWS: the connection drops again and again, sometimes during reconciliation, while the consumer keeps
 * retrying a keyed placement and holds market-data leases, and an order fills during one of the outages. At the
 * end: one order per key at the broker, each fill reported once, every line restored, ticks flowing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TwsSimulator } from '../../../src/simulator/index.js';
import { isGatewayError } from '../../../src/core/gateway/index.js';
import { makeGateway, record, startSim, waitFor } from './helpers.js';

describe('gateway under a flapping connection (simulator, real sockets)', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('stays consistent through repeated drops', async () => {
    const { sim, port } = await startSim({ ticksPerSecond: 20 });
    cleanup.push(() => sim.stop());
    const gw = makeGateway(port, { reconnect: { initialDelayMs: 20, maxDelayMs: 100, jitter: 0.5 } });
    cleanup.push(() => gw.disconnect());
    await gw.connect();
    const execs = record(gw, 'executionReport');
    const ticks = record(gw, 'marketData');
    await gw.acquireMarketData({ symbol: 'AAPL' });
    await gw.acquireMarketData({ symbol: 'MSFT' });
    const limit = Math.round((sim.market.quote('XOM')?.last ?? 100) * 0.9 * 100) / 100;
    const req = { symbol: 'XOM', action: 'BUY' as const, quantity: 6, orderType: 'LMT' as const, price: limit, timeInForce: 'GTC' as const, idempotencyKey: 'flap-1' };
    const placed = await gw.placeOrder(req);

    const retry = async (): Promise<void> => {
      // The consumer's retry loop: keeps asking until the gateway answers (connection_lost / not_connected are expected).
      for (let i = 0; i < 200; i++) {
        try {
          const o = await gw.placeOrder(req);
          expect(o.orderId).toBe(placed.orderId);
          return;
        } catch (e) {
          if (!isGatewayError(e)) throw e;
          await new Promise((r) => setTimeout(r, 10));
        }
      }
      throw new Error('the keyed retry never succeeded');
    };

    const drop = async (sim: TwsSimulator, cycle: number): Promise<void> => {
      if (cycle === 2) {
        const restarting = sim.faults.restart(200);
        await waitFor(() => gw.getStatus().status !== 'connected', 'outage');
        sim.market.setPrice('XOM', Math.round(limit * 0.97 * 100) / 100); // fills while we are away
        await restarting;
      } else {
        sim.faults.dropAllConnections();
        await waitFor(() => gw.getStatus().status !== 'connected', 'outage');
      }
    };

    for (let cycle = 0; cycle < 6; cycle++) {
      await drop(sim, cycle);
      const retrying = retry();
      if (cycle % 2 === 1) {
        // Drop again as soon as the session is up: reconciliation gets cut short.
        await waitFor(() => gw.getStatus().status === 'connected', 'reconnected');
        sim.faults.dropAllConnections();
      }
      await retrying;
    }

    await waitFor(() => gw.getStatus().status === 'connected', 'final reconnect');
    await waitFor(() => gw.getOrder(placed.orderId)?.status === 'Filled', 'the order filled during an outage');
    expect(sim.broker.orders().filter((o) => o.orderRef === 'flap-1')).toHaveLength(1);
    const brokerExecIds = sim.broker.executions().filter((e) => e.execution.orderId === placed.orderId).map((e) => e.execution.execId);
    expect(brokerExecIds.length).toBeGreaterThan(0);
    await waitFor(() => brokerExecIds.every((id) => execs.some((e) => e.execId === id)), 'every fill reported');
    for (const id of brokerExecIds) expect(execs.filter((e) => e.execId === id)).toHaveLength(1);
    await waitFor(() => sim.marketDataLines() === 2, 'both lines restored');
    const before = ticks.length;
    await waitFor(() => ticks.length > before + 4, 'ticks flowing at the end');
    expect(gw.getStatus()).toMatchObject({ linesInUse: 2, marketDataStatus: 'active', status: 'connected' });
  }, 60_000);
});

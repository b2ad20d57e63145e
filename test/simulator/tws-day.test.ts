/**
 * TWS's own day on the simulator's clock (held still and advanced by the test): the daily auto-restart, the weekly
 * logout that waits for a login, a competing live session (10197) and a client id TWS keeps busy after a
 * connection vanished (326).
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { EventName, IBApi, type Contract } from '@stoqey/ib';
import { SimulatedClock, type TwsState } from '../../src/simulator/index.js';
import { useSimulator, waitFor } from './helpers.js';

const AAPL: Contract = { symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };
const SECOND = 1000;

/** Whether something accepts TCP connections on the port right now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('simulator: the TWS session day', () => {
  const simulator = useSimulator();

  async function start(instant: string, autoRestart?: { at: string; downtimeMs?: number }) {
    const clock = new SimulatedClock({ start: instant, speed: 0 });
    const { sim, port } = await simulator.start({ clock, backgroundTicksPerSecond: 0, ...(autoRestart ? { autoRestart } : {}) });
    const states: TwsState[] = [];
    sim.on('twsState', (s: TwsState) => states.push(s));
    return { clock, sim, port, states };
  }

  it('restarts daily at its configured time: connections closed, port refused for the downtime, then back with orders intact', async () => {
    const { clock, sim, port, states } = await start('2026-03-11T23:44:00-04:00', { at: '23:45', downtimeMs: 90 * SECOND });
    expect(new Date(sim.nextAutoRestart()!).toISOString()).toBe('2026-03-12T03:45:00.000Z');
    const c = await simulator.connect(1);
    const closed = new Promise<void>((resolve) => c.ib.once(EventName.disconnected, () => resolve()));
    sim.broker.placeOrder({ clientId: 1, orderId: 1, contract: { symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' }, action: 'BUY', totalQuantity: 1, orderType: 'LMT', lmtPrice: 1, tif: 'GTC' });

    clock.advance(60 * SECOND); // 23:45
    await closed;
    await waitFor(() => states.includes('restarting'), 'restarting');
    expect(await accepts(port)).toBe(false);

    clock.advance(90 * SECOND); // the downtime is over
    await waitFor(() => sim.twsState === 'running', 'running again');
    expect(states).toEqual(['restarting', 'running']);
    const again = await simulator.connect(1);
    expect(again.nextValidId).toBe(2); // the broker kept its orders across the restart
    expect(sim.broker.openOrders(1).map((o) => o.orderId)).toEqual([1]);
    expect(new Date(sim.nextAutoRestart()!).toISOString()).toBe('2026-03-13T03:45:00.000Z'); // tomorrow's
  });

  it("Sunday's restart ends at the login dialog: refused until someone logs in", async () => {
    const { clock, sim, port, states } = await start('2026-03-15T23:40:00-04:00', { at: '23:45', downtimeMs: 60 * SECOND });
    clock.advance(5 * 60 * SECOND);
    await waitFor(() => states.includes('restarting'), 'restarting');
    clock.advance(10 * 60 * SECOND); // long after the downtime
    await waitFor(() => sim.twsState === 'logged-out', 'logged out');
    expect(await accepts(port)).toBe(false);
    await sim.faults.login();
    expect(sim.twsState).toBe('running');
    await simulator.connect(3);
  });

  it('a competing live session takes the market data (10197 on each line) until it ends; the line then streams again', async () => {
    const { sim } = await start('2026-03-11T11:00:00-04:00');
    const c = await simulator.connect(2);
    const lasts: number[] = [];
    c.ib.on(EventName.tickPrice, (id: number, field: number, price: number) => {
      if (id === 7 && field === 4) lasts.push(price);
    });
    c.ib.reqMktData(7, AAPL, '', false, false);
    await waitFor(() => lasts.length > 0, 'the first last price');
    sim.faults.competingSession(true);
    await waitFor(() => c.errors.some((e) => e.code === 10197), '10197');
    expect(c.errors.find((e) => e.code === 10197)).toMatchObject({ reqId: 7, message: 'No market data during competing live session' });
    sim.market.setPrice('AAPL', 111.11); // taken by the other session: not for this one
    sim.faults.competingSession(false);
    sim.market.setPrice('AAPL', 222.22);
    await waitFor(() => lasts.includes(222.22), 'data again on the same line');
    expect(lasts).not.toContain(111.11);
  });

  it('keeps a client id busy after its connection vanished (326 on reconnect) until TWS gives it up', async () => {
    const { clock, sim, port } = await start('2026-03-11T11:00:00-04:00');
    await simulator.connect(5);
    sim.faults.dropAllConnections({ holdClientIdsForMs: 30 * SECOND });

    const ib = new IBApi({ host: '127.0.0.1', port, clientId: 5 });
    const codes: number[] = [];
    // stoqey reports a 326 (id -1) as 'info' rather than 'error'; either way the client hears it.
    ib.on(EventName.error, (_e: Error, code: number) => codes.push(code));
    ib.on(EventName.info, (_m: string, code: number) => codes.push(code));
    ib.connect();
    await waitFor(() => codes.includes(326), '326');
    ib.disconnect();
    await simulator.connect(6); // another id is fine meanwhile

    clock.advance(31 * SECOND);
    await simulator.connect(5);
  });
});

/**
 * The TWS session's day, end to end: the simulator plays TWS's day on a still clock the test advances (daily
 * restart, Sunday's login, a client id held after a vanished connection, a competing session, IBKR's servers lost
 * and restored, farms), and the gateway, reading the same clock, names each phase, recovers what it can and refuses
 * placements while TWS is away with a sentence that says why and until when.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionPhase, SessionPhaseName } from '../../../src/common/contract.js';
import type { GatewayService } from '../../../src/core/gateway/index.js';
import type { SessionOptions } from '../../../src/core/gateway/types.js';
import { SimulatedClock, type AutoRestartOptions, type TwsSimulator } from '../../../src/simulator/index.js';
import { makeGateway, record, startSim, waitFor } from './helpers.js';

const MINUTE = 60_000;

describe('gateway: the TWS session day', () => {
  const gateways: GatewayService[] = [];
  let sim: TwsSimulator | undefined;

  afterEach(async () => {
    for (const g of gateways.splice(0)) await g.disconnect();
    await sim?.stop();
    sim = undefined;
  });

  async function setup(start: string, opts: { autoRestart?: AutoRestartOptions; session?: SessionOptions; clientId?: number } = {}) {
    const clock = new SimulatedClock({ start, speed: 0 });
    const started = await startSim({ clock, ...(opts.autoRestart ? { autoRestart: opts.autoRestart } : {}) });
    sim = started.sim;
    const gw = makeGateway(started.port, { clock, session: opts.session ?? {} }, opts.clientId ?? 1);
    gateways.push(gw);
    const phases = record(gw, 'sessionPhase');
    await gw.connect();
    return { clock, sim: started.sim, port: started.port, gw, phases };
  }

  const phaseIs = (gw: GatewayService, name: SessionPhaseName) => (): SessionPhase | false => {
    const p = gw.getStatus().session;
    return p.phase === name && p;
  };

  it('a daily restart is shown as one, with the time TWS is back; orders are refused meanwhile, lines and orders come back', async () => {
    const { clock, sim, gw, phases } = await setup('2026-03-11T23:44:00-04:00', {
      autoRestart: { at: '23:45', downtimeMs: 3 * MINUTE },
      session: { dailyRestart: '23:45', timeZone: 'America/New_York', restartMinutes: 5 },
    });
    expect(gw.getStatus().session).toMatchObject({ phase: 'connected', nextRestartAt: '2026-03-12T03:45:00.000Z' });
    const lease = await gw.acquireMarketData({ symbol: 'BTC', secType: 'CRYPTO', exchange: 'PAXOS' });
    const resting = await gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT', price: 1, timeInForce: 'GTC' });

    clock.advance(MINUTE); // 23:45: TWS restarts
    const restarting = await waitFor(phaseIs(gw, 'tws-restarting'), 'tws-restarting');
    expect(restarting).toMatchObject({ needsAttention: false, expectedBackAt: '2026-03-12T03:50:00.000Z' });
    expect(restarting.message).toBe('TWS is restarting (its daily restart at 23:45 America/New_York); expected back by 23:50 America/New_York.');
    await expect(gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT', timeInForce: 'DAY' })).rejects.toMatchObject({
      code: 'not_connected',
      message: expect.stringContaining('TWS is restarting (its daily restart at 23:45 America/New_York); expected back by 23:50'),
    });

    clock.advance(3 * MINUTE); // TWS answers again
    await waitFor(phaseIs(gw, 'connected'), 'connected again');
    const ticked = lease.quote().updatedAt;
    sim.market.setPrice('BTC', 95_000);
    await waitFor(() => lease.quote().last === 95_000 && lease.quote().updatedAt !== ticked, 'the BTC line ticking again');
    // The resting order is still open, in the state TWS keeps it (a stock order at night waits for the open).
    await waitFor(() => gw.getOrders().find((o) => o.orderId === resting.orderId)?.status === 'PreSubmitted', 'the resting order known again');
    expect(sim.broker.openOrders().map((o) => o.orderId)).toContain(resting.orderId);
    // A normal daily restart never needs the trader.
    expect(phases.map((p) => p.phase)).toContain('tws-restarting');
    expect(phases.some((p) => p.needsAttention)).toBe(false);
    lease.release();
  });

  it("Sunday's restart waits for the weekly login: needs attention until someone logs in, then reconnects by itself", async () => {
    const { clock, sim, gw } = await setup('2026-03-15T23:44:00-04:00', {
      autoRestart: { at: '23:45', downtimeMs: MINUTE },
      session: { dailyRestart: '23:45', timeZone: 'America/New_York', restartMinutes: 5, weeklyLoginDay: 0 },
    });
    clock.advance(MINUTE);
    const login = await waitFor(phaseIs(gw, 'tws-login-required'), 'tws-login-required');
    expect(login).toMatchObject({ needsAttention: true });
    expect(login.message).toContain('TWS needs its weekly login');
    expect(login.action).toContain('Log in to TWS');
    clock.advance(2 * MINUTE);
    await sim.faults.login();
    await waitFor(phaseIs(gw, 'connected'), 'connected after the login');
  });

  it('a daily restart that does not come back by its time is reported as probably waiting for a login', async () => {
    const { clock, gw } = await setup('2026-03-11T23:44:00-04:00', {
      autoRestart: { at: '23:45', downtimeMs: 30 * MINUTE, weeklyLoginDay: null },
      session: { dailyRestart: '23:45', timeZone: 'America/New_York', restartMinutes: 5 },
    });
    clock.advance(MINUTE);
    await waitFor(phaseIs(gw, 'tws-restarting'), 'tws-restarting');
    clock.advance(6 * MINUTE); // 23:51: overdue
    const overdue = await waitFor(phaseIs(gw, 'tws-login-required'), 'overdue');
    expect(overdue.needsAttention).toBe(true);
    expect(overdue.message).toContain('did not come back from its daily restart at 23:45 America/New_York by 23:50 America/New_York');
  });

  it('a client id TWS still holds (326) is worked around with the next id of the range, and given back when TWS frees it', async () => {
    const { clock, sim, gw } = await setup('2026-03-11T11:00:00-04:00', { session: { clientIdRange: 3, clientIdProbeMs: 1_000 } });
    expect(gw.getStatus().session.clientId).toEqual({ configured: 1, inUse: 1 });
    // The connection vanishes without TWS noticing: it keeps client id 1 for two (simulated) minutes.
    sim.faults.dropAllConnections({ holdClientIdsForMs: 2 * MINUTE });
    const fallback = await waitFor(() => {
      const p = gw.getStatus().session;
      return p.phase === 'connected' && p.clientId.inUse === 2 && p;
    }, 'connected with client id 2');
    expect(fallback.message).toBe('Connected to TWS at 127.0.0.1:' + sim.port + ' with client id 2, because TWS still holds 1; the proxy goes back to 1 once TWS frees it.');
    clock.advance(3 * MINUTE); // TWS gives client id 1 up
    await waitFor(() => gw.getStatus().session.clientId.inUse === 1, 'back on client id 1');
  });

  it('every id of the range busy: client-id-busy, needing attention', async () => {
    const { sim, port } = await setup('2026-03-11T11:00:00-04:00', { clientId: 7 });
    // A second proxy wants id 7 too, with a range of one: nothing to fall back to.
    const second = makeGateway(port, { clock: sim.clock, session: { clientIdRange: 1 } }, 7);
    gateways.push(second);
    void second.connect().catch(() => undefined);
    const busy = await waitFor(phaseIs(second, 'client-id-busy'), 'client-id-busy');
    expect(busy.needsAttention).toBe(true);
    expect(busy.message).toContain('every client id the proxy may use (7) is already in use (326)');
  });

  it('a competing live session is said plainly and clears when data flows again', async () => {
    const { sim, gw } = await setup('2026-03-11T11:00:00-04:00');
    const lease = await gw.acquireMarketData({ symbol: 'AAPL' });
    sim.faults.competingSession(true);
    const competing = await waitFor(phaseIs(gw, 'competing-session'), 'competing-session');
    expect(competing).toMatchObject({ needsAttention: true });
    expect(competing.message).toContain('the same IBKR username is logged in to another live session (10197)');
    sim.faults.competingSession(false);
    sim.market.setPrice('AAPL', 201.5);
    await waitFor(phaseIs(gw, 'connected'), 'connected again');
    lease.release();
  });

  it("IBKR's servers lost (1100), restored with data lost (1101) or kept (1102), and the data farms, are in the phase", async () => {
    const { sim, gw } = await setup('2026-03-11T11:00:00-04:00');
    sim.faults.connectivityLost();
    const lost = await waitFor(phaseIs(gw, 'ib-servers-unreachable'), '1100');
    expect(lost.connectivity).toBe('lost');
    sim.faults.connectivityRestored(true);
    await waitFor(() => gw.getStatus().session.connectivity === 'restored-data-lost' && gw.getStatus().session.phase === 'connected', '1101');
    sim.faults.connectivityRestored(false);
    await waitFor(() => gw.getStatus().session.connectivity === 'restored-data-kept', '1102');
    sim.faults.farmStatus('usfarm', false);
    await waitFor(() => gw.getStatus().session.farms.marketData === 'broken', 'market data farm broken');
    sim.faults.farmStatus('usfarm', true);
    await waitFor(() => gw.getStatus().session.farms.marketData === 'ok', 'market data farm ok');
    expect(gw.getStatus().session.farms.historical).toBe('ok'); // from the post-connect burst
  });
});

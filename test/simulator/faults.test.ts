import { describe, expect, it } from 'vitest';
import { EventName, IBApi, OrderAction, OrderType, type Contract } from '@stoqey/ib';
import { useSimulator, waitFor } from './helpers.js';
import { RawClient } from './raw-client.js';

const AAPL: Contract = { symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };

describe('simulator: fault injection', () => {
  const simulator = useSimulator({ ticksPerSecond: 50, backgroundTicksPerSecond: 0 });

  async function setup(clientId = 1) {
    const client = await simulator.connect(clientId);
    return { client, sim: simulator.sim };
  }

  function watchDisconnect(ib: IBApi): () => boolean {
    let gone = false;
    ib.on(EventName.disconnected, () => (gone = true));
    return () => gone;
  }

  it('dropAllConnections disconnects every client; the broker keeps their orders', async () => {
    const { client, sim } = await setup();
    const gone = watchDisconnect(client.ib);
    client.ib.placeOrder(client.nextValidId, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, transmit: true });
    await waitFor(() => sim.broker.executions().length === 1, 'the fill');
    sim.faults.dropAllConnections();
    await waitFor(gone, 'the disconnect');
    expect(sim.connectedClients()).toEqual([]);
    expect(sim.broker.orders()).toHaveLength(1);
  });

  it('restart: the port is closed while down, then accepts clients again on the same port with state intact', async () => {
    const { client, sim } = await setup(4);
    const port = sim.port;
    const gone = watchDisconnect(client.ib);
    client.ib.placeOrder(client.nextValidId, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 2, transmit: true });
    await waitFor(() => sim.broker.positions().length === 1, 'the position');
    const restarting = sim.faults.restart(300);
    await waitFor(gone, 'the disconnect');
    await expect(RawClient.open(port)).rejects.toThrow();
    await restarting;
    expect(sim.port).toBe(port);
    const again = await simulator.connect(4);
    expect(again.nextValidId).toBeGreaterThan(client.nextValidId);
    expect(sim.broker.positions()[0]?.position).toBe(2);
  });

  it('half-open: the socket stays connected but nothing is answered; thawing answers what was sent meanwhile, then new requests', async () => {
    const { client, sim } = await setup();
    const times: number[] = [];
    client.ib.on(EventName.currentTime, (t: number) => times.push(t));
    sim.faults.setHalfOpen(true);
    client.ib.reqCurrentTime();
    await new Promise((r) => setTimeout(r, 100));
    expect(times).toEqual([]);
    expect(client.ib.isConnected).toBe(true);
    sim.faults.setHalfOpen(false);
    // The request sent while frozen was kept, not dropped: real TWS answers it once it is responsive again.
    await waitFor(() => times.length === 1, 'the answer to the queued request');
    client.ib.reqCurrentTime();
    await waitFor(() => times.length === 2, 'the answer to a new request');
    expect(client.decodeErrors()).toEqual([]);
  });

  it('half-open: a client connecting while TWS is frozen hangs in the handshake and completes it when TWS thaws', async () => {
    const { sim: s } = await simulator.start({ backgroundTicksPerSecond: 0 });
    s.faults.setHalfOpen(true);
    const ib = new IBApi({ host: '127.0.0.1', port: s.port, clientId: 9 });
    let nextValidId: number | undefined;
    const accounts: string[] = [];
    const errors: number[] = [];
    ib.on(EventName.nextValidId, (id: number) => (nextValidId = id));
    ib.on(EventName.managedAccounts, (list: string) => accounts.push(list));
    ib.on(EventName.error, (_e: Error, code: number) => errors.push(code));
    ib.connect();
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(nextValidId).toBeUndefined();
      expect(s.connectedClients()).toEqual([]);
      s.faults.setHalfOpen(false);
      await waitFor(() => nextValidId !== undefined, 'nextValidId after the thaw');
      expect(accounts).toEqual(['DU1234567']);
      expect(s.connectedClients()).toEqual([{ clientId: 9, serverVersion: 193 }]);
      const times: number[] = [];
      ib.on(EventName.currentTime, (t: number) => times.push(t));
      ib.reqCurrentTime();
      await waitFor(() => times.length === 1, 'currentTime');
      expect(errors.filter((c) => c === 505)).toEqual([]);
    } finally {
      ib.disconnect();
    }
  });

  it('half-open: a frozen session keeps a burst of requests and answers every one, in order, after the thaw', async () => {
    const { client, sim } = await setup(3);
    const ended: number[] = [];
    client.ib.on(EventName.contractDetailsEnd, (id: number) => ended.push(id));
    sim.faults.setHalfOpen(true);
    for (let id = 1; id <= 20; id++) client.ib.reqContractDetails(id, AAPL);
    await new Promise((r) => setTimeout(r, 100));
    expect(ended).toEqual([]);
    sim.faults.setHalfOpen(false);
    await waitFor(() => ended.length === 20, 'twenty contractDetailsEnd');
    expect(ended).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(client.errors).toEqual([]);
  });

  it('half-open then killed: an order sent into the frozen TWS is never placed, even if the simulator thaws at once', async () => {
    const { client, sim } = await setup(4);
    sim.faults.setHalfOpen(true);
    client.ib.placeOrder(client.nextValidId, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, transmit: true, orderRef: 'into-the-freeze' });
    await new Promise((r) => setTimeout(r, 100));
    sim.faults.dropAllConnections();
    sim.faults.setHalfOpen(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.broker.orders().filter((o) => o.orderRef === 'into-the-freeze')).toEqual([]);
  });

  it('1100 stops market data; 1102 resumes it; 1101 drops the lines so the client must resubscribe', async () => {
    const { client, sim } = await setup();
    let ticks = 0;
    client.ib.on(EventName.tickPrice, () => ticks++);
    client.ib.reqMktData(1, AAPL, '', false, false);
    await waitFor(() => ticks > 5, 'ticks');
    sim.faults.connectivityLost();
    await waitFor(() => client.infos.some((i) => i.code === 1100), '1100');
    const frozenAt = ticks;
    sim.market.setPrice('AAPL', 201);
    await new Promise((r) => setTimeout(r, 80));
    expect(ticks).toBe(frozenAt);
    sim.faults.connectivityRestored(false);
    await waitFor(() => client.infos.some((i) => i.code === 1102) && ticks > frozenAt, '1102 and ticks again');
    sim.faults.connectivityLost();
    sim.faults.connectivityRestored(true);
    await waitFor(() => client.infos.some((i) => i.code === 1101), '1101');
    expect(sim.marketDataLines()).toBe(0);
    client.ib.reqMktData(2, AAPL, '', false, false);
    await waitFor(() => sim.marketDataLines() === 1, 'the resubscription');
  });

  it('farm status notices and latency', async () => {
    const { client, sim } = await setup();
    sim.faults.farmStatus('usfarm', false);
    sim.faults.farmStatus('ushmds', false);
    sim.faults.farmStatus('secdefil', true);
    await waitFor(() => client.infos.length >= 6, 'farm notices');
    expect(client.infos.slice(3).map((i) => i.code)).toEqual([2103, 2105, 2158]);
    sim.faults.setLatencyMs(150);
    const times: number[] = [];
    client.ib.on(EventName.currentTime, (t: number) => times.push(t));
    const sent = Date.now();
    client.ib.reqCurrentTime();
    await waitFor(() => times.length === 1, 'the delayed answer');
    expect(Date.now() - sent).toBeGreaterThanOrEqual(140);
  });

  it('malformed frames: unknown message and extra field give stoqey 505 and it carries on', async () => {
    const { client, sim } = await setup();
    sim.faults.sendMalformedFrame('unknown-message');
    sim.faults.sendMalformedFrame('extra-field');
    await waitFor(() => client.decodeErrors().length >= 2, 'two decoder errors');
    const times: number[] = [];
    client.ib.on(EventName.currentTime, (t: number) => times.push(t));
    client.ib.reqCurrentTime();
    await waitFor(() => times.length === 1, 'normal service after the bad frames');
  });

  it("malformed frames: bad advancedOrderRejectJson reaches the client as an error frame whose JSON is invalid", async () => {
    const { sim, port } = await simulator.start();
    const { client } = await RawClient.started(port, 'v100..193', 1);
    simulator.track(client);
    sim.faults.sendMalformedFrame('bad-json-reject');
    await waitFor(() => client.messages(4).some((f) => f[3] === '201'), 'the bad frame');
    const frame = client.messages(4).find((f) => f[3] === '201') as string[];
    expect(() => JSON.parse(frame[5] as string)).toThrow();
  });

  it('stop() during a restart\'s downtime leaves the port closed for good', async () => {
    const { sim } = await setup();
    const port = sim.port;
    const restarting = sim.faults.restart(100);
    await sim.stop();
    await restarting;
    await expect(RawClient.open(port)).rejects.toThrow();
  });
});

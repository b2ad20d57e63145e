import { describe, expect, it } from 'vitest';
import { EventName } from '@stoqey/ib';
import { useSimulator, waitFor } from './helpers.js';

describe('simulator: connection and system requests (real @stoqey/ib)', () => {
  const simulator = useSimulator();

  it('negotiates 193, sends the post-connect burst and answers reqCurrentTime, reqIds, reqManagedAccts', async () => {
    const { sim } = await simulator.start({ accounts: ['DU111', 'DU222'] });
    const accounts: string[] = [];
    const client = await simulator.connect(7);
    expect(client.ib.serverVersion).toBe(193);
    expect(client.nextValidId).toBeGreaterThan(0);
    await waitFor(() => client.infos.length >= 3, 'farm notices');
    expect(client.infos.map((i) => i.code)).toEqual([2104, 2106, 2158]);

    const times: number[] = [];
    client.ib.on(EventName.currentTime, (t: number) => times.push(t));
    client.ib.on(EventName.managedAccounts, (a: string) => accounts.push(a));
    const ids: number[] = [];
    client.ib.on(EventName.nextValidId, (id: number) => ids.push(id));
    client.ib.reqCurrentTime();
    client.ib.reqIds(5);
    client.ib.reqManagedAccts();
    await waitFor(() => times.length && ids.length && accounts.length, 'replies');
    // TWS's current time is the simulated clock's (a weekday trading instant in tests), not the machine's.
    expect(Math.abs((times[0] as number) - sim.clock.now() / 1000)).toBeLessThan(5);
    expect(ids[0]).toBe(client.nextValidId);
    expect(accounts[0]).toBe('DU111,DU222');
    expect(sim.connectedClients()).toEqual([{ clientId: 7, serverVersion: 193 }]);
    expect(client.decodeErrors()).toEqual([]);
    expect(client.errors).toEqual([]);
  });

  it('refuses a duplicate client id with 326 and closes that socket, keeping the first client', async () => {
    const { sim, port } = await simulator.start();
    await simulator.connect(3);
    const { IBApi } = await import('@stoqey/ib');
    const second = new IBApi({ host: '127.0.0.1', port, clientId: 3 });
    const infos: number[] = [];
    let disconnected = false;
    second.on(EventName.info, (_m: string, code: number) => infos.push(code));
    second.on(EventName.disconnected, () => {
      disconnected = true;
    });
    second.connect();
    await waitFor(() => disconnected, 'the duplicate to be disconnected');
    expect(infos).toContain(326);
    expect(sim.connectedClients().map((c) => c.clientId)).toEqual([3]);
    second.disconnect();
  });
});

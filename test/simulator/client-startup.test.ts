/**
 * Independent clients get through their start-up unchanged: the exact requests ib_async 2.0 sends in connect(),
 * qualifyContracts() and reqTickers() (it offers server versions 157..178 and formats fields its own way: strike
 * "0.0", booleans "0"/"1"), and what IBKR's Java ApiDemo sends once connected. Each must get its answer and end
 * marker, none a 320, and everything must decode in @stoqey/ib's decoder at the negotiated version.
 */
import { describe, expect, it } from 'vitest';
import { useSimulator, waitFor } from './helpers.js';
import { RawClient } from './raw-client.js';
import { decodeFrames } from './stoqey-decoder.js';

const ACCOUNT = 'DU1234567';
/** ib_async's Contract fields in its wire order, for Stock('AAPL', 'SMART', 'USD') before and after qualifying. */
const AAPL_UNQUALIFIED = [0, 'AAPL', 'STK', '', '0.0', '', '', 'SMART', '', 'USD', '', ''];
const AAPL_QUALIFIED = [265598, 'AAPL', 'STK', '', '0.0', '', '', 'SMART', 'NASDAQ', 'USD', 'AAPL', 'NMS'];

describe('simulator: start-up of independent TWS clients', () => {
  const simulator = useSimulator();

  function errorCodes(client: RawClient): string[] {
    return client.messages(4).map((f) => f[3] ?? '');
  }

  it("ib_async's connect(), qualifyContracts() and reqTickers() each get their answers, and nothing a 320", async () => {
    const { port } = await simulator.start({ backgroundTicksPerSecond: 0 });
    const { client, version } = await RawClient.started(port, 'v157..178', 0);
    simulator.track(client);
    expect(version).toBe(178);
    // connect(): clientId 0 binds manual orders, then positions, open orders, completed orders, account updates and
    // account updates multi for each account run concurrently; executions follow once they are all in.
    client.send([15, 1, '1']);
    client.send([61, 1]);
    client.send([5, 1]);
    client.send([99, '0']);
    client.send([6, 2, '1', ACCOUNT]);
    client.send([76, 1, 1, ACCOUNT, '', '0']);
    await waitFor(
      () => client.messages(62).length === 1 && client.messages(53).length === 1 && client.messages(102).length === 1 &&
        client.messages(54).length === 1 && client.messages(74).length === 1,
      'positionEnd, openOrderEnd, completedOrdersEnd, accountDownloadEnd and accountUpdateMultiEnd',
    );
    client.send([7, 3, 2, 0, '', '', '', '', '', '']);
    await waitFor(() => client.messages(55).length === 1, 'execDetailsEnd');
    expect(client.messages(74)[0]).toEqual(['74', '1', '1']);
    const multi = client.messages(73);
    expect(multi.length).toBeGreaterThan(10);
    expect(multi.find((f) => f[5] === 'NetLiquidation')).toEqual(['73', '1', '1', ACCOUNT, '', 'NetLiquidation', '1000000.00', 'USD']);

    // qualifyContracts(Stock('AAPL', 'SMART', 'USD')), then reqTickers() on the qualified contract (a snapshot).
    // includeExpired, secIdType, secId, then issuerId (sent from server version 176).
    client.send([9, 8, 3, ...AAPL_UNQUALIFIED, '0', '', '', '']);
    await waitFor(() => client.messages(52).length === 1, 'contractDataEnd');
    expect(client.messages(10)[0]?.slice(1, 3)).toEqual(['3', 'AAPL']);
    client.send([1, 11, 4, ...AAPL_QUALIFIED, '0', '', '1', '0', '']);
    await waitFor(() => client.messages(57).length === 1, 'tickSnapshotEnd');
    // The option chain and market rule look-ups that follow in ib_async's option and order recipes.
    client.send([78, 5, 'SPY', '', 'STK', 756733]);
    client.send([91, 26]);
    await waitFor(() => client.messages(76).length === 1 && client.messages(93).length === 1, 'the chain and the market rule');
    expect(client.messages(75).length).toBeGreaterThan(1);
    expect(client.messages(93)[0]).toEqual(['93', '26', '1', '0', '0.01']);

    expect(errorCodes(client)).not.toContain('320');
    expect(errorCodes(client)).not.toContain('321');
    expect(decodeFrames(version, client.frames.slice(1)).errors).toEqual([]);
  });

  it("IBKR's ApiDemo asks for the time and subscribes to news bulletins once connected: no 320", async () => {
    const { port } = await simulator.start({ backgroundTicksPerSecond: 0 });
    const { client } = await RawClient.started(port, 'v100..193 +PACEAPI', 7);
    simulator.track(client);
    client.send([49, 1]);
    client.send([12, 1, 1]);
    client.send([17, 1]);
    await waitFor(() => client.messages(15).length === 2, 'managedAccounts');
    expect(client.messages(49)).toHaveLength(1);
    expect(errorCodes(client)).toEqual(['2104', '2106', '2158']);
  });
});

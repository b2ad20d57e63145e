/**
 * The gateway never sends a field containing a NUL to TWS, whoever calls it (issue 12, finding 1, second half):
 * the schemas of the API are not the only line. Against the simulator over a real socket:
 *  - GatewayService methods that take text straight from their caller (search, contract qualifiers) refuse it with
 *    invalid_request, the session stays up, and the next request works;
 *  - the guarded IBApi refuses a NUL in any argument, nested ones included, before anything is queued;
 *  - the wire-side backstop drops an encoded message with a NUL even when the encoder is called directly.
 */
import { EventName, IBApi, OrderAction, OrderType, SecType, TimeInForce } from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { isGatewayError } from '../../../src/core/gateway/errors.js';
import { findNul, guardOutbound } from '../../../src/core/gateway/outboundGuard.js';
import type { TwsSimulator } from '../../../src/simulator/index.js';
import { makeGateway, startSim, waitFor } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sim(): Promise<{ sim: TwsSimulator; port: number }> {
  const s = await startSim();
  cleanups.push(() => s.sim.stop());
  return s;
}

describe('outbound NUL guard', () => {
  it('findNul names the first offending field, nested ones too', () => {
    expect(findNul(['a', 1, { symbol: 'X', legs: [{ exchange: 'SM\u0000ART' }] }])).toBe('2.legs.0.exchange');
    expect(findNul(['plain', { orderRef: 'tab\tis not NUL' }])).toBeNull();
  });

  it('GatewayService: a NUL from any caller is refused with invalid_request; the session stays up', async () => {
    const { port } = await sim();
    const gw = makeGateway(port);
    cleanups.push(() => gw.disconnect());
    await gw.connect();
    const search = gw.searchContracts('AA\u0000PL').then(
      () => null,
      (e: unknown) => e,
    );
    const error = await search;
    expect(isGatewayError(error, 'invalid_request')).toBe(true);
    expect((error as Error).message).toMatch(/reqMatchingSymbols.*NUL/);
    // Contract qualifiers reach TWS in reqContractDetails: refused the same way, not a timeout.
    await expect(gw.getHistoricalBars({ symbol: 'AAPL', exchange: 'SM\u0000ART' }, { duration: '1 D', barSize: '1 hour' })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(gw.getStatus().status).toBe('connected');
    expect((await gw.searchContracts('AAPL')).some((c) => c.symbol === 'AAPL')).toBe(true);
  });

  it('a guarded IBApi refuses a NUL in a nested argument; the wire backstop drops an encoded one', async () => {
    const { sim: s, port } = await sim();
    const refused: string[] = [];
    const { api, installed } = guardOutbound(new IBApi({ host: '127.0.0.1', port }), { onRefused: (w) => refused.push(w) });
    expect(installed.wire).toBe(true);
    let nextId = 0;
    api.on(EventName.nextValidId, (id: number) => (nextId = id));
    const opened: number[] = [];
    api.on(EventName.openOrder, (id: number) => opened.push(id));
    api.connect(5);
    cleanups.push(() => void api.disconnect());
    await waitFor(() => nextId > 0, 'nextValidId');

    const contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
    const order = { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1, lmtPrice: 1, tif: TimeInForce.DAY, transmit: true };
    expect(() => api.placeOrder(nextId, contract, { ...order, orderRef: 'inj\u00000' })).toThrow(/placeOrder.*argument 3 field orderRef.*NUL/);
    expect(refused).toEqual(['placeOrder (argument 3 field orderRef)']);

    // Past the public methods: the encoder itself, as the library would call it.
    const encoder = (api as unknown as { controller: { encoder: { placeOrder(...a: unknown[]): void } } }).controller.encoder;
    encoder.placeOrder(nextId, { ...contract, exchange: 'SM\u0000ART' }, order);
    expect(refused[1]).toMatch(/^encoded message 3 /);

    // A clean order after both refusals is the first (and only) one the broker sees, exactly as sent.
    api.placeOrder(nextId, contract, { ...order, orderRef: 'clean' });
    await waitFor(() => opened.includes(nextId), 'openOrder of the clean order');
    const atBroker = s.broker.orders();
    expect(atBroker).toHaveLength(1);
    expect(atBroker[0]).toMatchObject({ orderId: nextId, orderRef: 'clean', parentId: 0, totalQuantity: 1 });
    expect(atBroker[0]!.contract.symbol).toBe('AAPL');
  });
});

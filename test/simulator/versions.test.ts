/** The real client against a simulator that offers an older maximum: stoqey's own encoder then speaks that
 * version's request layouts and its decoder expects that version's responses. */
import { describe, expect, it } from 'vitest';
import { EventName, OrderAction, OrderType, type Contract, type ContractDetails, type Order } from '@stoqey/ib';
import { useSimulator, waitFor } from './helpers.js';

const AAPL: Contract = { symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };

describe('simulator: @stoqey/ib at older negotiated server versions', () => {
  const simulator = useSimulator();

  for (const version of [157, 166, 173, 176, 178, 187, 190]) {
    it(`server version ${version}: order round trip, executions, contract details, cancel`, async () => {
      const { sim } = await simulator.start({ serverVersion: version, minServerVersion: 157, backgroundTicksPerSecond: 0 });
      const c = await simulator.connect(1);
      expect(c.ib.serverVersion).toBe(version);
      const statuses: string[] = [];
      const refs: string[] = [];
      let execEnd = false;
      let detailsEnd = false;
      const details: ContractDetails[] = [];
      c.ib.on(EventName.orderStatus, (_id: number, status: string) => statuses.push(status));
      c.ib.on(EventName.openOrder, (_id: number, _c: Contract, order: Order) => refs.push(order.orderRef ?? ''));
      c.ib.on(EventName.execDetailsEnd, () => (execEnd = true));
      c.ib.on(EventName.contractDetails, (_id: number, d: ContractDetails) => details.push(d));
      c.ib.on(EventName.contractDetailsEnd, () => (detailsEnd = true));
      c.ib.placeOrder(c.nextValidId, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 5, orderRef: `v${version}`, transmit: true });
      const q = sim.market.quote('AAPL') as { bid: number };
      c.ib.placeOrder(c.nextValidId + 1, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: Math.round(q.bid * 0.5), totalQuantity: 5, transmit: true });
      await waitFor(() => statuses.includes('Filled') && statuses.includes('Submitted'), 'fill and rest');
      c.ib.cancelOrder(c.nextValidId + 1);
      c.ib.reqExecutions(3, {});
      c.ib.reqContractDetails(4, AAPL);
      c.ib.reqCompletedOrders(false);
      await waitFor(() => execEnd && detailsEnd && statuses.includes('Cancelled'), 'replies');
      expect(refs).toContain(`v${version}`);
      expect(details[0]?.contract.conId).toBe(265598);
      expect(c.decodeErrors()).toEqual([]);
      expect(c.errors.map((e) => e.code)).toEqual([202]);
    });
  }
});

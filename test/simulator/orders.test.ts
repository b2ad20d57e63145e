import { describe, expect, it } from 'vitest';
import { EventName, OrderAction, OrderType, type Contract, type Execution, type Order, type OrderState, type CommissionReport } from '@stoqey/ib';
import { useSimulator, waitFor, type ConnectedClient } from './helpers.js';

const AAPL: Contract = { symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };

interface Recorder {
  statuses: { orderId: number; status: string; filled: number; remaining: number; avgFillPrice: number }[];
  openOrders: { orderId: number; order: Order; state: OrderState }[];
  executions: { reqId: number; exec: Execution }[];
  commissions: CommissionReport[];
  openOrderEnds: number;
}

function record(c: ConnectedClient): Recorder {
  const r: Recorder = { statuses: [], openOrders: [], executions: [], commissions: [], openOrderEnds: 0 };
  c.ib.on(EventName.orderStatus, (orderId: number, status: string, filled: number, remaining: number, avgFillPrice: number) =>
    r.statuses.push({ orderId, status, filled, remaining, avgFillPrice }),
  );
  c.ib.on(EventName.openOrder, (orderId: number, _c: Contract, order: Order, state: OrderState) => r.openOrders.push({ orderId, order, state }));
  c.ib.on(EventName.execDetails, (reqId: number, _c: Contract, exec: Execution) => r.executions.push({ reqId, exec }));
  c.ib.on(EventName.commissionReport, (report: CommissionReport) => r.commissions.push(report));
  c.ib.on(EventName.openOrderEnd, () => r.openOrderEnds++);
  return r;
}

const lastStatus = (r: Recorder, orderId: number) => r.statuses.filter((s) => s.orderId === orderId).at(-1);

describe('simulator: orders and executions over a real @stoqey/ib connection', () => {
  const simulator = useSimulator({ backgroundTicksPerSecond: 0 });

  async function setup(clientId = 1) {
    const client = await simulator.connect(clientId);
    return { client, rec: record(client), sim: simulator.sim };
  }

  it('a market order fills at the touch: openOrder, orderStatus Filled, execDetails with the orderRef, commissionReport, position', async () => {
    const { client, rec, sim } = await setup();
    const ask = sim.market.quote('AAPL')?.ask as number;
    const id = client.nextValidId;
    client.ib.placeOrder(id, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 100, orderRef: 'idem-42', transmit: true });
    await waitFor(() => lastStatus(rec, id)?.status === 'Filled' && rec.commissions.length > 0, 'the fill');
    const filled = lastStatus(rec, id);
    expect(filled).toMatchObject({ filled: 100, remaining: 0 });
    expect(filled?.avgFillPrice).toBeCloseTo(ask, 2);
    expect(rec.openOrders.some((o) => o.orderId === id && o.order.orderRef === 'idem-42')).toBe(true);
    const exec = rec.executions[0];
    expect(exec?.reqId).toBe(-1);
    expect(exec?.exec).toMatchObject({ orderId: id, side: 'BOT', shares: 100, orderRef: 'idem-42' });
    expect(rec.commissions[0]?.execId).toBe(exec?.exec.execId);
    expect(rec.commissions[0]?.commission).toBeGreaterThan(0);
    expect(sim.broker.positions()[0]).toMatchObject({ position: 100 });
    const cash = sim.broker.accountNumber('DU1234567', 'TotalCashValue');
    expect(cash).toBeCloseTo(1_000_000 - 100 * ask - (rec.commissions[0]?.commission as number), 0);
    expect(client.decodeErrors()).toEqual([]);
  });

  it('a limit order rests, is modified by re-sending its id, fills when marketable; cancel gives 202, 10148, 10147', async () => {
    const { client, rec, sim } = await setup();
    const q = sim.market.quote('MSFT') as { bid: number; ask: number };
    const msft = { ...AAPL, symbol: 'MSFT' };
    const id = client.nextValidId;
    const order: Order = { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: Math.round(q.bid * 0.9), totalQuantity: 10, transmit: true, tif: 'GTC' };
    client.ib.placeOrder(id, msft, order);
    await waitFor(() => lastStatus(rec, id)?.status === 'Submitted', 'Submitted');
    client.ib.placeOrder(id, msft, { ...order, lmtPrice: Math.ceil(q.ask * 1.05) });
    await waitFor(() => lastStatus(rec, id)?.status === 'Filled', 'the modified order to fill');

    const id2 = id + 1;
    client.ib.placeOrder(id2, msft, { ...order, lmtPrice: Math.round(q.bid * 0.8) });
    await waitFor(() => lastStatus(rec, id2)?.status === 'Submitted', 'second order Submitted');
    client.ib.cancelOrder(id2);
    await waitFor(() => lastStatus(rec, id2)?.status === 'Cancelled' && client.errors.some((e) => e.code === 202), 'cancel');
    client.ib.cancelOrder(id2);
    client.ib.cancelOrder(9999);
    await waitFor(() => client.errors.some((e) => e.code === 10147), '10147');
    expect(client.errors.map((e) => [e.reqId, e.code])).toEqual([
      [id2, 202],
      [id2, 10148],
      [9999, 10147],
    ]);
    expect(client.decodeErrors()).toEqual([]);
  });

  it('rejects invalid orders the way TWS does: 201 (no limit price, unknown account), 434 (size 0), 200 (unknown contract)', async () => {
    const { client } = await setup();
    const id = client.nextValidId;
    client.ib.placeOrder(id, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 10, transmit: true });
    client.ib.placeOrder(id + 1, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 0, transmit: true });
    client.ib.placeOrder(id + 2, { ...AAPL, symbol: 'NOPE' }, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, transmit: true });
    client.ib.placeOrder(id + 3, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, account: 'XX999', transmit: true });
    await waitFor(() => client.errors.length >= 4, 'four rejections');
    expect(client.errors.map((e) => [e.reqId, e.code])).toEqual([
      [id, 201],
      [id + 1, 434],
      [id + 2, 200],
      [id + 3, 201],
    ]);
    expect(client.errors[0]?.message).toMatch(/^Order rejected - reason:/);
    expect(client.decodeErrors()).toEqual([]);
  });

  it('open orders, all open orders, completed orders and executions are listed with their end markers', async () => {
    const a = await setup(1);
    const b = await setup(2);
    const sim = a.sim;
    const q = sim.market.quote('AAPL') as { bid: number };
    a.client.ib.placeOrder(a.client.nextValidId, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: Math.round(q.bid * 0.5), totalQuantity: 5, transmit: true });
    b.client.ib.placeOrder(b.client.nextValidId, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 7, orderRef: 'b-fill', transmit: true });
    await waitFor(() => lastStatus(a.rec, a.client.nextValidId)?.status === 'Submitted' && lastStatus(b.rec, b.client.nextValidId)?.status === 'Filled', 'both orders');

    a.rec.openOrders.length = 0;
    a.client.ib.reqOpenOrders();
    await waitFor(() => a.rec.openOrderEnds === 1, 'openOrderEnd');
    expect(a.rec.openOrders.map((o) => o.orderId)).toEqual([a.client.nextValidId]);

    b.rec.openOrders.length = 0;
    b.client.ib.reqAllOpenOrders();
    await waitFor(() => b.rec.openOrderEnds === 1, 'openOrderEnd (all)');
    expect(b.rec.openOrders.map((o) => o.order.clientId)).toEqual([1]);

    const completed: { order: Order; state: OrderState }[] = [];
    let completedEnd = false;
    a.client.ib.on(EventName.completedOrder, (_c: Contract, order: Order, state: OrderState) => completed.push({ order, state }));
    a.client.ib.on(EventName.completedOrdersEnd, () => (completedEnd = true));
    a.client.ib.reqCompletedOrders(false);
    await waitFor(() => completedEnd, 'completedOrdersEnd');
    expect(completed.map((c) => c.order.orderRef)).toEqual(['b-fill']);
    expect(completed[0]?.state.status).toBe('Filled');

    let execEnd = -1;
    a.client.ib.on(EventName.execDetailsEnd, (reqId: number) => (execEnd = reqId));
    a.client.ib.reqExecutions(77, {});
    await waitFor(() => execEnd === 77, 'execDetailsEnd');
    const listed = a.rec.executions.filter((e) => e.reqId === 77);
    expect(listed.map((e) => e.exec.orderRef)).toEqual(['b-fill']);
    expect(a.client.decodeErrors()).toEqual([]);
    expect(b.client.decodeErrors()).toEqual([]);
  });

  it('a fill while the client is away reaches it only through reqExecutions / reqCompletedOrders after reconnecting; ids persist', async () => {
    const first = await setup(5);
    const sim = first.sim;
    const q = sim.market.quote('AAPL') as { bid: number; ask: number };
    const id = first.client.nextValidId;
    const limit = Math.round(q.bid * 0.95);
    first.client.ib.placeOrder(id, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: limit, totalQuantity: 3, orderRef: 'away', transmit: true, tif: 'GTC' });
    await waitFor(() => lastStatus(first.rec, id)?.status === 'Submitted', 'Submitted');
    first.client.close();
    await waitFor(() => sim.connectedClients().length === 0, 'the disconnect');
    sim.market.setPrice('AAPL', limit - 1);
    await waitFor(() => sim.broker.executions().length === 1, 'the fill while away');

    const again = await setup(5);
    expect(again.client.nextValidId).toBeGreaterThan(id);
    await new Promise((r) => setTimeout(r, 30));
    expect(again.rec.executions).toEqual([]);
    let end = false;
    again.client.ib.on(EventName.execDetailsEnd, () => (end = true));
    again.client.ib.reqExecutions(1, {});
    await waitFor(() => end, 'execDetailsEnd');
    expect(again.rec.executions.map((e) => [e.reqId, e.exec.orderRef, e.exec.shares])).toEqual([[1, 'away', 3]]);
    expect(again.client.decodeErrors()).toEqual([]);
  });

  it('a bracket (parent + take-profit + stop, transmit on the last child) is held until transmitted, then the children work in one OCA group', async () => {
    const { client, rec, sim } = await setup();
    const q = sim.market.quote('SPY') as { bid: number; ask: number };
    const spy = { ...AAPL, symbol: 'SPY' };
    const p = client.nextValidId;
    client.ib.placeOrder(p, spy, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: Math.ceil(q.ask + 1), totalQuantity: 10, transmit: false });
    client.ib.placeOrder(p + 1, spy, { action: OrderAction.SELL, orderType: OrderType.LMT, lmtPrice: Math.ceil(q.ask * 1.2), totalQuantity: 10, parentId: p, ocaGroup: 'br1', transmit: false });
    client.ib.placeOrder(p + 2, spy, { action: OrderAction.SELL, orderType: OrderType.STP, auxPrice: Math.floor(q.bid * 0.8), totalQuantity: 10, parentId: p, ocaGroup: 'br1', transmit: true });
    await waitFor(() => lastStatus(rec, p)?.status === 'Filled', 'the parent fill');
    await waitFor(() => lastStatus(rec, p + 1)?.status === 'Submitted' || lastStatus(rec, p + 1)?.status === 'PreSubmitted', 'the take-profit working');
    sim.market.setPrice('SPY', Math.ceil(q.ask * 1.2) + 1);
    await waitFor(() => lastStatus(rec, p + 1)?.status === 'Filled' && lastStatus(rec, p + 2)?.status === 'Cancelled', 'the OCA cancel');
    expect(sim.broker.positions().find((x) => x.contract.symbol === 'SPY')?.position).toBe(0);
    expect(client.decodeErrors()).toEqual([]);
  });

  it('reqGlobalCancel cancels every working order of every client; a client-0 session bound with reqAutoOpenOrders sees other clients\' orders', async () => {
    const master = await setup(0);
    master.client.ib.reqAutoOpenOrders(true);
    const other = await setup(8);
    const sim = other.sim;
    const q = sim.market.quote('AAPL') as { bid: number };
    const low = Math.round(q.bid * 0.5);
    other.client.ib.placeOrder(other.client.nextValidId, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: low, totalQuantity: 1, transmit: true });
    master.client.ib.placeOrder(master.client.nextValidId, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: low, totalQuantity: 2, transmit: true });
    await waitFor(() => sim.broker.openOrders().length === 2, 'two working orders');
    await waitFor(() => master.rec.openOrders.some((o) => o.order.clientId === 8), 'the bound master to see client 8');
    master.client.ib.reqGlobalCancel();
    await waitFor(() => sim.broker.openOrders().length === 0, 'everything cancelled');
    await waitFor(() => lastStatus(other.rec, other.client.nextValidId)?.status === 'Cancelled', 'client 8 told');
    expect(master.client.decodeErrors()).toEqual([]);
    expect(other.client.decodeErrors()).toEqual([]);
  });
});

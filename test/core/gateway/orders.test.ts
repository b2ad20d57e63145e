/**
 * Orders through the gateway against the simulator's broker: placement and fills with values, modify, cancel,
 * brackets, global cancel, risk checks, read-only and the kill switch, idempotent retries (also across a reconnect
 * and across a new gateway process), and a fill that happens while the connection is down, reported exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TwsSimulator, TwsSimulatorOptions } from '../../../src/simulator/index.js';
import type { GatewayOptions, GatewayService } from '../../../src/core/gateway/index.js';
import { OrderSchema, ExecutionReportSchema, type Order } from '../../../src/common/contract.js';
import { makeGateway, record, startSim, waitFor } from './helpers.js';

describe('gateway orders (simulator broker, real sockets)', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  async function connected(simOptions: TwsSimulatorOptions = {}, gwOptions: Partial<GatewayOptions> = {}): Promise<{ sim: TwsSimulator; port: number; gw: GatewayService }> {
    const { sim, port } = await startSim(simOptions);
    cleanup.push(() => sim.stop());
    const gw = makeGateway(port, gwOptions);
    cleanup.push(() => gw.disconnect());
    await gw.connect();
    return { sim, port, gw };
  }
  const price = (sim: TwsSimulator, symbol: string): number => {
    const q = sim.market.quote(symbol);
    if (!q) throw new Error(`no quote for ${symbol}`);
    return q.last;
  };
  /** No two consecutive events for one order may be identical apart from the timestamp. */
  function expectNoDuplicates(events: Order[]): void {
    const strip = ({ timestamp: _t, ...rest }: Order): string => JSON.stringify(rest);
    const byOrder = new Map<number, string[]>();
    for (const e of events) {
      const list = byOrder.get(e.orderId) ?? [];
      list.push(strip(e));
      byOrder.set(e.orderId, list);
    }
    for (const list of byOrder.values()) for (let i = 1; i < list.length; i++) expect(list[i]).not.toBe(list[i - 1]);
  }

  it('places a market order and reports the fill, commission, position, account and P&L with real values', async () => {
    const { sim, gw } = await connected();
    const statuses = record(gw, 'orderStatus');
    const execs = record(gw, 'executionReport');
    const positions = record(gw, 'positionUpdate');
    const order = await gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 10, orderType: 'MKT', timeInForce: 'DAY', strategyId: 's1' });
    expect(order.orderId).toBeGreaterThan(0);
    const filled = await waitFor(() => statuses.find((o) => o.orderId === order.orderId && o.status === 'Filled'), 'Filled');
    expect(filled).toMatchObject({ symbol: 'AAPL', action: 'BUY', quantity: 10, filled: 10, remaining: 0, strategyId: 's1', account: 'DU1234567' });
    expect(filled.avgFillPrice).toBeGreaterThan(0);
    expect(OrderSchema.safeParse(filled).success).toBe(true);
    const exec = await waitFor(() => execs.find((e) => e.orderId === order.orderId), 'the execution report');
    expect(ExecutionReportSchema.safeParse(exec).success).toBe(true);
    expect(exec).toMatchObject({ symbol: 'AAPL', side: 'BOT', shares: 10, account: 'DU1234567' });
    expect(exec.commission).toBeGreaterThan(0);
    const brokerExec = sim.broker.executions().find((e) => e.execution.execId === exec.execId);
    expect(brokerExec?.execution.price).toBe(exec.price);
    await waitFor(() => gw.getOrder(order.orderId)?.commission === exec.commission, 'commission on the order');
    expectNoDuplicates(statuses);

    const pos = await waitFor(() => gw.getPositions().find((p) => p.symbol === 'AAPL' && p.position === 10 && p.marketPrice > 0), 'the position with a market price');
    expect(pos.conId).toBe(265598);
    expect(pos.averageCost).toBeGreaterThan(0);
    expect(Math.abs(pos.marketValue - pos.marketPrice * 10)).toBeLessThan(0.05 * pos.marketValue);
    expect(positions.length).toBeGreaterThan(0);
    const account = await waitFor(() => gw.getAccountSummary(), 'the account summary');
    expect(account.account).toBe('DU1234567');
    expect(account.netLiquidation).toBeGreaterThan(0);
    expect(account.buyingPower).toBeGreaterThan(0);
    await waitFor(() => gw.getPnL('DU1234567'), 'P&L');
    expect(gw.getExecutions().map((e) => e.execId)).toContain(exec.execId);
  });

  it('modifies and cancels a resting limit order; a second cancel is refused', async () => {
    const { sim, gw } = await connected();
    const statuses = record(gw, 'orderStatus');
    const limit = Math.round(price(sim, 'MSFT') * 0.8 * 100) / 100;
    const placed = await gw.placeOrder({ symbol: 'MSFT', action: 'BUY', quantity: 5, orderType: 'LMT', price: limit, timeInForce: 'GTC' });
    await waitFor(() => gw.getOrder(placed.orderId)?.status === 'Submitted', 'Submitted');
    const newLimit = Math.round(limit * 0.99 * 100) / 100;
    const modified = await gw.modifyOrder(placed.orderId, { price: newLimit, quantity: 7 });
    await waitFor(() => gw.getOrder(placed.orderId)?.price === newLimit && gw.getOrder(placed.orderId)?.quantity === 7, 'modified record');
    expect(modified.orderId).toBe(placed.orderId);
    const simOrder = sim.broker.orders().find((o) => o.orderId === placed.orderId);
    expect(simOrder).toMatchObject({ lmtPrice: newLimit, totalQuantity: 7, tif: 'GTC' });
    await gw.cancelOrder(placed.orderId);
    await waitFor(() => gw.getOrder(placed.orderId)?.status === 'Cancelled', 'Cancelled');
    await expect(gw.cancelOrder(placed.orderId)).rejects.toMatchObject({ code: 'order_rejected', httpStatus: 422 });
    await expect(gw.cancelOrder(999_999)).rejects.toMatchObject({ code: 'order_not_found', httpStatus: 404 });
    expectNoDuplicates(statuses);
  });

  it('places a bracket as parent + take-profit + stop-loss in one OCA group, and global cancel ends them', async () => {
    const { sim, gw } = await connected();
    const p = price(sim, 'NVDA');
    const entry = Math.round(p * 0.9 * 100) / 100;
    const orders = await gw.placeBracket({
      parent: { symbol: 'NVDA', action: 'BUY', quantity: 3, orderType: 'LMT', price: entry, timeInForce: 'DAY' },
      takeProfitPrice: Math.round(entry * 1.1 * 100) / 100,
      stopLossPrice: Math.round(entry * 0.95 * 100) / 100,
    });
    expect(orders).toHaveLength(3);
    const [parent, tp, sl] = orders as [Order, Order, Order];
    expect(tp.parentId).toBe(parent.orderId);
    expect(sl.parentId).toBe(parent.orderId);
    expect(tp.ocaGroup).toBeTruthy();
    expect(tp.ocaGroup).toBe(sl.ocaGroup);
    expect(tp).toMatchObject({ action: 'SELL', orderType: 'LMT' });
    expect(sl).toMatchObject({ action: 'SELL', orderType: 'STP' });
    const simOrders = sim.broker.orders().filter((o) => [parent.orderId, tp.orderId, sl.orderId].includes(o.orderId));
    expect(simOrders).toHaveLength(3);
    expect(new Set(simOrders.filter((o) => o.parentId).map((o) => o.ocaGroup)).size).toBe(1);
    await gw.cancelAllOrders();
    await waitFor(() => [parent, tp, sl].every((o) => gw.getOrder(o.orderId)?.status === 'Cancelled'), 'all cancelled');
    await expect(
      gw.placeBracket({ parent: { symbol: 'NVDA', action: 'BUY', quantity: 1, orderType: 'LMT', price: 100, timeInForce: 'DAY' }, takeProfitPrice: 90, stopLossPrice: 95 }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('enforces risk checks, read-only mode and the kill switch before anything reaches TWS', async () => {
    const { sim, gw } = await connected({}, { defaultRiskChecks: { allowedOrderTypes: ['LMT', 'MKT'] } });
    const before = sim.broker.orders().length;
    await expect(
      gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 100, orderType: 'LMT', price: 200, timeInForce: 'DAY', riskChecks: { maxOrderValue: 10_000 } }),
    ).rejects.toMatchObject({ code: 'risk_check_failed', httpStatus: 422 });
    await expect(gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'STP', auxPrice: 300, timeInForce: 'DAY' })).rejects.toMatchObject({
      code: 'risk_check_failed',
    });
    await expect(
      gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 50, orderType: 'LMT', price: 1, timeInForce: 'DAY', riskChecks: { maxPositionSize: 10 } }),
    ).rejects.toMatchObject({ code: 'risk_check_failed' });
    await expect(gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT', timeInForce: 'DAY' })).rejects.toMatchObject({ code: 'invalid_request', httpStatus: 400 });

    const blocked = record(gw, 'tradingBlocked');
    const resting = await gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT', price: 1, timeInForce: 'DAY' });
    gw.setTradingBlocked(true);
    gw.setTradingBlocked(true);
    expect(blocked).toEqual([true]);
    await expect(gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT', timeInForce: 'DAY' })).rejects.toMatchObject({ code: 'trading_blocked', httpStatus: 423 });
    await expect(gw.modifyOrder(resting.orderId, { price: 2 })).rejects.toMatchObject({ code: 'trading_blocked' });
    await gw.cancelOrder(resting.orderId); // cancelling stays possible with the kill switch on
    gw.setTradingBlocked(false);
    gw.updateOptions({ readOnly: true });
    await expect(gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT', timeInForce: 'DAY' })).rejects.toMatchObject({ code: 'read_only', httpStatus: 403 });
    expect(sim.broker.orders().length).toBe(before + 1);
  });

  it('reports a TWS rejection as order_rejected with the reason on the order', async () => {
    const { gw } = await connected();
    const statuses = record(gw, 'orderStatus');
    // An account this TWS does not manage.
    const err = await gw.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT', timeInForce: 'DAY', accountId: 'U999' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'order_rejected', httpStatus: 422 });
    const rejected = await waitFor(() => statuses.find((o) => o.status === 'Inactive'), 'the Inactive order event');
    expect(rejected.rejectReason).toBeTruthy();
    expect(gw.getOrder(rejected.orderId)?.status).toBe('Inactive');
  });

  it('a retried placement with the same idempotency key gives the same order, also concurrently, across a reconnect and from a new process', async () => {
    const { sim, port, gw } = await connected();
    const req = { symbol: 'JPM', action: 'BUY' as const, quantity: 2, orderType: 'LMT' as const, price: 1, timeInForce: 'DAY' as const, idempotencyKey: 'idem-1' };
    const [a, b] = await Promise.all([gw.placeOrder(req), gw.placeOrder(req)]);
    expect(b.orderId).toBe(a.orderId);
    const c = await gw.placeOrder(req);
    expect(c.orderId).toBe(a.orderId);
    const count = () => sim.broker.orders().filter((o) => o.orderRef === 'idem-1').length;
    expect(count()).toBe(1);

    await sim.faults.restart(100);
    await waitFor(() => gw.getStatus().status === 'reconnecting', 'outage');
    await waitFor(() => gw.getStatus().status === 'connected', 'reconnected');
    const d = await gw.placeOrder(req);
    expect(d.orderId).toBe(a.orderId);
    expect(count()).toBe(1);

    // A fresh gateway (the proxy restarted) with the same client id learns the key from TWS's open orders.
    await gw.disconnect();
    await waitFor(() => sim.connectedClients().length === 0, 'the first client gone');
    const gw2 = makeGateway(port);
    cleanup.push(() => gw2.disconnect());
    await gw2.connect();
    const e = await gw2.placeOrder(req);
    expect(e.orderId).toBe(a.orderId);
    expect(e.idempotencyKey).toBe('idem-1');
    expect(count()).toBe(1);
  });

  it('reports a fill that happened while the connection was down exactly once after reconnect', async () => {
    const { sim, gw } = await connected();
    const execs = record(gw, 'executionReport');
    const statuses = record(gw, 'orderStatus');
    const p = price(sim, 'XOM');
    const limit = Math.round(p * 0.9 * 100) / 100;
    const order = await gw.placeOrder({ symbol: 'XOM', action: 'BUY', quantity: 4, orderType: 'LMT', price: limit, timeInForce: 'GTC' });
    await waitFor(() => gw.getOrder(order.orderId)?.status === 'Submitted', 'resting');

    const restarting = sim.faults.restart(400);
    await waitFor(() => gw.getStatus().status === 'reconnecting', 'the gateway to notice the outage');
    sim.market.setPrice('XOM', Math.round(limit * 0.98 * 100) / 100); // the order fills at the broker while we are away
    await waitFor(() => sim.broker.orders().find((o) => o.orderId === order.orderId)?.status === 'Filled', 'the broker fill');
    expect(execs).toHaveLength(0);
    await restarting;
    await waitFor(() => gw.getStatus().status === 'connected', 'reconnected');
    const report = await waitFor(() => execs.find((e) => e.orderId === order.orderId), 'the reconciled fill');
    expect(report).toMatchObject({ symbol: 'XOM', side: 'BOT', shares: 4 });
    await waitFor(() => gw.getOrder(order.orderId)?.status === 'Filled', 'the order record Filled');
    expect(gw.getOrder(order.orderId)).toMatchObject({ filled: 4, remaining: 0 });

    // Another reconnect replays the same execution: it must not be reported again.
    sim.faults.dropAllConnections();
    await waitFor(() => gw.getStatus().status === 'reconnecting', 'second outage');
    await waitFor(() => gw.getStatus().status === 'connected', 'second reconnect');
    const hb = gw.getStatus().lastHeartbeat;
    await waitFor(() => gw.getStatus().lastHeartbeat !== hb, 'a heartbeat after reconciliation had time to run');
    await waitFor(() => gw.getStatus().messagesIn > 0, 'traffic');
    expect(execs.filter((e) => e.execId === report.execId)).toHaveLength(1);
    expect(statuses.filter((o) => o.orderId === order.orderId && o.status === 'Filled')).toHaveLength(1);
  });
  it('an acknowledgement lost with the socket: the placement fails with connection_lost, and the retry finds the order TWS got', async () => {
    // A heartbeat timeout longer than the stall, so the gateway does not drop the socket by itself.
    const { sim, gw } = await connected({}, { heartbeatTimeoutMs: 20_000 });
    await gw.snapshot({ symbol: 'WMT' }); // the contract is resolved and cached: placement goes straight out
    const req = { symbol: 'WMT', action: 'BUY' as const, quantity: 3, orderType: 'LMT' as const, price: 1, timeInForce: 'DAY' as const, idempotencyKey: 'lost-ack' };
    sim.faults.setLatencyMs(5000); // TWS takes the order but its answer is stuck in the pipe
    const first = gw.placeOrder(req).catch((e: unknown) => e);
    await waitFor(() => sim.broker.orders().some((o) => o.orderRef === 'lost-ack'), 'the broker to hold the order');
    sim.faults.setLatencyMs(0);
    sim.faults.dropAllConnections();
    expect(await first).toMatchObject({ code: 'connection_lost', httpStatus: 503 });
    await waitFor(() => gw.getStatus().status === 'connected', 'reconnected');
    const retried = await gw.placeOrder(req);
    expect(sim.broker.orders().filter((o) => o.orderRef === 'lost-ack')).toHaveLength(1);
    expect(retried.orderId).toBe(sim.broker.orders().find((o) => o.orderRef === 'lost-ack')?.orderId);
    expect(retried.status).toBe('Submitted');
  });

  it('an order that never reached TWS (frozen socket) is marked Inactive after reconciliation and the retry places it once', async () => {
    const { sim, gw } = await connected({}, { heartbeatIntervalMs: 100, heartbeatTimeoutMs: 500 });
    const req = { symbol: 'PG', action: 'BUY' as const, quantity: 2, orderType: 'LMT' as const, price: 1, timeInForce: 'DAY' as const, idempotencyKey: 'never-arrived' };
    await gw.snapshot({ symbol: 'PG' }); // cached contract: the placement itself goes into the frozen socket
    sim.faults.setHalfOpen(true);
    const first = gw.placeOrder(req).catch((e: unknown) => e);
    expect(await first).toMatchObject({ code: 'connection_lost' });
    // TWS is killed while frozen, so the bytes it never read are gone (a thawed TWS would still process them:
    // that case is the lost-acknowledgement test above).
    sim.faults.dropAllConnections();
    sim.faults.setHalfOpen(false);
    await waitFor(() => gw.getStatus().status === 'connected', 'reconnected');
    const lost = await waitFor(() => gw.getOrders().find((o) => o.idempotencyKey === 'never-arrived' && o.status === 'Inactive'), 'the lost order marked Inactive');
    expect(lost.rejectReason).toMatch(/not received by TWS/);
    const retried = await gw.placeOrder(req);
    expect(retried.orderId).not.toBe(lost.orderId);
    await waitFor(() => sim.broker.orders().filter((o) => o.orderRef === 'never-arrived').length === 1, 'one order at the broker');
    expect(sim.broker.orders().filter((o) => o.orderRef === 'never-arrived')).toHaveLength(1);
  });
});

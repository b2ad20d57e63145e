import { describe, expect, it } from 'vitest';
import { AAPL, ACCOUNT, setup } from './helpers.js';

describe('resting orders', () => {
  it('rests a limit buy below the market and fills it when the price crosses', () => {
    const { market, broker, place } = setup();
    market.setPrice(AAPL, 200);
    place({ orderType: 'LMT', lmtPrice: 195 });
    expect(broker.order(1, 1)).toMatchObject({ status: 'Submitted', filled: 0 });
    market.setPrice(AAPL, 197);
    expect(broker.order(1, 1)!.status).toBe('Submitted');
    market.setPrice(AAPL, 194.5);
    const o = broker.order(1, 1)!;
    expect(o.status).toBe('Filled');
    expect(o.avgFillPrice).toBeLessThanOrEqual(195);
    expect(broker.executions()[0]!.execution.lastLiquidity).toBe(1);
  });

  it('triggers a sell stop when the last price falls to it, then sells at the bid', () => {
    const { market, broker, place } = setup();
    market.setPrice(AAPL, 200);
    place({ action: 'SELL', orderType: 'STP', auxPrice: 190 });
    expect(broker.order(1, 1)).toMatchObject({ status: 'PreSubmitted', triggered: false });
    market.setPrice(AAPL, 191);
    expect(broker.order(1, 1)!.filled).toBe(0);
    market.setPrice(AAPL, 189.9);
    const o = broker.order(1, 1)!;
    expect(o).toMatchObject({ status: 'Filled', triggered: true });
    expect(o.avgFillPrice).toBe(market.quote(AAPL)!.bid);
  });

  it('turns a triggered stop-limit into a limit that waits for its price', () => {
    const { market, broker, place } = setup();
    market.setPrice(AAPL, 200);
    place({ action: 'BUY', orderType: 'STP LMT', auxPrice: 205, lmtPrice: 205.5 });
    market.setPrice(AAPL, 210); // gaps through the limit: triggered but not marketable
    expect(broker.order(1, 1)).toMatchObject({ status: 'Submitted', triggered: true, filled: 0 });
    market.setPrice(AAPL, 205);
    expect(broker.order(1, 1)!.status).toBe('Filled');
    expect(broker.order(1, 1)!.avgFillPrice).toBeLessThanOrEqual(205.5);
  });

  it('moves a trailing stop up with the price and sells on the reversal', () => {
    const { market, broker, place } = setup();
    market.setPrice(AAPL, 200);
    place({ action: 'SELL', orderType: 'TRAIL', auxPrice: 2 });
    expect(broker.order(1, 1)!.trailStopPrice).toBe(198);
    market.setPrice(AAPL, 205);
    expect(broker.order(1, 1)!.trailStopPrice).toBe(203);
    market.setPrice(AAPL, 204); // a dip that does not reach the stop leaves it in place
    expect(broker.order(1, 1)).toMatchObject({ trailStopPrice: 203, filled: 0 });
    market.setPrice(AAPL, 210);
    expect(broker.order(1, 1)!.trailStopPrice).toBe(208);
    market.setPrice(AAPL, 207.9);
    expect(broker.order(1, 1)).toMatchObject({ status: 'Filled', triggered: true, trailStopPrice: 208 });
  });

  it('trails by percent and limits a TRAIL LIMIT by its offset', () => {
    const { market, broker, place } = setup();
    market.setPrice(AAPL, 200);
    place({ action: 'SELL', orderType: 'TRAIL LIMIT', trailingPercent: 1, lmtPriceOffset: 0.5 });
    expect(broker.order(1, 1)!.trailStopPrice).toBe(198);
    market.setPrice(AAPL, 197.9);
    expect(broker.order(1, 1)).toMatchObject({ triggered: true, lmtPrice: 197.5, status: 'Filled' });
  });

  it('modifies a resting order by re-placing the same id', () => {
    const { market, broker, place } = setup();
    market.setPrice(AAPL, 200);
    place({ orderId: 7, orderType: 'LMT', lmtPrice: 190, totalQuantity: 100 });
    const permId = broker.order(1, 7)!.permId;
    place({ orderId: 7, orderType: 'LMT', lmtPrice: 191.5, totalQuantity: 300 });
    expect(broker.order(1, 7)).toMatchObject({ lmtPrice: 191.5, totalQuantity: 300, remaining: 300, status: 'Submitted', permId });
    expect(broker.orders()).toHaveLength(1);
    // Raising the limit above the ask makes it marketable at once.
    place({ orderId: 7, orderType: 'LMT', lmtPrice: 201, totalQuantity: 300 });
    expect(broker.order(1, 7)!.status).toBe('Filled');
    expect(broker.nextOrderId(1)).toBe(8);
    expect(broker.nextOrderId(99)).toBe(1);
  });

  it('cancels a resting order with status Cancelled and notice 202', () => {
    const { market, broker, place } = setup();
    market.setPrice(AAPL, 200);
    const notices: string[] = [];
    broker.on('orderMessage', (clientId, e) => notices.push(`${clientId}:${e.id}:${e.code}:${e.message}`));
    place({ orderType: 'LMT', lmtPrice: 150 });
    expect(broker.cancelOrder(1, 1).ok).toBe(true);
    expect(broker.order(1, 1)).toMatchObject({ status: 'Cancelled', filled: 0, remaining: 100 });
    expect(notices).toEqual(['1:1:202:Order Canceled - reason:']);
    market.setPrice(AAPL, 140);
    expect(broker.order(1, 1)!.filled).toBe(0);
    expect(broker.completedOrders()).toHaveLength(1);
  });

  it('global cancel stops every working order of every client', () => {
    const { market, broker, place } = setup();
    market.setPrice(AAPL, 200);
    place({ orderType: 'LMT', lmtPrice: 150 });
    place({ clientId: 2, orderId: 1, orderType: 'STP', action: 'SELL', auxPrice: 150 });
    expect(broker.openOrders()).toHaveLength(2);
    expect(broker.openOrders(2)).toHaveLength(1);
    broker.globalCancel();
    expect(broker.openOrders()).toHaveLength(0);
    expect(broker.orders().map((o) => o.status)).toEqual(['Cancelled', 'Cancelled']);
    expect(broker.positions(ACCOUNT)).toEqual([]);
  });
});

describe('brackets and OCA', () => {
  function bracket(setupResult: ReturnType<typeof setup>, parentType: 'MKT' | 'LMT', parentLmt?: number) {
    const { place } = setupResult;
    place({ orderId: 10, orderType: parentType, lmtPrice: parentLmt, transmit: false });
    place({ orderId: 11, parentId: 10, action: 'SELL', orderType: 'LMT', lmtPrice: 210, ocaGroup: 'b10', ocaType: 1, transmit: false });
    place({ orderId: 12, parentId: 10, action: 'SELL', orderType: 'STP', auxPrice: 190, ocaGroup: 'b10', ocaType: 1, transmit: true });
  }

  it('holds untransmitted orders until the group is transmitted, and children until the parent fills', () => {
    const s = setup();
    const { market, broker, place } = s;
    market.setPrice(AAPL, 200);
    place({ orderId: 10, orderType: 'LMT', lmtPrice: 195, transmit: false });
    market.setPrice(AAPL, 194); // not transmitted: does not trade
    expect(broker.order(1, 10)!.filled).toBe(0);
    market.setPrice(AAPL, 200);
    place({ orderId: 11, parentId: 10, action: 'SELL', orderType: 'LMT', lmtPrice: 210, ocaGroup: 'b10', ocaType: 1, transmit: false });
    place({ orderId: 12, parentId: 10, action: 'SELL', orderType: 'STP', auxPrice: 190, ocaGroup: 'b10', ocaType: 1 });
    expect(broker.order(1, 10)!.status).toBe('Submitted');
    expect(broker.order(1, 11)).toMatchObject({ status: 'PreSubmitted', whyHeld: 'child' });
    market.setPrice(AAPL, 212); // the take-profit price, but the parent has not filled
    expect(broker.order(1, 11)!.filled).toBe(0);
    market.setPrice(AAPL, 194);
    expect(broker.order(1, 10)!.status).toBe('Filled');
    expect(broker.order(1, 11)).toMatchObject({ status: 'Submitted', whyHeld: '' });
    expect(broker.order(1, 12)!.status).toBe('PreSubmitted'); // stop armed, not triggered
  });

  it('cancels the stop when the take-profit fills', () => {
    const s = setup();
    const { market, broker } = s;
    market.setPrice(AAPL, 200);
    bracket(s, 'MKT');
    expect(broker.order(1, 10)!.status).toBe('Filled');
    market.setPrice(AAPL, 211);
    expect(broker.order(1, 11)!.status).toBe('Filled');
    expect(broker.order(1, 12)!.status).toBe('Cancelled');
    expect(broker.positions()[0]!.position).toBe(0);
    market.setPrice(AAPL, 185);
    expect(broker.executions()).toHaveLength(2);
  });

  it('cancels the take-profit when the stop fills, and cancelling the parent cancels its children', () => {
    const s = setup();
    const { market, broker } = s;
    market.setPrice(AAPL, 200);
    bracket(s, 'MKT');
    market.setPrice(AAPL, 189);
    expect(broker.order(1, 12)!.status).toBe('Filled');
    expect(broker.order(1, 11)!.status).toBe('Cancelled');

    const t = setup();
    t.market.setPrice(AAPL, 200);
    bracket(t, 'LMT', 150);
    expect(t.broker.cancelOrder(1, 10).ok).toBe(true);
    expect(t.broker.orders().map((o) => o.status)).toEqual(['Cancelled', 'Cancelled', 'Cancelled']);
  });

  it('reduces the other orders of a reduce-type OCA group instead of cancelling them', () => {
    const { market, broker, place } = setup();
    market.setPrice(AAPL, 200);
    place({ orderId: 1, orderType: 'LMT', lmtPrice: 195, totalQuantity: 100, ocaGroup: 'g', ocaType: 3 });
    place({ orderId: 2, orderType: 'LMT', lmtPrice: 190, totalQuantity: 300, ocaGroup: 'g', ocaType: 3 });
    market.setPrice(AAPL, 194);
    expect(broker.order(1, 1)!.status).toBe('Filled');
    expect(broker.order(1, 2)).toMatchObject({ status: 'Submitted', totalQuantity: 200, remaining: 200 });
  });
});

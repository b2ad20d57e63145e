import { describe, expect, it } from 'vitest';
import { Broker } from '../../../src/simulator/broker/index.js';
import { createMarket } from '../../../src/simulator/market/index.js';
import { ACCOUNT, AAPL, NOW, setup } from './helpers.js';

describe('rejections like TWS', () => {
  it('rejects bad quantities, missing prices, unknown accounts and contracts with TWS codes', () => {
    const { broker, place } = setup();
    const err = (r: ReturnType<typeof place>) => (r.ok ? undefined : r.error);
    expect(err(place({ orderId: 1, totalQuantity: -5 }))).toMatchObject({ id: 1, code: 201 });
    expect(err(place({ orderId: 2, totalQuantity: -5 }))!.message).toMatch(/^Order rejected - reason:/);
    expect(err(place({ orderId: 3, totalQuantity: 0 }))).toMatchObject({ code: 434, message: 'The order size cannot be zero.' });
    expect(err(place({ orderId: 4, orderType: 'LMT' }))).toMatchObject({ code: 201 });
    expect(err(place({ orderId: 5, orderType: 'LMT', lmtPrice: 1.7976931348623157e308 }))).toMatchObject({ code: 201 });
    expect(err(place({ orderId: 6, orderType: 'STP' }))).toMatchObject({ code: 201 });
    expect(err(place({ orderId: 7, orderType: 'TRAIL' }))).toMatchObject({ code: 201 });
    expect(err(place({ orderId: 8, account: 'DU0000000' }))).toMatchObject({ code: 201 });
    expect(err(place({ orderId: 9, contract: { symbol: 'NOSUCH', secType: 'STK', exchange: 'SMART', currency: 'USD' } }))).toMatchObject({
      code: 200, message: 'No security definition has been found for the request',
    });
    expect(err(place({ orderId: 10, orderType: 'LMT', lmtPrice: 100.005 }))).toMatchObject({ code: 110 });
    expect(err(place({ orderId: 11, orderType: 'MOON' }))).toMatchObject({ code: 387 });
    expect(err(place({ orderId: 12, contract: { conId: 416904 } }))).toMatchObject({ code: 201 }); // an index is not tradable
    expect(broker.orders()).toEqual([]);
    expect(broker.executions()).toEqual([]);
    expect(broker.accountNumber(ACCOUNT, 'TotalCashValue')).toBe(1_000_000);
  });

  it('answers cancels of unknown and finished orders with 10147 / 10148', () => {
    const { market, broker, place } = setup();
    expect(broker.cancelOrder(1, 42)).toEqual({
      ok: false, error: { id: 42, code: 10147, message: 'OrderId 42 that needs to be cancelled is not found.' },
    });
    place({ orderId: 1 });
    expect(broker.cancelOrder(1, 1)).toEqual({
      ok: false, error: { id: 1, code: 10148, message: 'OrderId 1 that needs to be cancelled cannot be cancelled, state: Filled.' },
    });
    market.setPrice(AAPL, 200);
    place({ orderId: 2, orderType: 'LMT', lmtPrice: 100 });
    broker.cancelOrder(1, 2);
    expect(broker.cancelOrder(1, 2)).toMatchObject({ ok: false, error: { code: 10148 } });
    // Another client's order ids are its own.
    place({ orderId: 3, orderType: 'LMT', lmtPrice: 100 });
    expect(broker.cancelOrder(2, 3)).toMatchObject({ ok: false, error: { code: 10147 } });
  });

  it('refuses to modify a filled order (104) and re-use of an old id (103)', () => {
    const { broker, place } = setup();
    place({ orderId: 5 });
    expect(place({ orderId: 5, orderType: 'LMT', lmtPrice: 100 })).toMatchObject({ ok: false, error: { id: 5, code: 104 } });
    expect(place({ orderId: 4 })).toMatchObject({ ok: false, error: { code: 103 } });
    expect(broker.order(1, 5)!.orderType).toBe('MKT');
    expect(broker.nextOrderId(1)).toBe(6);
  });

  it('keeps state for reconnecting clients and hands out unique permIds', () => {
    const market = createMarket({ seed: 2, now: () => NOW });
    const broker = new Broker(market, { accounts: ['DU1', 'DU2'], startingCash: 50_000 });
    expect(broker.accounts()).toEqual(['DU1', 'DU2']);
    broker.placeOrder({ orderId: 1, clientId: 3, contract: { conId: AAPL }, action: 'BUY', totalQuantity: 10, orderType: 'MKT', account: 'DU2' });
    broker.placeOrder({ orderId: 2, clientId: 3, contract: { conId: AAPL }, action: 'BUY', totalQuantity: 10, orderType: 'MKT' });
    const perms = broker.orders().map((o) => o.permId);
    expect(new Set(perms).size).toBe(2);
    expect(broker.orders().map((o) => o.account)).toEqual(['DU2', 'DU1']);
    expect(broker.nextOrderId(3)).toBe(3);
    expect(broker.positions('DU2')).toHaveLength(1);
    expect(broker.accountNumber('DU2', 'TotalCashValue')).toBeLessThan(50_000);
  });
});

describe('account reports', () => {
  it('lists every account summary tag with IBKR names and currencies', () => {
    const { broker } = setup();
    const rows = broker.accountSummary(ACCOUNT);
    expect(rows.map((r) => r.key)).toContain('PreviousDayEquityWithLoanValue');
    expect(rows).toHaveLength(29);
    expect(rows.find((r) => r.key === 'NetLiquidation')).toEqual({ account: ACCOUNT, key: 'NetLiquidation', value: '1000000.00', currency: 'USD' });
    expect(rows.find((r) => r.key === 'Cushion')).toMatchObject({ value: '1.000000', currency: '' });
    expect(rows.find((r) => r.key === 'DayTradesRemaining')).toMatchObject({ value: '-1', currency: '' });
    expect(broker.accountSummary(ACCOUNT, ['TotalCashValue', 'Bogus'])).toHaveLength(1);
    const values = broker.accountValues(ACCOUNT);
    // BASE first, then each currency held (only USD here), as TWS lists them.
    expect(values.filter((v) => v.key === 'CashBalance').map((v) => v.currency)).toEqual(['BASE', 'USD']);
    expect(values.map((v) => v.key)).toEqual(expect.arrayContaining(['UnrealizedPnL', 'RealizedPnL', 'StockMarketValue', 'AccountCode']));
    expect(broker.accountSummary('DU999')).toEqual([]);
  });

  it('reports portfolio rows consistent with positions', () => {
    const { market, broker, place } = setup();
    place({ totalQuantity: 300 });
    const [row] = broker.portfolio(ACCOUNT);
    const mark = market.markPrice(AAPL);
    expect(row).toMatchObject({ position: 300, marketPrice: mark });
    expect(row!.marketValue).toBeCloseTo(300 * mark, 6);
    expect(row!.unrealizedPNL).toBeCloseTo(row!.marketValue - 300 * row!.averageCost, 6);
    expect(broker.pnlSingle(ACCOUNT, AAPL)!.value).toBeCloseTo(row!.marketValue, 6);
    expect(broker.pnlSingle(ACCOUNT, 272093)).toBeUndefined();
  });
});

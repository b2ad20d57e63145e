/** reqAccountUpdatesMulti / cancelAccountUpdatesMulti over a real @stoqey/ib connection. */
import { describe, expect, it } from 'vitest';
import { EventName, OrderAction, OrderType, type Contract } from '@stoqey/ib';
import { useSimulator, waitFor, type ConnectedClient } from './helpers.js';

const AAPL: Contract = { symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };

interface MultiRow {
  reqId: number;
  account: string;
  modelCode: string;
  key: string;
  value: string;
  currency: string;
}

/** Collects accountUpdateMulti rows and end markers of one client. stoqey hands the End's reqId over as a string. */
function collect(c: ConnectedClient): { rows: MultiRow[]; ends: number[] } {
  const rows: MultiRow[] = [];
  const ends: number[] = [];
  c.ib.on(EventName.accountUpdateMulti, (reqId: number, account: string, modelCode: string, key: string, value: string, currency: string) =>
    rows.push({ reqId, account, modelCode, key, value, currency }),
  );
  c.ib.on(EventName.accountUpdateMultiEnd, (reqId: number | string) => ends.push(Number(reqId)));
  return { rows, ends };
}

describe('simulator: reqAccountUpdatesMulti over a real @stoqey/ib connection', () => {
  const simulator = useSimulator({ backgroundTicksPerSecond: 0 });

  async function buy(c: ConnectedClient, orderId: number, quantity: number): Promise<void> {
    let filled = false;
    c.ib.on(EventName.orderStatus, (id: number, status: string) => {
      if (id === orderId && status === 'Filled') filled = true;
    });
    c.ib.placeOrder(orderId, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: quantity, transmit: true });
    await waitFor(() => filled, 'the fill');
  }

  /** A round trip after which everything the simulator sent earlier has been decoded (one socket, in order). */
  async function barrier(c: ConnectedClient): Promise<void> {
    let answered = false;
    c.ib.once(EventName.currentTime, () => (answered = true));
    c.ib.reqCurrentTime();
    await waitFor(() => answered, 'currentTime');
  }

  it('sends every account value tagged with account and model code, then End, then the values a fill changes', async () => {
    const c = await simulator.connect(1);
    const { rows, ends } = collect(c);
    c.ib.reqAccountUpdatesMulti(7, 'DU1234567', '', false);
    await waitFor(() => ends.includes(7), 'accountUpdateMultiEnd');
    const initial = rows.splice(0);
    const broker = simulator.sim.broker;
    // The whole updateAccountValue key set, exactly as the broker values it, every row for this request and account.
    expect(initial.map((r) => `${r.key}|${r.currency}|${r.value}`)).toEqual(
      broker.accountValues('DU1234567').map((v) => `${v.key}|${v.currency}|${v.value}`),
    );
    expect(initial.every((r) => r.reqId === 7 && r.account === 'DU1234567' && r.modelCode === '')).toBe(true);
    expect(initial.find((r) => r.key === 'NetLiquidation')).toMatchObject({ value: '1000000.00', currency: 'USD' });

    await buy(c, c.nextValidId, 10);
    await waitFor(() => rows.some((r) => r.key === 'StockMarketValue' && r.currency === 'USD'), 'the stock value update');
    const stockValue = rows.filter((r) => r.key === 'StockMarketValue' && r.currency === 'USD').at(-1);
    expect(Number(stockValue?.value)).toBeCloseTo(broker.accountNumber('DU1234567', 'StockMarketValue'), 2);
    expect(Number(stockValue?.value)).toBeGreaterThan(0);
    // Only changed values are pushed: the account code and type never change, so they are not repeated.
    expect(rows.some((r) => r.key === 'AccountCode' || r.key === 'AccountType')).toBe(false);

    c.ib.cancelAccountUpdatesMulti(7);
    await barrier(c);
    rows.length = 0;
    await buy(c, c.nextValidId + 1, 10);
    await barrier(c);
    expect(rows).toEqual([]);
    expect(c.decodeErrors()).toEqual([]);
  });

  it('ledgerAndNLV limits the answer to the per-currency ledger and net liquidation', async () => {
    const c = await simulator.connect(1);
    const { rows, ends } = collect(c);
    c.ib.reqAccountUpdatesMulti(3, 'DU1234567', '', true);
    await waitFor(() => ends.includes(3), 'accountUpdateMultiEnd');
    const keys = new Set(rows.map((r) => `${r.key}|${r.currency}`));
    expect(keys.has('NetLiquidation|USD')).toBe(true);
    expect(keys.has('CashBalance|BASE')).toBe(true);
    expect(keys.has('CashBalance|USD')).toBe(true);
    expect(keys.has('TotalCashBalance|USD')).toBe(true);
    expect(keys.has('BuyingPower|USD')).toBe(false);
    expect(keys.has('AccountType|')).toBe(false);
    expect(keys.has('InitMarginReq|USD')).toBe(false);
  });

  it('runs side by side with reqAccountUpdates and for every managed account when the account is blank', async () => {
    await simulator.start({ backgroundTicksPerSecond: 0, accounts: ['DU1111111', 'DU2222222'] });
    const c = await simulator.connect(2);
    const { rows, ends } = collect(c);
    let downloadEnded = false;
    c.ib.on(EventName.accountDownloadEnd, () => (downloadEnded = true));
    c.ib.reqAccountUpdates(true, 'DU1111111');
    c.ib.reqAccountUpdatesMulti(10, 'DU1111111', '', false);
    c.ib.reqAccountUpdatesMulti(11, 'DU2222222', '', false);
    c.ib.reqAccountUpdatesMulti(12, '', '', false);
    await waitFor(() => downloadEnded && [10, 11, 12].every((id) => ends.includes(id)), 'every end marker');
    expect(new Set(rows.filter((r) => r.reqId === 10).map((r) => r.account))).toEqual(new Set(['DU1111111']));
    expect(new Set(rows.filter((r) => r.reqId === 11).map((r) => r.account))).toEqual(new Set(['DU2222222']));
    expect(new Set(rows.filter((r) => r.reqId === 12).map((r) => r.account))).toEqual(new Set(['DU1111111', 'DU2222222']));
    // Several multi subscriptions never take the single reqAccountUpdates subscription away (no 2100).
    expect(c.infos.map((i) => i.code)).not.toContain(2100);
    expect(c.errors).toEqual([]);
  });

  it('answers an account outside the login with 321 and a model code with an empty model', async () => {
    const c = await simulator.connect(1);
    const { rows, ends } = collect(c);
    c.ib.reqAccountUpdatesMulti(4, 'U9999999', '', false);
    await waitFor(() => c.errors.some((e) => e.reqId === 4), 'the error');
    expect(c.errors[0]).toMatchObject({ code: 321, reqId: 4 });
    expect(c.errors[0]?.message).toContain("Invalid account code 'U9999999'");
    c.ib.reqAccountUpdatesMulti(5, 'DU1234567', 'MODEL1', false);
    await waitFor(() => ends.includes(5), 'the end marker');
    expect(rows).toEqual([]);
    expect(ends).toEqual([5]);
  });
});

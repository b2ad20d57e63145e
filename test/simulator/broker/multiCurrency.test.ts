/**
 * A USD-based account trading EUR instruments, checked against numbers computed by hand from the fills, the
 * marks and the EUR.USD rate: cash per currency, the per-currency and BASE account values, the USD summary,
 * realized P&L and commissions in EUR, FX trades and EUREX futures.
 */
import { describe, expect, it } from 'vitest';
import { Broker, type PlaceOrderRequest } from '../../../src/simulator/broker/index.js';
import { createMarket } from '../../../src/simulator/market/index.js';
import { AAPL, ACCOUNT } from './helpers.js';

const SAP = 14204;
const EURUSD = 12087792;
/** Wednesday 26 March 2025, 10:00 New York = 15:00 Frankfurt: NASDAQ, XETRA and EUREX are all open. */
const BOTH_OPEN = Date.UTC(2025, 2, 26, 14, 0, 0);

function setup() {
  const market = createMarket({ seed: 3, now: () => BOTH_OPEN });
  const broker = new Broker(market);
  let nextId = 1;
  /** Places a market order for `conId` and returns its average fill price. */
  const trade = (conId: number, action: 'BUY' | 'SELL', totalQuantity: number, over: Partial<PlaceOrderRequest> = {}): number => {
    const orderId = nextId++;
    const r = broker.placeOrder({ orderId, clientId: 1, contract: { conId }, action, totalQuantity, orderType: 'MKT', ...over });
    if (!r.ok) throw new Error(r.error.message);
    const o = broker.order(1, orderId)!;
    expect(o.status).toBe('Filled');
    return o.avgFillPrice;
  };
  const num = (key: string, currency?: string) => broker.accountNumber(ACCOUNT, key, currency);
  /** The formatted updateAccountValue row for a key and currency. */
  const row = (key: string, currency: string) => broker.accountValues(ACCOUNT).find((v) => v.key === key && v.currency === currency)?.value;
  return { market, broker, trade, num, row };
}

describe('multi-currency books of a USD account', () => {
  it('pays for SAP in EUR (a EUR loan), keeps USD cash, and adds up in USD at the live EUR.USD mark', () => {
    const { market, broker, trade, num, row } = setup();
    market.setPrice(EURUSD, 1.08);
    const rate = market.markPrice(EURUSD);
    expect(rate).toBeCloseTo(1.08, 3);
    market.setPrice(SAP, 200);
    const ask = market.quote(SAP)!.ask;

    const price = trade(SAP, 'BUY', 100);
    expect(price).toBe(ask);
    // XETRA, IBKR tiered: 0.05 % of 100 × ask, within EUR 1.25 … 29.
    const commission = Math.round(100 * ask * 0.0005 * 1e4) / 1e4;
    expect(broker.executions()[0]!.commissionReport).toMatchObject({ commission, currency: 'EUR' });

    const eurCash = -(100 * ask + commission);
    expect(num('CashBalance', 'EUR')).toBeCloseTo(eurCash, 6);
    expect(num('CashBalance', 'USD')).toBe(1_000_000);
    const mark = market.markPrice(SAP);
    const eurNetLiq = eurCash + 100 * mark;
    expect(num('StockMarketValue', 'EUR')).toBeCloseTo(100 * mark, 6);
    expect(num('NetLiquidationByCurrency', 'EUR')).toBeCloseTo(eurNetLiq, 6);
    expect(num('NetLiquidationByCurrency', 'USD')).toBe(1_000_000);
    expect(num('ExchangeRate', 'EUR')).toBe(rate);

    // The summary is in USD: every currency converted at the rate.
    expect(num('NetLiquidation')).toBeCloseTo(1_000_000 + eurNetLiq * rate, 6);
    expect(num('TotalCashValue')).toBeCloseTo(1_000_000 + eurCash * rate, 6);
    expect(num('GrossPositionValue')).toBeCloseTo(100 * mark * rate, 6);
    expect(num('InitMarginReq')).toBeCloseTo(0.25 * 100 * mark * rate, 6);
    expect(num('NetLiquidationByCurrency', 'BASE')).toBeCloseTo(num('NetLiquidation'), 6);
    expect(num('CashBalance')).toBeCloseTo(num('TotalCashValue'), 6);

    // What a client reads on the wire: the rows per currency, the rate, the USD summary.
    expect(row('CashBalance', 'EUR')).toBe(eurCash.toFixed(2));
    expect(row('CashBalance', 'USD')).toBe('1000000.00');
    expect(row('ExchangeRate', 'EUR')).toBe(String(rate));
    expect(row('ExchangeRate', 'BASE')).toBe('1.00');
    expect(row('Currency', 'EUR')).toBe('EUR');
    expect(row('NetLiquidation', 'USD')).toBe((1_000_000 + eurNetLiq * rate).toFixed(2));
    expect(broker.accountValues(ACCOUNT).filter((v) => v.key === 'NetLiquidationByCurrency').map((v) => v.currency)).toEqual(['BASE', 'EUR', 'USD']);
    const sum = ['EUR', 'USD'].reduce((s, c) => s + Number(row('NetLiquidationByCurrency', c)) * Number(row('ExchangeRate', c)), 0);
    expect(sum).toBeCloseTo(Number(row('NetLiquidation', 'USD')), 1);

    // The position and its P&L stay in EUR; the account's P&L is in USD.
    const [pos] = broker.positions(ACCOUNT);
    expect(pos).toMatchObject({ position: 100, marketPrice: mark });
    expect(pos!.avgCost).toBeCloseTo(ask + commission / 100, 9);
    expect(pos!.contract.currency).toBe('EUR');
    const unrealizedEur = 100 * mark - (100 * ask + commission);
    expect(broker.pnlSingle(ACCOUNT, SAP)!.unrealizedPnL).toBeCloseTo(unrealizedEur, 6);
    expect(broker.pnl(ACCOUNT)!.unrealizedPnL).toBeCloseTo(unrealizedEur * rate, 6);

    // A stronger euro: the same EUR amounts are worth more dollars.
    market.setPrice(EURUSD, 1.12);
    const newRate = market.markPrice(EURUSD);
    expect(num('NetLiquidation')).toBeCloseTo(1_000_000 + eurNetLiq * newRate, 6);
    expect(num('NetLiquidationByCurrency', 'EUR')).toBeCloseTo(eurNetLiq, 6);
    expect(row('ExchangeRate', 'EUR')).toBe(String(newRate));
  });

  it('realizes P&L in EUR on a partial close, net of the EUR commission, and converts it for BASE', () => {
    const { market, broker, trade, num } = setup();
    market.setPrice(SAP, 200);
    const buy = trade(SAP, 'BUY', 100);
    const buyCommission = Math.round(100 * buy * 0.0005 * 1e4) / 1e4;
    market.setPrice(SAP, 210);
    const sell = trade(SAP, 'SELL', 40);
    // 40 × 210 × 0.05 % = 4.20 (at the bid, about that).
    const sellCommission = Math.round(40 * sell * 0.0005 * 1e4) / 1e4;
    const avgCost = buy + buyCommission / 100;
    const realized = 40 * (sell - avgCost) - sellCommission;

    const report = broker.executions()[1]!.commissionReport;
    expect(report).toMatchObject({ currency: 'EUR', commission: sellCommission });
    expect(report.realizedPNL).toBeCloseTo(realized, 6);
    expect(broker.positions(ACCOUNT)[0]).toMatchObject({ position: 60 });
    expect(broker.positions(ACCOUNT)[0]!.avgCost).toBeCloseTo(avgCost, 9);
    expect(num('RealizedPnL', 'EUR')).toBeCloseTo(realized, 6);
    expect(num('RealizedPnL', 'USD')).toBe(0);
    const rate = market.markPrice(EURUSD);
    expect(num('RealizedPnL', 'BASE')).toBeCloseTo(realized * rate, 6);
    expect(broker.pnl(ACCOUNT)!.realizedPnL).toBeCloseTo(realized * rate, 6);
    expect(broker.pnlSingle(ACCOUNT, SAP)!.realizedPnL).toBeCloseTo(realized, 6);
    expect(num('CashBalance', 'EUR')).toBeCloseTo(-(100 * buy + buyCommission) + 40 * sell - sellCommission, 6);
  });

  it('charges the XETRA minimum and maximum commissions in EUR', () => {
    const { market, broker, trade } = setup();
    market.setPrice(SAP, 200);
    trade(SAP, 'BUY', 1);
    trade(SAP, 'BUY', 1000);
    const commissions = broker.executions().map((e) => e.commissionReport);
    expect(commissions[0]).toMatchObject({ commission: 1.25, currency: 'EUR' });
    // The 1,000 shares may fill in several executions: together they pay the EUR 29 cap once.
    expect(commissions.slice(1).reduce((s, c) => s + c.commission, 0)).toBeCloseTo(29, 6);
  });

  it('moves cash between currencies on an FX trade, so EUR bought then pay for SAP', () => {
    const { market, broker, trade, num } = setup();
    market.setPrice(EURUSD, 1.08);
    const price = trade(EURUSD, 'BUY', 20_000);
    const rate = market.markPrice(EURUSD);
    // 0.2 bp of USD 21,600 is below the USD 2.00 minimum.
    expect(broker.executions()[0]!.commissionReport).toMatchObject({ commission: 2, currency: 'USD' });
    expect(num('CashBalance', 'EUR')).toBe(20_000);
    expect(num('CashBalance', 'USD')).toBeCloseTo(1_000_000 - 20_000 * price - 2, 6);
    // The EUR are cash, not a stock: nothing in StockMarketValue or GrossPositionValue, no double count.
    expect(num('StockMarketValue', 'USD')).toBe(0);
    expect(num('GrossPositionValue')).toBe(0);
    expect(num('NetLiquidation')).toBeCloseTo(1_000_000 - 20_000 * price - 2 + 20_000 * rate, 6);
    // …but listed as a position, as TWS lists forex positions, valued in USD.
    const [fx] = broker.portfolio(ACCOUNT);
    expect(fx).toMatchObject({ position: 20_000, marketPrice: rate });
    expect(fx!.marketValue).toBeCloseTo(20_000 * rate, 6);

    market.setPrice(SAP, 200);
    const sap = trade(SAP, 'BUY', 50);
    const commission = Math.max(1.25, Math.round(50 * sap * 0.0005 * 1e4) / 1e4);
    expect(num('CashBalance', 'EUR')).toBeCloseTo(20_000 - 50 * sap - commission, 6);

    // Selling the EUR back realizes the FX P&L in USD.
    market.setPrice(EURUSD, 1.1);
    const back = trade(EURUSD, 'SELL', 20_000);
    expect(broker.executions()[2]!.commissionReport.realizedPNL).toBeCloseTo(20_000 * (back - price) - 4, 6);
    expect(num('CashBalance', 'EUR')).toBeCloseTo(-50 * sap - commission, 6);
  });

  it('settles a EUREX future in EUR: commission out of EUR cash at once, open P&L as FuturesPNL, variation on the close', () => {
    const { market, broker, trade, num } = setup();
    const fesx = market.catalogue.find({ symbol: 'ESTX50', secType: 'FUT' })[0]!.contract;
    expect(fesx).toMatchObject({ currency: 'EUR', multiplier: '10', tradingClass: 'FESX' });
    market.setPrice(fesx.conId, 5000);
    const buy = trade(fesx.conId, 'BUY', 2);
    expect(broker.executions()[0]!.commissionReport).toMatchObject({ commission: 2.4, currency: 'EUR' });
    expect(num('CashBalance', 'EUR')).toBeCloseTo(-2.4, 6);

    market.setPrice(fesx.conId, 5050);
    const mark = market.markPrice(fesx.conId);
    const open = 2 * 10 * (mark - buy);
    expect(num('FuturesPNL', 'EUR')).toBeCloseTo(open, 6);
    expect(num('NetLiquidationByCurrency', 'EUR')).toBeCloseTo(open - 2.4, 6);
    const rate = market.markPrice(EURUSD);
    expect(num('NetLiquidation')).toBeCloseTo(1_000_000 + (open - 2.4) * rate, 6);
    // Futures margin on the notional in USD; no gross position value (IBKR leaves futures out of it).
    expect(num('InitMarginReq')).toBeCloseTo(0.06 * 2 * 10 * mark * rate, 6);
    expect(num('GrossPositionValue')).toBe(0);

    const sell = trade(fesx.conId, 'SELL', 2);
    expect(num('CashBalance', 'EUR')).toBeCloseTo(2 * 10 * (sell - buy) - 4.8, 6);
    expect(num('FuturesPNL', 'EUR')).toBe(0);
    expect(num('RealizedPnL', 'EUR')).toBeCloseTo(2 * 10 * (sell - buy) - 4.8, 6);
  });

  it('values a EUREX index option as OptionMarketValue in EUR, apart from stocks', () => {
    const { market, broker, trade, num } = setup();
    const call = market.catalogue.find({ symbol: 'ESTX50', secType: 'OPT', right: 'C', strike: 5000 })[0]!.contract;
    expect(call).toMatchObject({ currency: 'EUR', multiplier: '10', tradingClass: 'OESX' });
    const price = trade(call.conId, 'BUY', 3);
    expect(broker.executions()[0]!.commissionReport).toMatchObject({ commission: 3.6, currency: 'EUR' });
    trade(AAPL, 'BUY', 10);
    const mark = market.markPrice(call.conId);
    expect(num('OptionMarketValue', 'EUR')).toBeCloseTo(3 * 10 * mark, 6);
    expect(num('StockMarketValue', 'EUR')).toBe(0);
    expect(num('StockMarketValue', 'USD')).toBeCloseTo(10 * market.markPrice(AAPL), 6);
    expect(num('CashBalance', 'EUR')).toBeCloseTo(-(3 * 10 * price + 3.6), 6);
  });

  it('books a carried-in EUR position at its average cost and measures its daily P&L from the previous close', () => {
    const { market, broker, num } = setup();
    const record = broker.seedPosition({ symbol: 'SAP', secType: 'STK', quantity: 100, avgCost: 180 });
    expect(record).toMatchObject({ position: 100, avgCost: 180 });
    expect(num('CashBalance', 'EUR')).toBe(-18_000);
    const mark = market.markPrice(SAP);
    const close = market.quote(SAP)!.close;
    const pnl = broker.pnlSingle(ACCOUNT, SAP)!;
    expect(pnl.unrealizedPnL).toBeCloseTo(100 * (mark - 180), 6);
    expect(pnl.dailyPnL).toBeCloseTo(100 * (mark - close), 6);
    const rate = market.markPrice(EURUSD);
    expect(broker.pnl(ACCOUNT)!.dailyPnL).toBeCloseTo(100 * (mark - close) * rate, 6);
    // Yesterday's equity: today's less today's P&L, i.e. the position at the previous close.
    expect(num('PreviousDayEquityWithLoanValue')).toBeCloseTo(1_000_000 + (100 * close - 18_000) * rate, 6);
  });
});

/**
 * Every response encoder, at every server version from 157 to 193, decoded by @stoqey/ib's own Decoder: a field
 * too many or too few would surface as an error (505) or as a wrong value.
 */
import { describe, expect, it } from 'vitest';
import { encodeCommissionReport, encodeCompletedOrder, encodeExecDetails, encodeOpenOrder, encodeOrderStatus } from '../../src/simulator/protocol/encoders/orders.js';
import { encodeContractData, encodeSymbolSamples } from '../../src/simulator/protocol/encoders/contracts.js';
import { encodeError } from '../../src/simulator/protocol/encoders/system.js';
import { encodeHistoricalData, encodeHistoricalDataUpdate } from '../../src/simulator/protocol/encoders/history.js';
import { encodePnL, encodePnLSingle, encodePortfolioValue, encodePosition } from '../../src/simulator/protocol/encoders/portfolio.js';
import type { WireContract, WireContractDetails, WireOrder } from '../../src/simulator/protocol/wireTypes.js';
import { decode } from './stoqey-decoder.js';

const contract: WireContract = {
  conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', primaryExch: 'NASDAQ', currency: 'USD',
  localSymbol: 'AAPL', tradingClass: 'NMS', multiplier: '', lastTradeDateOrContractMonth: '', strike: 0, right: '',
};

const order: WireOrder = {
  orderId: 12, clientId: 3, permId: 1100000001, action: 'BUY', totalQuantity: 100, orderType: 'LMT', lmtPrice: 150.25,
  auxPrice: undefined, tif: 'GTC', ocaGroup: 'oca1', ocaType: 1, account: 'DU1234567', openClose: '', origin: 0,
  orderRef: 'idem-key-1', transmit: true, parentId: 0, outsideRth: true, hidden: false, goodAfterTime: '', goodTillDate: '',
  trailStopPrice: undefined, trailingPercent: undefined, whatIf: false, modelCode: '', algoStrategy: '', algoParams: [],
  conditions: [{ type: 1, conjunction: 'a', fields: ['1', '160.5', '265598', 'SMART', '0'] }],
  conditionsIgnoreRth: true, conditionsCancelOrder: false, cashQty: undefined, displaySize: undefined, minQty: undefined,
  allOrNone: false, triggerMethod: 0, extOperator: '', manualOrderIndicator: undefined, includeOvernight: false,
  customerAccount: '', professionalCustomer: false,
};

const details: WireContractDetails = {
  contract, marketName: 'NMS', minTick: 0.01, orderTypes: 'LMT,MKT,STP', validExchanges: 'SMART,NASDAQ', priceMagnifier: 1,
  underConId: 0, longName: 'APPLE INC', contractMonth: '', industry: 'Technology', category: 'Computers', subcategory: 'Hardware',
  timeZoneId: 'US/Eastern', tradingHours: '20250324:0400-20250324:2000', liquidHours: '20250324:0930-20250324:1600',
  secIdList: [{ tag: 'ISIN', value: 'US0378331005' }], aggGroup: 1, underSymbol: '', underSecType: '', marketRuleIds: '26,26',
  realExpirationDate: '', lastTradeDate: '', stockType: 'COMMON', minSize: 0.0001, sizeIncrement: 0.0001, suggestedSizeIncrement: 100,
};

const versions = [157, 163, 164, 166, 170, 176, 177, 178, 182, 183, 185, 186, 187, 189, 190, 192, 193];

describe('response layouts decode cleanly in @stoqey/ib at every supported server version', () => {
  for (const sv of versions) {
    it(`server version ${sv}`, () => {
      const all = [
        encodeOpenOrder(sv, contract, order, { status: 'Submitted', commission: 1.0, commissionCurrency: 'USD' }),
        encodeOrderStatus(sv, { orderId: 12, status: 'Filled', filled: 100, remaining: 0, avgFillPrice: 150.2, permId: 1100000001, parentId: 0, lastFillPrice: 150.2, clientId: 3, whyHeld: '', mktCapPrice: 0 }),
        encodeExecDetails(sv, -1, contract, { orderId: 12, execId: '0001.01', time: '20250415  19:38:31', acctNumber: 'DU1234567', exchange: 'ISLAND', side: 'BOT', shares: 100, price: 150.2, permId: 1100000001, clientId: 3, liquidation: 0, cumQty: 100, avgPrice: 150.2, orderRef: 'idem-key-1', modelCode: '', lastLiquidity: 2, pendingPriceRevision: false }),
        encodeCommissionReport({ execId: '0001.01', commission: 1, currency: 'USD' }),
        encodeCompletedOrder(sv, contract, order, { status: 'Filled', completedTime: '20250415 19:38:31', completedStatus: 'Filled', filledQuantity: 100 }),
        encodeContractData(sv, 5, details),
        encodeSymbolSamples(sv, 6, [{ contract, derivativeSecTypes: ['OPT', 'CFD'], description: 'APPLE INC' }]),
        encodeHistoricalData(sv, 7, '20250101 00:00:00', '20250102 00:00:00', [{ date: '20250101', open: 1, high: 2, low: 0.5, close: 1.5, volume: 100, wap: 1.2, barCount: 10 }]),
        encodeHistoricalDataUpdate(7, { date: '20250101', open: 1, high: 2, low: 0.5, close: 1.5, volume: 100, wap: 1.2, barCount: 10 }),
        encodePosition('DU1234567', contract, 100, 150.21),
        encodePortfolioValue({ contract, position: 100, marketPrice: 151, marketValue: 15100, averageCost: 150.21, unrealizedPNL: 79, realizedPNL: 0, account: 'DU1234567' }),
        encodePnL(8, 10, 79, undefined),
        encodePnLSingle(9, 100, 10, 79, 0, 15100),
      ];
      const byName = new Map<string, unknown[]>();
      for (const body of all) {
        const { events, errors } = decode(sv, body);
        expect(errors, body.split('\0').slice(0, 3).join('|')).toEqual([]);
        for (const e of events) byName.set(e.name, e.args);
      }
      // An error with an id is reported through emitError: exactly that one, with the code, and nothing else.
      expect(decode(sv, encodeError(sv, 12, 201, 'Order rejected - reason:test', '{"reason":"x"}')).errors).toEqual([
        '201: Order rejected - reason:test',
      ]);
      const open = byName.get('openOrder') as [number, { symbol: string }, { orderRef: string; lmtPrice: number; conditions: unknown[] }, { status: string; commission: number }];
      expect(open[0]).toBe(12);
      expect(open[1].symbol).toBe('AAPL');
      expect(open[2].orderRef).toBe('idem-key-1');
      expect(open[2].lmtPrice).toBe(150.25);
      expect(open[2].conditions).toHaveLength(1);
      expect(open[3]).toMatchObject({ status: 'Submitted', commission: 1 });
      const completed = byName.get('completedOrder') as [{ conId: number }, { orderRef: string }, { status: string; completedStatus: string }];
      expect(completed[0].conId).toBe(265598);
      expect(completed[1].orderRef).toBe('idem-key-1');
      expect(completed[2].completedStatus).toBe('Filled');
      const exec = byName.get('execDetails') as [number, unknown, { orderRef: string; shares: number; price: number }];
      expect(exec[2]).toMatchObject({ orderRef: 'idem-key-1', shares: 100, price: 150.2 });
      const cd = byName.get('contractDetails') as [number, { longName: string; contract: { conId: number }; stockType: string }];
      expect(cd[1].longName).toBe('APPLE INC');
      expect(cd[1].contract.conId).toBe(265598);
      expect(cd[1].stockType).toBe('COMMON');
      expect(byName.get('pnlSingle')).toEqual([9, 100, 10, 79, 0, 15100]);
      expect(byName.get('pnl')).toEqual([8, 10, 79, undefined]);
    });
  }
});

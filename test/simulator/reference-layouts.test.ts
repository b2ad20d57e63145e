/**
 * The encoders of the account-multi, option-chain and reference-data answers, decoded by @stoqey/ib's own Decoder
 * at server versions across 157..193: a field too many or too few would surface as an error (505) or a wrong value.
 */
import { describe, expect, it } from 'vitest';
import { encodeAccountUpdateMulti, encodeAccountUpdateMultiEnd } from '../../src/simulator/protocol/encoders/accountUpdatesMulti.js';
import {
  encodeSecurityDefinitionOptionParameter,
  encodeSecurityDefinitionOptionParameterEnd,
} from '../../src/simulator/protocol/encoders/optionParameters.js';
import {
  encodeDisplayGroupList,
  encodeDisplayGroupUpdated,
  encodeFamilyCodes,
  encodeMarketRule,
  encodeMktDepthExchanges,
  encodeNewsProviders,
  encodeSmartComponents,
  encodeSoftDollarTiers,
  encodeUserInfo,
} from '../../src/simulator/protocol/encoders/referenceData.js';
import { CUST_OPTION_COMPUTATION, encodeTickOptionComputation } from '../../src/simulator/protocol/encoders/optionComputation.js';
import { encodeRealTimeBar } from '../../src/simulator/protocol/encoders/realTimeBars.js';
import { decode } from './stoqey-decoder.js';

const versions = [157, 163, 166, 170, 176, 178, 183, 187, 190, 193];

/** Decodes `body` at `sv`, expects no decoder error and exactly one event; returns its name and arguments. */
function decodeOne(sv: number, body: string): { name: string; args: unknown[] } {
  const { events, errors } = decode(sv, body);
  expect(errors, body.split('\0').slice(0, 3).join('|')).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0] as { name: string; args: unknown[] };
}

describe('account-multi, option-chain, reference-data, option-computation and real-time-bar layouts decode cleanly in @stoqey/ib', () => {
  for (const sv of versions) {
    it(`server version ${sv}`, () => {
      expect(
        decodeOne(sv, encodeAccountUpdateMulti(7, { account: 'DU1234567', modelCode: '', key: 'NetLiquidation', value: '1000000.00', currency: 'USD' })),
      ).toEqual({ name: 'accountUpdateMulti', args: [7, 'DU1234567', '', 'NetLiquidation', '1000000.00', 'USD'] });
      // stoqey reads the End's reqId as a string (its decoder's quirk): the field is the plain id.
      expect(decodeOne(sv, encodeAccountUpdateMultiEnd(7))).toEqual({ name: 'accountUpdateMultiEnd', args: ['7'] });
      const line = decodeOne(
        sv,
        encodeSecurityDefinitionOptionParameter(3, {
          exchange: 'SMART', underlyingConId: 756733, tradingClass: 'SPY', multiplier: '100',
          expirations: ['20261218', '20281215'], strikes: [480, 482.5, 1000],
        }),
      );
      expect(line).toEqual({
        name: 'securityDefinitionOptionParameter',
        args: [3, 'SMART', 756733, 'SPY', 100, ['20261218', '20281215'], [480, 482.5, 1000]],
      });
      expect(decodeOne(sv, encodeSecurityDefinitionOptionParameterEnd(3))).toEqual({ name: 'securityDefinitionOptionParameterEnd', args: [3] });

      expect(decodeOne(sv, encodeMarketRule(32, [{ lowEdge: 0, increment: 0.01 }, { lowEdge: 3, increment: 0.05 }]))).toEqual({
        name: 'marketRule', args: [32, [{ lowEdge: 0, increment: 0.01 }, { lowEdge: 3, increment: 0.05 }]],
      });
      // Rows are never sent (no depth venue), but their layout must hold all the same.
      expect(decodeOne(sv, encodeMktDepthExchanges([{ exchange: 'ISLAND', secType: 'STK', listingExch: 'NASDAQ', serviceDataType: 'Deep2', aggGroup: 1 }]))).toEqual({
        name: 'mktDepthExchanges', args: [[{ exchange: 'ISLAND', secType: 'STK', listingExch: 'NASDAQ', serviceDataType: 'Deep2', aggGroup: 1 }]],
      });
      expect(decodeOne(sv, encodeMktDepthExchanges([]))).toEqual({ name: 'mktDepthExchanges', args: [[]] });
      const smart = decodeOne(sv, encodeSmartComponents(4, [{ bitNumber: 1, exchange: 'NYSE', exchangeLetter: 'N' }, { bitNumber: 2, exchange: 'ARCA', exchangeLetter: 'P' }]));
      expect(smart).toEqual({ name: 'smartComponents', args: [4, new Map([[1, ['NYSE', 'N']], [2, ['ARCA', 'P']]])] });
      expect(decodeOne(sv, encodeFamilyCodes([{ accountId: 'DU1234567', familyCode: '' }]))).toEqual({
        name: 'familyCodes', args: [[{ accountID: 'DU1234567', familyCode: '' }]],
      });
      expect(decodeOne(sv, encodeSoftDollarTiers(6, [{ name: 'n', value: 'v', displayName: 'd' }]))).toEqual({
        name: 'softDollarTiers', args: [6, [{ name: 'n', value: 'v', displayName: 'd' }]],
      });
      expect(decodeOne(sv, encodeNewsProviders([{ code: 'BRFG', name: 'Briefing.com General Market Columns' }]))).toEqual({
        name: 'newsProviders', args: [[{ providerCode: 'BRFG', providerName: 'Briefing.com General Market Columns' }]],
      });
      expect(decodeOne(sv, encodeUserInfo(7, ''))).toEqual({ name: 'userInfo', args: [7, ''] });
      expect(decodeOne(sv, encodeDisplayGroupList(1, [1, 2, 3]))).toEqual({ name: 'displayGroupList', args: [1, '1|2|3'] });
      expect(decodeOne(sv, encodeDisplayGroupUpdated(1, '265598@SMART'))).toEqual({ name: 'displayGroupUpdated', args: [1, '265598@SMART'] });

      const computed = { tickAttrib: 1, impliedVol: 0.2, delta: 0.52, optPrice: 12.5, pvDividend: 0, gamma: 0.01, vega: 0.8, theta: -0.15, undPrice: 600 };
      expect(decodeOne(sv, encodeTickOptionComputation(2, CUST_OPTION_COMPUTATION, computed))).toEqual({
        name: 'tickOptionComputation', args: [2, 53, 1, 0.2, 0.52, 12.5, 0, 0.01, 0.8, -0.15, 600],
      });
      expect(decodeOne(sv, encodeRealTimeBar(9, { time: 1764000000, open: 190.1, high: 190.5, low: 189.9, close: 190.2, volume: 1200, wap: 190.21, count: 14 }))).toEqual({
        name: 'realtimeBar', args: [9, 1764000000, 190.1, 190.5, 189.9, 190.2, 1200, 190.21, 14],
      });
      // "Not computed" sentinels (-1 prices, -2 greeks) reach the client as undefined.
      const none = { tickAttrib: 1, impliedVol: undefined, delta: undefined, optPrice: undefined, pvDividend: undefined, gamma: undefined, vega: undefined, theta: undefined, undPrice: 650 };
      expect(decodeOne(sv, encodeTickOptionComputation(3, CUST_OPTION_COMPUTATION, none)).args).toEqual([
        3, 53, 1, undefined, undefined, undefined, undefined, undefined, undefined, undefined, 650,
      ]);
    });
  }
});

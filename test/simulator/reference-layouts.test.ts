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
import { decode } from './stoqey-decoder.js';

const versions = [157, 163, 166, 170, 176, 178, 183, 187, 190, 193];

/** Decodes `body` at `sv`, expects no decoder error and exactly one event; returns its name and arguments. */
function decodeOne(sv: number, body: string): { name: string; args: unknown[] } {
  const { events, errors } = decode(sv, body);
  expect(errors, body.split('\0').slice(0, 3).join('|')).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0] as { name: string; args: unknown[] };
}

describe('account-multi and option-chain layouts decode cleanly in @stoqey/ib', () => {
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
    });
  }
});

/** Money and price rounding at the gateway boundary (portfolioRounding.ts, applied in portfolio.ts / accountTags.ts). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyAccountTag, emptyAccountSummary } from '../../../src/core/gateway/accountTags.js';
import { roundMoney, roundPrice, roundTo } from '../../../src/core/gateway/portfolioRounding.js';

describe('portfolio rounding', () => {
  it('removes the float noise seen in demo positions', () => {
    expect(roundMoney(-1.4999999999995453)).toBe(-1.5);
    expect(roundMoney(1409.5900000000001)).toBe(1409.59);
    expect(roundPrice(226.57999999999998)).toBe(226.58);
    expect(roundPrice(226.4928571428571)).toBe(226.49285714);
  });

  it('rounds half away from zero in decimal, never to -0', () => {
    expect(roundMoney(1.005)).toBe(1.01);
    expect(roundMoney(-1.005)).toBe(-1.01);
    expect(Object.is(roundMoney(-0.001), 0)).toBe(true);
    expect(roundMoney(1e-7)).toBe(0);
    expect(roundPrice(1.5e-7)).toBe(1.5e-7);
  });

  it('keeps what is real: tick sizes, large balances, non-finite values', () => {
    expect(roundPrice(110.0078125)).toBe(110.0078125); // bond future, 1/128
    expect(roundPrice(1.08345)).toBe(1.08345);
    expect(roundMoney(123_456_789_012.34)).toBe(123_456_789_012.34);
    expect(roundMoney(2 ** 60)).toBe(2 ** 60);
    expect(roundMoney(Number.NaN)).toBeNaN();
    expect(roundMoney(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is within half a unit of the last decimal, and idempotent', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 6 }), (v, d) => {
        const r = roundTo(v, d);
        expect(Math.abs(r - v)).toBeLessThanOrEqual(0.5 * 10 ** -d + Math.abs(v) * 1e-15);
        expect(roundTo(r, d)).toBe(r);
      }),
    );
  });

  it('account values: money to cents, ratios finely, counts unchanged', () => {
    const s = emptyAccountSummary('DU1');
    expect(applyAccountTag(s, 'NetLiquidation', '100000.00999999999', 'USD')).toBe(true);
    applyAccountTag(s, 'Cushion', '0.98234567891', 'USD');
    applyAccountTag(s, 'Leverage', '0.01', 'USD');
    applyAccountTag(s, 'DayTradesRemaining', '-1', 'USD');
    expect(s).toMatchObject({ netLiquidation: 100000.01, cushion: 0.98234568, leverage: 0.01, dayTradesRemaining: -1 });
    // Noise alone is not a change (no accountUpdate push for it).
    expect(applyAccountTag(s, 'NetLiquidation', '100000.0100000001', 'USD')).toBe(false);
  });
});

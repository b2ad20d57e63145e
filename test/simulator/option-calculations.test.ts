/** calculateOptionPrice / calculateImpliedVolatility over a real @stoqey/ib connection. */
import { beforeEach, describe, expect, it } from 'vitest';
import { EventName, IBApiTickType, type Contract } from '@stoqey/ib';
import type { TwsSimulator } from '../../src/simulator/index.js';
import { useSimulator, waitFor, type ConnectedClient } from './helpers.js';

interface Computation {
  tickType: number;
  impliedVol?: number;
  delta?: number;
  optPrice?: number;
  gamma?: number;
  vega?: number;
  theta?: number;
  undPrice?: number;
}

describe('simulator: option calculations over a real @stoqey/ib connection', () => {
  const simulator = useSimulator();
  let sim: TwsSimulator;
  let client: ConnectedClient;
  let computations: Map<number, Computation>;

  beforeEach(async () => {
    ({ sim } = await simulator.start({ backgroundTicksPerSecond: 0 }));
    client = await simulator.connect(1);
    computations = new Map();
    client.ib.on(
      EventName.tickOptionComputation,
      (reqId: number, tickType: IBApiTickType, _attrib: number | undefined, impliedVol?: number, delta?: number, optPrice?: number, _pvDividend?: number, gamma?: number, vega?: number, theta?: number, undPrice?: number) =>
        computations.set(reqId, { tickType, impliedVol, delta, optPrice, gamma, vega, theta, undPrice }),
    );
  });

  /** The nearest-expiry SPY call struck closest to `spot`, as a client would address it. */
  function spyCall(spot: number): Contract {
    const calls = sim.market.catalogue.all().filter((d) => d.contract.symbol === 'SPY' && d.contract.secType === 'OPT' && d.contract.right === 'C');
    const expiry = calls.map((d) => d.contract.lastTradeDateOrContractMonth).sort()[0];
    const sameExpiry = calls.filter((d) => d.contract.lastTradeDateOrContractMonth === expiry);
    const atm = sameExpiry.sort((a, b) => Math.abs(a.contract.strike - spot) - Math.abs(b.contract.strike - spot))[0];
    const c = atm?.contract;
    return { symbol: 'SPY', secType: 'OPT' as Contract['secType'], lastTradeDateOrContractMonth: c?.lastTradeDateOrContractMonth, strike: c?.strike, right: 'C' as Contract['right'], exchange: 'SMART', currency: 'USD', multiplier: 100 };
  }

  it('prices an option from a volatility, and recovers that volatility from the price', async () => {
    const option = spyCall(600);
    client.ib.calculateOptionPrice(1, option, 0.2, 600);
    const priced = await waitFor(() => computations.get(1), 'the option price');
    expect(priced.tickType).toBe(IBApiTickType.CUST_OPTION_COMPUTATION);
    expect(priced.impliedVol).toBe(0.2);
    expect(priced.undPrice).toBe(600);
    // An at-the-money call: worth something, delta around one half, positive gamma and vega, time decay.
    expect(priced.optPrice).toBeGreaterThan(1);
    expect(priced.delta).toBeGreaterThan(0.4);
    expect(priced.delta).toBeLessThan(0.75);
    expect(priced.gamma).toBeGreaterThan(0);
    expect(priced.vega).toBeGreaterThan(0);
    expect(priced.theta).toBeLessThan(0);

    client.ib.calculateImpliedVolatility(2, option, priced.optPrice ?? 0, 600);
    const implied = await waitFor(() => computations.get(2), 'the implied volatility');
    expect(implied.impliedVol).toBeCloseTo(0.2, 5);
    expect(implied.optPrice).toBeCloseTo(priced.optPrice ?? 0, 5);
    expect(implied.delta).toBeCloseTo(priced.delta ?? 0, 5);
    // A higher price means a higher volatility.
    client.ib.calculateImpliedVolatility(3, option, (priced.optPrice ?? 0) * 1.5, 600);
    expect((await waitFor(() => computations.get(3), 'the second implied volatility')).impliedVol).toBeGreaterThan(0.25);
    expect(client.errors).toEqual([]);
  });

  it('answers a contract that is not an option with 200, and a price below intrinsic value with "not computed"', async () => {
    client.ib.calculateOptionPrice(4, { symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' }, 0.3, 190);
    await waitFor(() => client.errors.length === 1, 'the error');
    expect(client.errors[0]).toMatchObject({ reqId: 4, code: 200 });
    const option = spyCall(600);
    client.ib.calculateImpliedVolatility(5, option, 0.01, (option.strike ?? 0) + 50);
    const none = await waitFor(() => computations.get(5), 'the answer');
    expect(none.impliedVol).toBeUndefined();
    expect(none.optPrice).toBeUndefined();
    expect(none.undPrice).toBe((option.strike ?? 0) + 50);
  });
});

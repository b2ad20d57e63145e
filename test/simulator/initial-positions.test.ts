import { describe, expect, it } from 'vitest';
import { EventName, type Contract } from '@stoqey/ib';
import { TwsSimulator } from '../../src/simulator/index.js';
import { useSimulator, waitFor } from './helpers.js';

describe('simulator: initialPositions (an account with history before the first client connects)', () => {
  const simulator = useSimulator();

  it('reports seeded positions to a real @stoqey/ib client, with cash and NetLiquidation consistent and no executions', async () => {
    const { sim } = await simulator.start({
      backgroundTicksPerSecond: 0,
      accounts: ['DU1', 'DU2'],
      initialPositions: [
        { symbol: 'AAPL', secType: 'STK', quantity: 100 },
        { symbol: 'MSFT', secType: 'STK', quantity: -20, avgCost: 400, account: 'DU2' },
        { symbol: 'SPY', secType: 'OPT', lastTradeDateOrContractMonth: '20281215', strike: 750, right: 'C', quantity: 2, avgCost: 1250 },
        { symbol: 'ES', secType: 'FUT', localSymbol: 'ESZ6', quantity: 1, avgCost: 290_000 },
      ],
    });
    const aaplMark = sim.market.markPrice(265598);
    const c = await simulator.connect(41);
    const rows: { account: string; contract: Contract; pos: number; avgCost: number | undefined }[] = [];
    let ended = false;
    c.ib.on(EventName.position, (account: string, contract: Contract, pos: number, avgCost?: number) => rows.push({ account, contract, pos, avgCost }));
    c.ib.on(EventName.positionEnd, () => (ended = true));
    c.ib.reqPositions();
    await waitFor(() => ended, 'positionEnd');
    const by = (symbol: string, secType: string) => rows.find((r) => r.contract.symbol === symbol && r.contract.secType === secType)!;
    expect(by('AAPL', 'STK')).toMatchObject({ account: 'DU1', pos: 100, avgCost: aaplMark });
    expect(by('MSFT', 'STK')).toMatchObject({ account: 'DU2', pos: -20, avgCost: 400 });
    expect(by('SPY', 'OPT')).toMatchObject({ account: 'DU1', pos: 2, avgCost: 1250 });
    expect(by('SPY', 'OPT').contract).toMatchObject({ conId: 843630132, strike: 750, right: 'C' });
    expect(by('ES', 'FUT')).toMatchObject({ pos: 1, avgCost: 290_000 });

    // Cash paid for the stock and the options (2 × 1250); the future costs no cash, it is marked to market.
    const cash = sim.broker.accountNumber('DU1', 'TotalCashValue');
    expect(cash).toBeCloseTo(1_000_000 - 100 * aaplMark - 2500, 6);
    expect(sim.broker.accountNumber('DU2', 'TotalCashValue')).toBeCloseTo(1_000_000 + 20 * 400, 6);
    // NetLiquidation = cash + stock and option values at the mark + the future's open P&L against its avgCost.
    const m = sim.market;
    const netLiq = cash + 100 * aaplMark + 2 * 100 * m.markPrice(843630132) + (50 * m.markPrice(495512563) - 290_000);
    expect(sim.broker.accountNumber('DU1', 'NetLiquidation')).toBeCloseTo(netLiq, 2);
    expect(sim.broker.executions()).toEqual([]);
    expect(sim.broker.orders()).toEqual([]);
    expect(c.errors).toEqual([]);
  });

  it('refuses ambiguous or untradable positions when the simulator is built', () => {
    expect(() => new TwsSimulator({ initialPositions: [{ symbol: 'ES', quantity: 1 }] })).toThrow(/matches 5 instruments/);
    expect(() => new TwsSimulator({ initialPositions: [{ symbol: 'SPX', secType: 'IND', quantity: 1 }] })).toThrow(/index/);
    expect(() => new TwsSimulator({ initialPositions: [{ symbol: 'AAPL', secType: 'STK', quantity: 1, account: 'X' }] })).toThrow(/unknown account/);
    expect(() => new TwsSimulator({ initialPositions: [{ symbol: 'AAPL', secType: 'STK', quantity: 0 }] })).toThrow(/non-zero/);
  });
});

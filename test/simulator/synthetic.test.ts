import { describe, expect, it } from 'vitest';
import { EventName, Stock, type ContractDetails } from '@stoqey/ib';
import { TwsSimulator } from '../../src/simulator/index.js';
import { useSimulator, waitFor } from './helpers.js';

describe('simulator: syntheticInstruments (load tests with 100 instruments)', () => {
  const simulator = useSimulator();

  it('lists SIM001…SIM100 and streams all 100 at once to a real @stoqey/ib client', async () => {
    const { sim } = await simulator.start({ syntheticInstruments: 100, ticksPerSecond: 20, maxMessagesPerSecond: 1000 });
    const c = await simulator.connect(31);
    const details: ContractDetails[] = [];
    let ended = false;
    c.ib.on(EventName.contractDetails, (_id: number, d: ContractDetails) => details.push(d));
    c.ib.on(EventName.contractDetailsEnd, () => (ended = true));
    c.ib.reqContractDetails(1, new Stock('SIM100'));
    await waitFor(() => ended, 'contractDetailsEnd');
    expect(details.map((d) => [d.contract.conId, d.contract.symbol, d.longName])).toEqual([[900_000_100, 'SIM100', 'SIMULATED EQUITY 100']]);

    const ticked = new Set<number>();
    c.ib.on(EventName.tickPrice, (id: number, _field: number, value: number) => {
      if (value > 0) ticked.add(id);
    });
    for (let i = 1; i <= 100; i++) c.ib.reqMktData(100 + i, new Stock(`SIM${String(i).padStart(3, '0')}`), '', false, false);
    await waitFor(() => ticked.size === 100, 'a price from every synthetic instrument');
    expect(sim.marketDataLines()).toBe(100);
    expect(c.errors).toEqual([]);
  });

  it('has none by default and refuses more than SIM999', () => {
    const plain = new TwsSimulator();
    expect(plain.market.quote('SIM001')).toBeUndefined();
    expect(() => new TwsSimulator({ syntheticInstruments: 1000 })).toThrow(/at most 999/);
  });
});

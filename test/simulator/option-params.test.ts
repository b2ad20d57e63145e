/** reqSecDefOptParams over a real @stoqey/ib connection: the SPY chain from the catalogue, per exchange. */
import { beforeEach, describe, expect, it } from 'vitest';
import { EventName, SecType } from '@stoqey/ib';
import type { TwsSimulator } from '../../src/simulator/index.js';
import { useSimulator, waitFor, type ConnectedClient } from './helpers.js';

const SPY_CONID = 756733;

interface ChainLine {
  exchange: string;
  underlyingConId: number;
  tradingClass: string;
  /** stoqey types it as a string but decodes a number (readDouble). */
  multiplier: unknown;
  expirations: string[];
  strikes: number[];
}

describe('simulator: reqSecDefOptParams over a real @stoqey/ib connection', () => {
  const simulator = useSimulator();
  let sim: TwsSimulator;
  let client: ConnectedClient;

  beforeEach(async () => {
    ({ sim } = await simulator.start({ backgroundTicksPerSecond: 0 }));
    client = await simulator.connect(1);
  });

  async function chain(reqId: number, symbol: string, futFopExchange: string, secType: SecType, conId: number): Promise<ChainLine[]> {
    const lines: ChainLine[] = [];
    let ended = false;
    const onLine = (id: number, exchange: string, underlyingConId: number, tradingClass: string, multiplier: string, expirations: string[], strikes: number[]) => {
      if (id === reqId) lines.push({ exchange, underlyingConId, tradingClass, multiplier, expirations, strikes });
    };
    const onEnd = (id: number) => {
      if (id === reqId) ended = true;
    };
    client.ib.on(EventName.securityDefinitionOptionParameter, onLine);
    client.ib.on(EventName.securityDefinitionOptionParameterEnd, onEnd);
    client.ib.reqSecDefOptParams(reqId, symbol, futFopExchange, secType, conId);
    await waitFor(() => ended, 'securityDefinitionOptionParameterEnd');
    client.ib.off(EventName.securityDefinitionOptionParameter, onLine);
    client.ib.off(EventName.securityDefinitionOptionParameterEnd, onEnd);
    return lines;
  }

  it('lists the SPY chain on SMART and on every option exchange, with the expirations and strikes the catalogue trades', async () => {
    const lines = await chain(1, 'SPY', '', SecType.STK, SPY_CONID);
    const spyOptions = sim.market.catalogue.all().filter((d) => d.contract.secType === 'OPT' && d.contract.symbol === 'SPY');
    const exchanges = spyOptions[0]?.validExchanges.split(',') ?? [];
    expect(lines.map((l) => l.exchange)).toEqual(exchanges);
    expect(lines[0]?.exchange).toBe('SMART');
    expect(lines.map((l) => l.exchange)).toContain('CBOE');
    const smart = lines[0] as ChainLine;
    expect(smart).toMatchObject({ underlyingConId: SPY_CONID, tradingClass: 'SPY', multiplier: 100 });
    // Exactly the catalogue's SPY expiries and strikes (the catalogue dates them from the clock), ascending.
    const expiries = new Set(spyOptions.map((d) => d.contract.lastTradeDateOrContractMonth));
    expect(expiries.size).toBeGreaterThanOrEqual(2);
    expect(new Set(smart.expirations)).toEqual(expiries);
    expect(smart.expirations).toHaveLength(expiries.size);
    expect(smart.expirations).toEqual([...smart.expirations].sort());
    expect(new Set(smart.strikes)).toEqual(new Set(spyOptions.map((d) => d.contract.strike)));
    expect(smart.strikes).toHaveLength(new Set(spyOptions.map((d) => d.contract.strike)).size);
    expect(smart.strikes).toEqual([...smart.strikes].sort((a, b) => a - b));
    expect(smart.strikes.every((k) => k > 0 && k % 5 === 0)).toBe(true);
    // Every exchange line carries the same chain (every SPY option lists every exchange).
    for (const line of lines) expect(line).toMatchObject({ expirations: smart.expirations, strikes: smart.strikes });
    expect(client.decodeErrors()).toEqual([]);
  });

  it('gives one line when an exchange is named, and only the end marker for an underlying without options', async () => {
    const cboe = await chain(2, 'SPY', 'CBOE', SecType.STK, SPY_CONID);
    expect(cboe.map((l) => l.exchange)).toEqual(['CBOE']);
    expect(await chain(3, 'AAPL', '', SecType.STK, 265598)).toEqual([]);
    expect(await chain(4, 'SPX', '', SecType.IND, 416904)).toEqual([]);
    expect(await chain(5, 'NOPE', '', SecType.STK, 123)).toEqual([]);
    expect(client.errors).toEqual([]);
  });
});

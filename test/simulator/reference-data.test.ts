/**
 * Reference data, display groups and the services a paper account is not entitled to, over a real @stoqey/ib
 * connection: what each request answers, and that none of them gets 320 (unsupported message).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { EventName, LogLevel, type Contract } from '@stoqey/ib';
import type { TwsSimulator } from '../../src/simulator/index.js';
import { connectClient, useSimulator, waitFor, type ConnectedClient } from './helpers.js';

const AAPL: Contract = { symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };

describe('simulator: reference data over a real @stoqey/ib connection', () => {
  const simulator = useSimulator();
  let sim: TwsSimulator;
  let client: ConnectedClient;

  beforeEach(async () => {
    ({ sim } = await simulator.start({ backgroundTicksPerSecond: 0, accounts: ['DU1111111', 'DU2222222'] }));
    client = await simulator.connect(1);
  });

  /** Sends `request` and resolves with the arguments of the first `event` it triggers. */
  async function ask(event: EventName, request: () => void): Promise<unknown[]> {
    let args: unknown[] | undefined;
    client.ib.once(event, (...received: unknown[]) => (args = received));
    request();
    return waitFor(() => args, String(event));
  }

  /** A round trip after which everything sent earlier has been answered (one socket, in order). */
  async function barrier(): Promise<void> {
    await ask(EventName.currentTime, () => client.ib.reqCurrentTime());
  }

  it('market rules give the price increment of the instruments that name them', async () => {
    const aaplRules = sim.market.catalogue.byConId(265598)?.marketRuleIds.split(',') ?? [];
    const stockRule = Number(aaplRules[0]);
    expect(await ask(EventName.marketRule, () => client.ib.reqMarketRule(stockRule))).toEqual([stockRule, [{ lowEdge: 0, increment: 0.01 }]]);
    const esRule = Number(sim.market.catalogue.byConId(495512563)?.marketRuleIds.split(',')[0]);
    expect(await ask(EventName.marketRule, () => client.ib.reqMarketRule(esRule))).toEqual([esRule, [{ lowEdge: 0, increment: 0.25 }]]);
    const fxRule = Number(sim.market.catalogue.byConId(12087792)?.marketRuleIds);
    expect(await ask(EventName.marketRule, () => client.ib.reqMarketRule(fxRule))).toEqual([fxRule, [{ lowEdge: 0, increment: 0.00005 }]]);
  });

  it('SMART components, depth venues, family codes, soft-dollar tiers, news providers and user info', async () => {
    // The BBO exchange code a client reads from tickReqParams maps to the US venues and their tape letters.
    const [bbo] = await new Promise<[string]>((resolve) => {
      client.ib.once(EventName.tickReqParams, (_id: number, _minTick: number, bboExchange: string) => resolve([bboExchange]));
      client.ib.reqMktData(9, AAPL, '', false, false);
    });
    client.ib.cancelMktData(9);
    const [reqId, components] = (await ask(EventName.smartComponents, () => client.ib.reqSmartComponents(4, bbo))) as [number, Map<number, [string, string]>];
    expect(reqId).toBe(4);
    const byExchange = new Map([...components.values()].map(([exchange, letter]) => [exchange, letter]));
    expect(byExchange.get('NYSE')).toBe('N');
    expect(byExchange.get('NASDAQ')).toBe('Q');
    expect(byExchange.get('ARCA')).toBe('P');
    expect(byExchange.get('IEX')).toBe('V');
    const [, unknown] = (await ask(EventName.smartComponents, () => client.ib.reqSmartComponents(5, 'zz'))) as [number, Map<number, unknown>];
    expect(unknown.size).toBe(0);

    expect(await ask(EventName.mktDepthExchanges, () => client.ib.reqMktDepthExchanges())).toEqual([[]]);
    expect(await ask(EventName.familyCodes, () => client.ib.reqFamilyCodes())).toEqual([
      [
        { accountID: 'DU1111111', familyCode: '' },
        { accountID: 'DU2222222', familyCode: '' },
      ],
    ]);
    expect(await ask(EventName.softDollarTiers, () => client.ib.reqSoftDollarTiers(6))).toEqual([6, []]);
    expect(await ask(EventName.newsProviders, () => client.ib.reqNewsProviders())).toEqual([[]]);
    expect(await ask(EventName.userInfo, () => client.ib.reqUserInfo(7))).toEqual([7, '']);
    expect(client.errors).toEqual([]);
  });

  it('news bulletins and the server log level are accepted without an answer, as TWS does', async () => {
    let bulletins = 0;
    client.ib.on(EventName.updateNewsBulletin, () => bulletins++);
    client.ib.reqNewsBulletins(true);
    client.ib.setServerLogLevel(LogLevel.DETAIL);
    client.ib.cancelNewsBulletins();
    await barrier();
    expect(bulletins).toBe(0);
    expect(client.errors).toEqual([]);
  });

  it('display groups: seven groups, "none" until a client links a contract, then every subscriber hears it', async () => {
    expect(await ask(EventName.displayGroupList, () => client.ib.queryDisplayGroups(1))).toEqual([1, '1|2|3|4|5|6|7']);
    const other = await connectClient(sim.port, 2);
    try {
      const updates: string[] = [];
      other.ib.on(EventName.displayGroupUpdated, (_reqId: number, info: string) => updates.push(info));
      other.ib.subscribeToGroupEvents(20, 3);
      await waitFor(() => updates.length === 1, 'the current contract of group 3');
      expect(updates).toEqual(['none']);
      expect(await ask(EventName.displayGroupUpdated, () => client.ib.subscribeToGroupEvents(10, 3))).toEqual([10, 'none']);
      expect(await ask(EventName.displayGroupUpdated, () => client.ib.updateDisplayGroup(10, '265598@SMART'))).toEqual([10, '265598@SMART']);
      await waitFor(() => updates.length === 2, 'the update in the other client');
      expect(updates[1]).toBe('265598@SMART');
      // A contract id the catalogue does not know is refused.
      client.ib.updateDisplayGroup(10, '1@SMART');
      await waitFor(() => client.errors.length === 1, 'the refusal');
      expect(client.errors[0]).toMatchObject({ code: 321, reqId: 10 });
      client.ib.unsubscribeFromGroupEvents(10);
    } finally {
      other.close();
    }
  });

  it('market depth, FA configuration and fundamentals get the errors TWS gives a paper account', async () => {
    client.ib.reqMktDepth(30, AAPL, 5, true);
    client.ib.reqFundamentalData(31, AAPL, 'ReportSnapshot');
    client.ib.requestFA(1);
    client.ib.cancelMktDepth(30, true);
    await waitFor(() => client.errors.length === 3, 'three errors');
    expect(client.errors.map((e) => [e.reqId, e.code])).toEqual([
      [30, 10092],
      [31, 430],
      [2147483647, 321],
    ]);
    expect(client.errors[0]?.message).toBe('Deep market data is not supported for this combination of security type/exchange');
    expect(client.errors[2]?.message).toContain('FA data operations ignored for non FA customers');
    expect(client.errors.some((e) => e.code === 320)).toBe(false);
  });
});

/**
 * The demo's start-up portfolio as an unmodified @stoqey/ib client sees it on its first requests: positions in
 * USD and EUR, portfolio rows in each instrument's currency, account values per currency and BASE that add up
 * to the USD NetLiquidation, and P&L in USD (account) and EUR (SAP alone).
 */
import { describe, expect, it } from 'vitest';
import { EventName, type Contract } from '@stoqey/ib';
import { SimulatedClock, TwsSimulator, demoPortfolio } from '../../src/simulator/index.js';
import { tradingClock } from '../support/tradingClock.js';
import { useSimulator, waitFor, type ConnectedClient } from './helpers.js';

const ACCOUNT = 'DU1234567';
const SAP = 14204;

interface PortfolioUpdate {
  contract: Contract;
  position: number;
  marketPrice: number;
  marketValue: number;
  averageCost: number;
  unrealized: number;
}

describe('simulator: the demo portfolio over a real @stoqey/ib connection', () => {
  const simulator = useSimulator();

  /** A simulator at the tests' weekday instant holding the demo portfolio, prices still, and a client on it. */
  async function startDemo(clientId: number): Promise<{ sim: TwsSimulator; client: ConnectedClient }> {
    const clock = tradingClock();
    const { sim } = await simulator.start({ clock, backgroundTicksPerSecond: 0, initialPositions: demoPortfolio(clock.now()) });
    return { sim, client: await simulator.connect(clientId) };
  }

  it('lists US stocks, SAP, an OESX call and an ES future, with average costs, from the first reqPositions', async () => {
    // Wednesday 11 March 2026: the March expiries (the 20th) are nine days away, so they are the ones held.
    const demo = await startDemo(7);
    const rows: { contract: Contract; pos: number; avgCost: number }[] = [];
    let ended = false;
    demo.client.ib.on(EventName.position, (_account: string, contract: Contract, pos: number, avgCost?: number) => rows.push({ contract, pos, avgCost: avgCost ?? NaN }));
    demo.client.ib.on(EventName.positionEnd, () => (ended = true));
    demo.client.ib.reqPositions();
    await waitFor(() => ended, 'positionEnd');

    expect(rows.map((r) => [r.contract.symbol, r.contract.secType, r.contract.currency, r.pos, r.avgCost])).toEqual([
      // Catalogue levels AAPL 227.50, MSFT 425.20, NVDA 131.40, SAP 231.40: bought 6 % lower, 5 % higher, 10 % and 5 % lower.
      ['AAPL', 'STK', 'USD', 150, 213.85],
      ['MSFT', 'STK', 'USD', 60, 446.46],
      ['NVDA', 'STK', 'USD', 250, 118.26],
      ['SAP', 'STK', 'EUR', 80, 219.83],
      ['ESTX50', 'OPT', 'EUR', 2, rows[4]!.avgCost],
      // The front quarterly at 5780.25, bought 40 points lower: (5740.25) × 50.
      ['ES', 'FUT', 'USD', 1, 287_012.5],
    ]);
    expect(rows[4]!.contract).toMatchObject({ lastTradeDateOrContractMonth: '20260320', strike: 4950, right: 'C', multiplier: 10, tradingClass: 'OESX' });
    // A near-the-money index call weeks from expiry: some tens of points, times 10.
    expect(rows[4]!.avgCost).toBeGreaterThan(200);
    expect(rows[4]!.avgCost).toBeLessThan(1500);
    expect(rows[5]!.contract).toMatchObject({ localSymbol: 'ESH6', conId: 637533641 });
    expect(demo.client.errors).toEqual([]);
  });

  it('sends portfolio rows in each currency and account values for USD, EUR and BASE that add up to NetLiquidation', async () => {
    const demo = await startDemo(8);
    const values = new Map<string, string>();
    const portfolio: PortfolioUpdate[] = [];
    let downloaded = false;
    demo.client.ib.on(EventName.updateAccountValue, (key: string, value: string, currency: string) => values.set(`${key} ${currency}`, value));
    demo.client.ib.on(
      EventName.updatePortfolio,
      (contract: Contract, position: number, marketPrice: number, marketValue: number, averageCost?: number, unrealized?: number) =>
        portfolio.push({ contract, position, marketPrice, marketValue, averageCost: averageCost ?? NaN, unrealized: unrealized ?? NaN }),
    );
    demo.client.ib.on(EventName.accountDownloadEnd, () => (downloaded = true));
    demo.client.ib.reqAccountUpdates(true, ACCOUNT);
    await waitFor(() => downloaded, 'accountDownloadEnd');

    const value = (key: string, currency: string): number => Number(values.get(`${key} ${currency}`));
    const row = (symbol: string) => portfolio.find((p) => p.contract.symbol === symbol)!;

    // Portfolio rows in the instrument's currency: SAP in EUR around its catalogue level, 80 shares.
    const sap = row('SAP');
    expect(sap.contract.currency).toBe('EUR');
    expect(sap.marketPrice).toBeGreaterThan(200);
    expect(sap.marketPrice).toBeLessThan(260);
    expect(sap.marketValue).toBeCloseTo(80 * sap.marketPrice, 1);
    expect(sap.unrealized).toBeCloseTo(80 * (sap.marketPrice - 219.83), 1);
    // A little profit on most, a loss on MSFT.
    expect(row('MSFT').unrealized).toBeLessThan(0);
    for (const symbol of ['AAPL', 'NVDA', 'SAP', 'ES']) expect(row(symbol).unrealized, symbol).toBeGreaterThan(0);
    // The future's value is its open P&L's basis: 50 × its price.
    expect(row('ES').marketValue).toBeCloseTo(50 * row('ES').marketPrice, 1);

    // Cash per currency: the US stocks were paid in USD; SAP and the option in EUR, which the account borrowed.
    const usdCost = 150 * 213.85 + 60 * 446.46 + 250 * 118.26;
    const eurCost = 80 * 219.83 + 2 * row('ESTX50').averageCost;
    expect(value('CashBalance', 'USD')).toBeCloseTo(1_000_000 - usdCost, 2);
    expect(value('CashBalance', 'EUR')).toBeCloseTo(-eurCost, 2);
    expect(value('StockMarketValue', 'EUR')).toBeCloseTo(sap.marketValue, 1);
    expect(value('OptionMarketValue', 'EUR')).toBeCloseTo(row('ESTX50').marketValue, 1);
    expect(value('FuturesPNL', 'USD')).toBeCloseTo(row('ES').unrealized, 1);
    expect(value('UnrealizedPnL', 'EUR')).toBeCloseTo(sap.unrealized + row('ESTX50').unrealized, 1);

    // EUR.USD from the market, and every currency converted at it into BASE and the USD summary.
    const rate = value('ExchangeRate', 'EUR');
    expect(rate).toBeCloseTo(demo.sim.market.markPrice(12087792), 6);
    expect(rate).toBeGreaterThan(1);
    expect(value('ExchangeRate', 'USD')).toBe(1);
    expect(value('ExchangeRate', 'BASE')).toBe(1);
    expect(values.get('Currency EUR')).toBe('EUR');
    const netLiq = value('NetLiquidation', 'USD');
    expect(value('NetLiquidationByCurrency', 'USD') + value('NetLiquidationByCurrency', 'EUR') * rate).toBeCloseTo(netLiq, 1);
    expect(value('NetLiquidationByCurrency', 'BASE')).toBeCloseTo(netLiq, 1);
    expect(value('CashBalance', 'USD') + value('CashBalance', 'EUR') * rate).toBeCloseTo(value('TotalCashValue', 'USD'), 1);
    // NetLiquidation is the cash plus what the positions are worth (the future counts with its open P&L).
    const eurValue = sap.marketValue + row('ESTX50').marketValue;
    const usdValue = row('AAPL').marketValue + row('MSFT').marketValue + row('NVDA').marketValue + row('ES').unrealized;
    expect(netLiq).toBeCloseTo(value('TotalCashValue', 'USD') + usdValue + eurValue * rate, 0);
    expect(demo.client.errors).toEqual([]);
  });

  it('reports P&L from the first request: the account in USD, SAP in EUR; $LEDGER rows per currency', async () => {
    const demo = await startDemo(9);
    const c = demo.client;
    let account: { daily: number; unrealized: number } | undefined;
    let single: { pos: number; unrealized: number; value: number } | undefined;
    c.ib.on(EventName.pnl, (_id: number, daily: number, unrealized?: number) => (account = { daily, unrealized: unrealized ?? NaN }));
    c.ib.on(EventName.pnlSingle, (_id: number, pos: number, _daily: number, unrealized?: number, _realized?: number, value?: number) =>
      (single = { pos, unrealized: unrealized ?? NaN, value: value ?? NaN }),
    );
    c.ib.reqPnL(1, ACCOUNT, '');
    c.ib.reqPnLSingle(2, ACCOUNT, '', SAP);
    const ledgers = new Map<number, { tag: string; value: string; currency: string }[]>([[3, []], [4, []]]);
    const ledgerEnded = new Set<number>();
    c.ib.on(EventName.accountSummary, (id: number, _account: string, tag: string, value: string, currency: string) =>
      ledgers.get(id)?.push({ tag, value, currency }),
    );
    c.ib.on(EventName.accountSummaryEnd, (id: number) => ledgerEnded.add(id));
    c.ib.reqAccountSummary(3, 'All', '$LEDGER:ALL');
    c.ib.reqAccountSummary(4, 'All', '$LEDGER:EUR');
    await waitFor(() => account && single && ledgerEnded.size === 2, 'pnl, pnlSingle and both ledgers');
    const ledger = ledgers.get(3)!;

    const positions = demo.sim.broker.positions(ACCOUNT);
    const sapMark = demo.sim.market.markPrice(SAP);
    expect(single).toMatchObject({ pos: 80 });
    expect(single!.unrealized).toBeCloseTo(80 * (sapMark - 219.83), 6);
    expect(single!.value).toBeCloseTo(80 * sapMark, 6);
    const rate = demo.sim.market.markPrice(12087792);
    const inUsd = positions.reduce((s, p) => s + p.unrealizedPNL * (p.contract.currency === 'EUR' ? rate : 1), 0);
    expect(account!.unrealized).toBeCloseTo(inUsd, 4);
    expect(account!.unrealized).toBeGreaterThan(0);
    // Today's P&L runs from yesterday's close, not from what the positions cost years ago.
    expect(Math.abs(account!.daily)).toBeLessThan(Math.abs(account!.unrealized));

    const ledgerValue = (tag: string, currency: string) => ledger.find((r) => r.tag === tag && r.currency === currency)?.value;
    expect([...new Set(ledger.map((r) => r.currency))]).toEqual(['BASE', 'EUR', 'USD']);
    expect(Number(ledgerValue('CashBalance', 'EUR'))).toBeLessThan(0);
    expect(Number(ledgerValue('ExchangeRate', 'EUR'))).toBeCloseTo(rate, 6);
    const eurOnly = ledgers.get(4)!;
    expect(eurOnly.every((r) => r.currency === 'EUR')).toBe(true);
    expect(eurOnly.find((r) => r.tag === 'NetLiquidationByCurrency')?.value).toBe(ledgerValue('NetLiquidationByCurrency', 'EUR'));
    expect(c.errors).toEqual([]);
  });

  it('picks its option and future from the clock at any date, rolling contracts that expire within a week', () => {
    const cases: [string, string, string][] = [
      // The day before the March expiries: both roll (April option, June future).
      ['2026-03-19T11:00:00-04:00', '20260417', 'ESM6'],
      // A Saturday: the March contracts are still six days out and roll too.
      ['2026-03-14T12:00:00-04:00', '20260417', 'ESM6'],
      // Three years ahead.
      ['2029-07-02T10:00:00-04:00', '20290720', 'ESU9'],
    ];
    for (const [start, optionExpiry, future] of cases) {
      const clock = new SimulatedClock({ start });
      const built = new TwsSimulator({ clock, initialPositions: demoPortfolio(clock.now()) });
      const held = built.broker.positions(ACCOUNT);
      expect(held, start).toHaveLength(6);
      expect(held.find((p) => p.contract.secType === 'OPT')!.contract.lastTradeDateOrContractMonth, start).toBe(optionExpiry);
      expect(held.find((p) => p.contract.secType === 'FUT')!.contract.localSymbol, start).toBe(future);
      built.broker.dispose();
    }
  });

  it('leaves a simulator without initialPositions with an empty, USD-only account', async () => {
    await simulator.start({ backgroundTicksPerSecond: 0 });
    const client = await simulator.connect(10);
    const currencies = new Set<string>();
    let positions = -1;
    let seen = 0;
    let downloaded = false;
    client.ib.on(EventName.updateAccountValue, (_key: string, _value: string, currency: string) => currencies.add(currency));
    client.ib.on(EventName.accountDownloadEnd, () => (downloaded = true));
    client.ib.on(EventName.position, () => seen++);
    client.ib.on(EventName.positionEnd, () => (positions = seen));
    client.ib.reqPositions();
    client.ib.reqAccountUpdates(true, ACCOUNT);
    await waitFor(() => downloaded && positions >= 0, 'positionEnd and accountDownloadEnd');
    expect(positions).toBe(0);
    expect([...currencies].sort()).toEqual(['', 'BASE', 'USD']);
  });
});

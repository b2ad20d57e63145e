/**
 * Account values derived from one account's books and live prices: the reqAccountSummary tags and the larger
 * updateAccountValue key set, named exactly as IBKR names them.
 *
 * Margin model (a simplified IBKR Reg T margin account, documented so numbers can be checked by hand):
 * stocks/ETFs 25 % of long and 30 % of short value (initial = maintenance), FX 3 %, futures 6 % initial and
 * 5 % maintenance of notional; Reg T margin 50 % of stock value; BuyingPower = 4 × ExcessLiquidity.
 * All positions are opened in the simulated session, so daily P&L equals unrealized + realized P&L.
 */
import type { Market } from '../market/types.js';
import type { AccountLedger, PositionState } from './ledger.js';
import type { AccountPnL, AccountValue, PortfolioRow, PositionPnL, PositionRecord } from './types.js';

export interface Valuation {
  marketPrice: number;
  marketValue: number;
  unrealized: number;
}

export function valuePosition(p: PositionState, market: Market): Valuation {
  const mark = market.markPrice(p.contract.conId);
  const marketPrice = Number.isFinite(mark) ? mark : 0;
  const marketValue = p.qty * marketPrice * p.multiplier;
  const unrealized = p.qty === 0 ? 0 : marketValue - p.qty * p.avgCost;
  return { marketPrice, marketValue, unrealized };
}

export function positionRecord(account: string, p: PositionState, market: Market): PositionRecord {
  const v = valuePosition(p, market);
  return {
    account, contract: p.contract, position: p.qty, avgCost: p.avgCost, marketPrice: v.marketPrice, marketValue: v.marketValue,
    unrealizedPNL: v.unrealized, realizedPNL: p.realized, dailyPNL: v.unrealized + p.realized,
  };
}

export function portfolioRow(account: string, p: PositionState, market: Market): PortfolioRow {
  const v = valuePosition(p, market);
  return {
    account, contract: p.contract, position: p.qty, marketPrice: v.marketPrice, marketValue: v.marketValue, averageCost: p.avgCost,
    unrealizedPNL: v.unrealized, realizedPNL: p.realized,
  };
}

export function positionPnL(p: PositionState, market: Market): PositionPnL {
  const v = valuePosition(p, market);
  return { pos: p.qty, dailyPnL: v.unrealized + p.realized, unrealizedPnL: v.unrealized, realizedPnL: p.realized, value: v.marketValue };
}

/** Raw numbers, unrounded: `accountNumber()` reads these; the string forms are formatted from them. */
export function computeAccountNumbers(ledger: AccountLedger, market: Market): Map<string, number> {
  let stockValue = 0;
  let gross = 0;
  let futuresPnl = 0;
  let unrealized = 0;
  let init = 0;
  let maint = 0;
  let regT = 0;
  for (const p of ledger.positions.values()) {
    if (p.qty === 0) continue;
    const v = valuePosition(p, market);
    unrealized += v.unrealized;
    const notional = Math.abs(v.marketValue);
    switch (p.contract.secType) {
      case 'FUT':
        // Against the price paid, not avgCost: the commission is already out of cash.
        futuresPnl += v.marketValue - p.qty * p.priceBasis;
        init += notional * 0.06;
        maint += notional * 0.05;
        break;
      case 'CASH':
        stockValue += v.marketValue;
        gross += notional;
        init += notional * 0.03;
        maint += notional * 0.03;
        break;
      default: {
        stockValue += v.marketValue;
        gross += notional;
        const rate = p.qty > 0 ? 0.25 : 0.3;
        init += notional * rate;
        maint += notional * rate;
        regT += notional * 0.5;
      }
    }
  }
  const cash = ledger.cash;
  const netLiq = cash + stockValue + futuresPnl;
  const elv = netLiq;
  const available = elv - init;
  const excess = netLiq - maint;
  const realized = ledger.totalRealized();
  const n = new Map<string, number>([
    ['NetLiquidation', netLiq],
    ['TotalCashValue', cash],
    ['SettledCash', cash],
    ['AccruedCash', 0],
    ['BuyingPower', Math.max(0, excess * 4)],
    ['EquityWithLoanValue', elv],
    ['PreviousDayEquityWithLoanValue', ledger.startingCash],
    ['GrossPositionValue', gross],
    ['RegTEquity', elv],
    ['RegTMargin', regT],
    ['SMA', Math.max(0, elv - regT)],
    ['InitMarginReq', init],
    ['MaintMarginReq', maint],
    ['AvailableFunds', available],
    ['ExcessLiquidity', excess],
    ['Cushion', netLiq > 0 ? excess / netLiq : 0],
    ['FullInitMarginReq', init],
    ['FullMaintMarginReq', maint],
    ['FullAvailableFunds', available],
    ['FullExcessLiquidity', excess],
    ['LookAheadNextChange', 0],
    ['LookAheadInitMarginReq', init],
    ['LookAheadMaintMarginReq', maint],
    ['LookAheadAvailableFunds', available],
    ['LookAheadExcessLiquidity', excess],
    ['HighestSeverity', 0],
    // -1 = unlimited: the pattern-day-trader limit does not apply above USD 25,000.
    ['DayTradesRemaining', netLiq >= 25_000 ? -1 : 3],
    ['Leverage', netLiq > 0 ? gross / netLiq : 0],
    ['CashBalance', cash],
    ['TotalCashBalance', cash],
    ['NetLiquidationByCurrency', netLiq],
    ['UnrealizedPnL', unrealized],
    ['RealizedPnL', realized],
    ['StockMarketValue', stockValue],
    ['FuturesPNL', futuresPnl],
    ['ExchangeRate', 1],
  ]);
  return n;
}

/** Keys whose value is a ratio or a count, sent with an empty currency. */
const UNITLESS = new Set(['Cushion', 'Leverage', 'DayTradesRemaining', 'HighestSeverity', 'LookAheadNextChange']);
/** updateAccountValue keys TWS sends per currency and again as BASE. */
const PER_CURRENCY = ['CashBalance', 'TotalCashBalance', 'NetLiquidationByCurrency', 'UnrealizedPnL', 'RealizedPnL', 'StockMarketValue', 'FuturesPNL', 'ExchangeRate'];

function format(key: string, value: number): string {
  if (key === 'Cushion') return value.toFixed(6);
  if (key === 'DayTradesRemaining' || key === 'HighestSeverity' || key === 'LookAheadNextChange') return String(Math.round(value));
  return value.toFixed(2);
}

export function summaryValue(account: string, key: string, numbers: Map<string, number>): AccountValue | undefined {
  if (key === 'AccountType') return { account, key, value: 'INDIVIDUAL', currency: '' };
  const v = numbers.get(key);
  if (v === undefined) return undefined;
  return { account, key, value: format(key, v), currency: UNITLESS.has(key) ? '' : 'USD' };
}

/** The updateAccountValue rows: identity keys, every summary tag, and per-currency rows in USD and BASE. */
export function accountValueRows(account: string, numbers: Map<string, number>, summaryTags: readonly string[]): AccountValue[] {
  const rows: AccountValue[] = [
    { account, key: 'AccountCode', value: account, currency: '' },
    { account, key: 'AccountReady', value: 'true', currency: '' },
    { account, key: 'Currency', value: 'USD', currency: 'USD' },
  ];
  for (const tag of summaryTags) {
    const row = summaryValue(account, tag, numbers);
    if (row) rows.push(row);
  }
  for (const key of PER_CURRENCY) {
    const v = numbers.get(key)!;
    rows.push({ account, key, value: format(key, v), currency: 'USD' });
    rows.push({ account, key, value: format(key, v), currency: 'BASE' });
  }
  return rows;
}

export function accountPnL(ledger: AccountLedger, market: Market): AccountPnL {
  let unrealized = 0;
  for (const p of ledger.positions.values()) unrealized += valuePosition(p, market).unrealized;
  const realized = ledger.totalRealized();
  return { dailyPnL: unrealized + realized, unrealizedPnL: unrealized, realizedPnL: realized };
}

/**
 * Account values derived from one account's books and live prices: the reqAccountSummary tags and the larger
 * updateAccountValue key set, named exactly as IBKR names them.
 *
 * Currencies, as TWS reports a multi-currency account: positions, portfolio rows and P&L of one position are in
 * the instrument's currency; the per-currency keys (CashBalance, NetLiquidationByCurrency, StockMarketValue …)
 * come once per currency held and once as BASE (every currency converted at the live rate and summed); the
 * summary tags (NetLiquidation, TotalCashValue, margins …) and the account's P&L are in the base currency.
 * So NetLiquidation = Σ NetLiquidationByCurrency × ExchangeRate, and NetLiquidationByCurrency = CashBalance +
 * StockMarketValue + OptionMarketValue + FuturesPNL in each currency. An FX position (EUR.USD) is listed in the
 * portfolio, but its value is the EUR cash it brought, so it adds nothing else to NetLiquidation.
 *
 * Margin model (a simplified IBKR Reg T margin account, documented so numbers can be checked by hand), on
 * notional converted to the base currency: stocks/options 25 % of long and 30 % of short value (initial =
 * maintenance), FX 3 %, futures 6 % initial and 5 % maintenance; Reg T margin 50 % of stock and option value;
 * BuyingPower = 4 × ExcessLiquidity.
 * Daily P&L is measured from the previous close for positions carried in from before the session and from the
 * cost for what was opened in it; PreviousDayEquityWithLoanValue is NetLiquidation less today's P&L.
 */
import type { Market } from '../market/types.js';
import type { ExchangeRates } from './exchangeRates.js';
import type { AccountLedger, PositionState } from './ledger.js';
import type { AccountPnL, AccountValue, PortfolioRow, PositionPnL, PositionRecord } from './types.js';

/** The currency column TWS uses for the sum of every currency converted to the base currency. */
export const BASE = 'BASE';

export interface Valuation {
  marketPrice: number;
  marketValue: number;
  unrealized: number;
  /** Today's P&L: value change since the previous close (or since opening today) plus today's realized P&L. */
  daily: number;
}

/** A position's value in its own currency. */
export function valuePosition(p: PositionState, market: Market): Valuation {
  const mark = market.markPrice(p.contract.conId);
  const marketPrice = Number.isFinite(mark) ? mark : 0;
  const marketValue = p.qty * marketPrice * p.multiplier;
  const unrealized = p.qty === 0 ? 0 : marketValue - p.qty * p.avgCost;
  const daily = (p.qty === 0 ? 0 : marketValue - p.qty * p.dailyBasis) + p.dailyRealized;
  return { marketPrice, marketValue, unrealized, daily };
}

export function positionRecord(account: string, p: PositionState, market: Market): PositionRecord {
  const v = valuePosition(p, market);
  return {
    account, contract: p.contract, position: p.qty, avgCost: p.avgCost, marketPrice: v.marketPrice, marketValue: v.marketValue,
    unrealizedPNL: v.unrealized, realizedPNL: p.realized, dailyPNL: v.daily,
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
  return { pos: p.qty, dailyPnL: v.daily, unrealizedPnL: v.unrealized, realizedPnL: p.realized, value: v.marketValue };
}

/** One currency's part of the account, in that currency. */
interface CurrencyBook {
  cash: number;
  /** Stocks, ETFs and crypto. */
  stockValue: number;
  optionValue: number;
  /** Open P&L of futures against the price paid (their value is not paid in cash). */
  futuresPnl: number;
  unrealized: number;
  realized: number;
  daily: number;
}

const emptyBook = (): CurrencyBook => ({ cash: 0, stockValue: 0, optionValue: 0, futuresPnl: 0, unrealized: 0, realized: 0, daily: 0 });

/** The account split by currency: the base currency first, then every other currency held or traded. */
function currencyBooks(ledger: AccountLedger, market: Market): Map<string, CurrencyBook> {
  const books = new Map<string, CurrencyBook>();
  const book = (currency: string): CurrencyBook => {
    let b = books.get(currency);
    if (!b) books.set(currency, (b = emptyBook()));
    return b;
  };
  book(ledger.baseCurrency);
  for (const [currency, cash] of ledger.cashBalances()) book(currency).cash = cash;
  for (const p of ledger.positions.values()) {
    const b = book(p.contract.currency);
    const v = valuePosition(p, market);
    b.realized += p.realized;
    b.unrealized += v.unrealized;
    b.daily += v.daily;
    if (p.qty === 0) continue;
    switch (p.contract.secType) {
      case 'FUT':
        // Against the price paid, not avgCost: the commission is already out of cash.
        b.futuresPnl += v.marketValue - p.qty * p.priceBasis;
        break;
      case 'OPT':
        b.optionValue += v.marketValue;
        break;
      case 'CASH':
        // Already counted: the currency bought sits in its own cash balance.
        break;
      default:
        b.stockValue += v.marketValue;
    }
  }
  return books;
}

const netLiquidationOf = (b: CurrencyBook): number => b.cash + b.stockValue + b.optionValue + b.futuresPnl;

/** Per-currency updateAccountValue keys with numeric values, in the order they are sent. */
const PER_CURRENCY_NUMBERS = [
  'CashBalance', 'TotalCashBalance', 'NetLiquidationByCurrency', 'StockMarketValue', 'OptionMarketValue', 'FuturesPNL', 'UnrealizedPnL',
  'RealizedPnL', 'ExchangeRate',
] as const;

function perCurrencyNumbers(b: CurrencyBook, rate: number): Map<string, number> {
  return new Map<string, number>([
    ['CashBalance', b.cash],
    ['TotalCashBalance', b.cash],
    ['NetLiquidationByCurrency', netLiquidationOf(b)],
    ['StockMarketValue', b.stockValue],
    ['OptionMarketValue', b.optionValue],
    ['FuturesPNL', b.futuresPnl],
    ['UnrealizedPnL', b.unrealized],
    ['RealizedPnL', b.realized],
    ['ExchangeRate', rate],
  ]);
}

/** Raw numbers, unrounded: `accountNumber()` reads these; the string forms are formatted from them. */
export interface AccountNumbers {
  readonly baseCurrency: string;
  /** The account-wide values (every summary tag), in the base currency. */
  readonly base: ReadonlyMap<string, number>;
  /** The per-currency keys by currency code, BASE first (every currency converted and summed), then the currencies in code order. */
  readonly byCurrency: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Every currency's book converted at its live rate and summed: the BASE column. */
function totalInBase(books: ReadonlyMap<string, CurrencyBook>, rates: ExchangeRates): CurrencyBook {
  const total = emptyBook();
  for (const [currency, b] of books) {
    const rate = rates(currency);
    for (const k of Object.keys(total) as (keyof CurrencyBook)[]) total[k] += b[k] * rate;
  }
  return total;
}

export function computeAccountNumbers(ledger: AccountLedger, market: Market, rates: ExchangeRates): AccountNumbers {
  const books = currencyBooks(ledger, market);
  const total = totalInBase(books, rates);
  const byCurrency = new Map<string, ReadonlyMap<string, number>>([[BASE, perCurrencyNumbers(total, 1)]]);
  for (const currency of [...books.keys()].sort()) byCurrency.set(currency, perCurrencyNumbers(books.get(currency)!, rates(currency)));

  let gross = 0;
  let init = 0;
  let maint = 0;
  let regT = 0;
  for (const p of ledger.positions.values()) {
    if (p.qty === 0) continue;
    const notional = Math.abs(valuePosition(p, market).marketValue) * rates(p.contract.currency);
    switch (p.contract.secType) {
      case 'FUT':
        init += notional * 0.06;
        maint += notional * 0.05;
        break;
      case 'CASH':
        init += notional * 0.03;
        maint += notional * 0.03;
        break;
      default: {
        gross += notional;
        const rate = p.qty > 0 ? 0.25 : 0.3;
        init += notional * rate;
        maint += notional * rate;
        regT += notional * 0.5;
      }
    }
  }
  const netLiq = netLiquidationOf(total);
  const cash = total.cash;
  const elv = netLiq;
  const available = elv - init;
  const excess = netLiq - maint;
  const summary = new Map<string, number>([
    ['NetLiquidation', netLiq],
    ['TotalCashValue', cash],
    ['SettledCash', cash],
    ['AccruedCash', 0],
    ['BuyingPower', Math.max(0, excess * 4)],
    ['EquityWithLoanValue', elv],
    ['PreviousDayEquityWithLoanValue', netLiq - total.daily],
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
  ]);
  return { baseCurrency: ledger.baseCurrency, base: summary, byCurrency };
}

/** A number by key: an account-wide value (base currency), or a per-currency one for `currency` (default BASE). */
export function accountNumberOf(numbers: AccountNumbers, key: string, currency?: string): number {
  if (currency === undefined) {
    const v = numbers.base.get(key);
    if (v !== undefined) return v;
  }
  return numbers.byCurrency.get(currency ?? BASE)?.get(key) ?? NaN;
}

/** Keys whose value is a ratio or a count, sent with an empty currency. */
const UNITLESS = new Set(['Cushion', 'Leverage', 'DayTradesRemaining', 'HighestSeverity', 'LookAheadNextChange']);

/** "1.0852", "1.00": TWS sends rates with up to 7 decimals and at least 2. */
function formatRate(rate: number): string {
  const text = rate.toFixed(7).replace(/0+$/, '');
  const decimals = text.length - text.indexOf('.') - 1;
  return decimals >= 2 ? text : rate.toFixed(2);
}

function format(key: string, value: number): string {
  if (key === 'Cushion') return value.toFixed(6);
  if (key === 'ExchangeRate') return formatRate(value);
  if (key === 'DayTradesRemaining' || key === 'HighestSeverity' || key === 'LookAheadNextChange') return String(Math.round(value));
  return value.toFixed(2);
}

export function summaryValue(account: string, key: string, numbers: AccountNumbers): AccountValue | undefined {
  if (key === 'AccountType') return { account, key, value: 'INDIVIDUAL', currency: '' };
  const v = numbers.base.get(key);
  if (v === undefined) return undefined;
  return { account, key, value: format(key, v), currency: UNITLESS.has(key) ? '' : numbers.baseCurrency };
}

/**
 * The updateAccountValue rows: identity keys, every summary tag (base currency), then each per-currency key for
 * BASE and for each currency (TWS also names the currency and the account once per currency).
 */
export function accountValueRows(account: string, numbers: AccountNumbers, summaryTags: readonly string[]): AccountValue[] {
  const rows: AccountValue[] = [
    { account, key: 'AccountCode', value: account, currency: '' },
    { account, key: 'AccountReady', value: 'true', currency: '' },
  ];
  for (const tag of summaryTags) {
    const row = summaryValue(account, tag, numbers);
    if (row) rows.push(row);
  }
  const currencies = [...numbers.byCurrency.keys()];
  for (const currency of currencies) rows.push({ account, key: 'AccountOrGroup', value: account, currency });
  for (const currency of currencies) rows.push({ account, key: 'Currency', value: currency, currency });
  for (const key of PER_CURRENCY_NUMBERS) {
    for (const [currency, values] of numbers.byCurrency) rows.push({ account, key, value: format(key, values.get(key)!), currency });
  }
  return rows;
}

/** reqPnL: the account's P&L in its base currency. */
export function accountPnL(ledger: AccountLedger, market: Market, rates: ExchangeRates): AccountPnL {
  const total = totalInBase(currencyBooks(ledger, market), rates);
  return { dailyPnL: total.daily, unrealizedPnL: total.unrealized, realizedPnL: total.realized };
}

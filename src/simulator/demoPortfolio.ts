/**
 * The start-up portfolio of a demo: a small, realistic USD-based account that a newcomer (and any client) finds
 * with positions, P&L and multi-currency account values from the first second. Three US stocks, a German stock
 * in EUR, a EURO STOXX 50 call on EUREX and an E-mini S&P future; most show a little profit, MSFT a loss.
 *
 * Average costs are set relative to the catalogue's price levels (so the gains and the loss keep their sign if
 * a level is retuned), and the option and the future are picked from the clock's date like the catalogue lists
 * them, never from fixed dates: skipping any that expire within a week, as a trader would have rolled them.
 */
import type { InitialPosition } from './broker/types.js';
import { parseTwsDateTime } from './market/easternTime.js';
import { nextMonthlyExpiries, nextQuarterlyExpiries } from './market/expiryCalendar.js';
import { futureSeeds } from './market/futureChains.js';
import { INSTRUMENT_SEEDS } from './market/instruments.js';
import { blackScholes } from './market/optionModel.js';

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** Contracts expiring sooner than this are rolled to the next expiry. */
const ROLL_DAYS = 7;

const round = (x: number, step: number): number => Math.round(x / step) * step;
const cents = (x: number): number => Math.round(x * 100) / 100;

function basePrice(symbol: string, secType: string): number {
  const seed = INSTRUMENT_SEEDS.find((s) => s.symbol === symbol && s.secType === secType);
  if (!seed) throw new Error(`demo portfolio: ${symbol} ${secType} is not in the catalogue`);
  return seed.basePrice;
}

function expiryMs(expiry: string): number {
  return parseTwsDateTime(`${expiry} 12:00:00`) ?? 0;
}

/** The first of the listed expiries that is at least a week away. */
function firstNotRolled(expiries: readonly string[], nowMs: number): string {
  const expiry = expiries.find((e) => expiryMs(e) - nowMs >= ROLL_DAYS * DAY_MS);
  if (!expiry) throw new Error('demo portfolio: no listed expiry is a week away');
  return expiry;
}

/** A stock bought `change` away from today's level (−0.06: bought 6 % lower). */
function stock(symbol: string, currency: string, quantity: number, change: number): InitialPosition {
  return { symbol, secType: 'STK', currency, quantity, avgCost: cents(basePrice(symbol, 'STK') * (1 + change)) };
}

/**
 * An at-the-money OESX call of the front monthly expiry, bought ten days ago when the index stood 1.5 % lower:
 * its cost is the option's Black-Scholes value then, per contract (multiplier 10), on EUREX's 0.1 point grid.
 */
function estx50Call(nowMs: number, quantity: number): InitialPosition {
  const expiry = firstNotRolled(nextMonthlyExpiries(nowMs, 2), nowMs);
  const index = basePrice('ESTX50', 'IND');
  const strike = round(index, 50);
  const yearsThen = (expiryMs(expiry) - nowMs + 10 * DAY_MS) / YEAR_MS;
  const premium = blackScholes(index * 0.985, strike, yearsThen, 0.17, 'C').value;
  return {
    symbol: 'ESTX50', secType: 'OPT', exchange: 'EUREX', currency: 'EUR', lastTradeDateOrContractMonth: expiry, strike, right: 'C',
    // The premium on the 0.1 point grid, times the multiplier 10: whole euros.
    quantity, avgCost: Math.round(premium * 10),
  };
}

/** The front quarterly E-mini S&P 500 future, bought 40 points below its level (avgCost per contract: × 50). */
function esFuture(nowMs: number, quantity: number): InitialPosition {
  const listed = futureSeeds(nowMs).filter((s) => s.symbol === 'ES');
  const expiry = firstNotRolled(nextQuarterlyExpiries(nowMs, 2), nowMs);
  const level = listed.find((s) => s.expiry === expiry)?.basePrice;
  if (level === undefined) throw new Error(`demo portfolio: no ES future expiring ${expiry}`);
  return { symbol: 'ES', secType: 'FUT', exchange: 'CME', lastTradeDateOrContractMonth: expiry, quantity, avgCost: (level - 40) * 50 };
}

/** The demo account's positions at `nowMs` (the simulator clock's instant), for `TwsSimulatorOptions.initialPositions`. */
export function demoPortfolio(nowMs: number): InitialPosition[] {
  return [
    stock('AAPL', 'USD', 150, -0.06),
    stock('MSFT', 'USD', 60, 0.05),
    stock('NVDA', 'USD', 250, -0.1),
    stock('SAP', 'EUR', 80, -0.05),
    estx50Call(nowMs, 2),
    esFuture(nowMs, 1),
  ];
}

/**
 * Portfolio and account messages: position (61) / positionEnd (62), accountSummary (63/64), updateAccountValue (6),
 * updatePortfolio (7, version 8), updateAccountTime (8), accountDownloadEnd (54), pnl (94), pnlSingle (95).
 */
import { UNSET_DOUBLE, joinFields } from '../fields.js';
import { OUT } from '../messageIds.js';
import type { WireContract } from '../wireTypes.js';

const orMax = (value: number | undefined): string | number => (value === undefined || !Number.isFinite(value) ? UNSET_DOUBLE : value);

export function encodePosition(account: string, c: WireContract, position: number, avgCost: number): string {
  return joinFields([
    OUT.POSITION, 3, account, c.conId ?? 0, c.symbol, c.secType, c.lastTradeDateOrContractMonth ?? '', c.strike ?? 0, c.right ?? '',
    c.multiplier ?? '', c.primaryExch || c.exchange, c.currency, c.localSymbol ?? '', c.tradingClass ?? '', position, avgCost,
  ]);
}

export function encodePositionEnd(): string {
  return joinFields([OUT.POSITION_END, 1]);
}

export function encodeAccountSummary(reqId: number, account: string, tag: string, value: string, currency: string): string {
  return joinFields([OUT.ACCOUNT_SUMMARY, 1, reqId, account, tag, value, currency]);
}

export function encodeAccountSummaryEnd(reqId: number): string {
  return joinFields([OUT.ACCOUNT_SUMMARY_END, 1, reqId]);
}

export function encodeAccountValue(key: string, value: string, currency: string, account: string): string {
  return joinFields([OUT.ACCT_VALUE, 2, key, value, currency, account]);
}

export interface WirePortfolioRow {
  contract: WireContract;
  position: number;
  marketPrice: number;
  marketValue: number;
  averageCost: number;
  unrealizedPNL: number;
  realizedPNL: number;
  account: string;
}

export function encodePortfolioValue(row: WirePortfolioRow): string {
  const c = row.contract;
  return joinFields([
    OUT.PORTFOLIO_VALUE, 8, c.conId ?? 0, c.symbol, c.secType, c.lastTradeDateOrContractMonth ?? '', c.strike ?? 0, c.right ?? '',
    c.multiplier ?? '', c.primaryExch ?? '', c.currency, c.localSymbol ?? '', c.tradingClass ?? '', row.position, row.marketPrice,
    row.marketValue, row.averageCost, row.unrealizedPNL, row.realizedPNL, row.account,
  ]);
}

/** `HH:mm` of the last account update, as TWS sends it. */
export function encodeAccountUpdateTime(time: string): string {
  return joinFields([OUT.ACCT_UPDATE_TIME, 1, time]);
}

export function encodeAccountDownloadEnd(account: string): string {
  return joinFields([OUT.ACCT_DOWNLOAD_END, 1, account]);
}

export function encodePnL(reqId: number, daily: number | undefined, unrealized: number | undefined, realized: number | undefined): string {
  return joinFields([OUT.PNL, reqId, orMax(daily), orMax(unrealized), orMax(realized)]);
}

export function encodePnLSingle(
  reqId: number,
  pos: number,
  daily: number | undefined,
  unrealized: number | undefined,
  realized: number | undefined,
  value: number | undefined,
): string {
  return joinFields([OUT.PNL_SINGLE, reqId, pos, orMax(daily), orMax(unrealized), orMax(realized), orMax(value)]);
}

export function encodePositionMulti(reqId: number, account: string, c: WireContract, position: number, avgCost: number, modelCode: string): string {
  return joinFields([
    OUT.POSITION_MULTI, 1, reqId, account, c.conId ?? 0, c.symbol, c.secType, c.lastTradeDateOrContractMonth ?? '', c.strike ?? 0,
    c.right ?? '', c.multiplier ?? '', c.primaryExch || c.exchange, c.currency, c.localSymbol ?? '', c.tradingClass ?? '', position,
    avgCost, modelCode,
  ]);
}

export function encodePositionMultiEnd(reqId: number): string {
  return joinFields([OUT.POSITION_MULTI_END, 1, reqId]);
}

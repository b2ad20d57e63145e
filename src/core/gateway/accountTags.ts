/**
 * TWS account-summary tags ↔ the contract's AccountSummary fields.
 */
import type { AccountSummary, AccountSummaryNumericField } from '../../common/contract.js';
import { ACCOUNT_SUMMARY_NUMERIC_FIELDS } from '../../common/contract.js';
import { roundMoney, roundRatio } from './portfolioRounding.js';

export const TAG_TO_FIELD: Readonly<Record<string, AccountSummaryNumericField>> = {
  NetLiquidation: 'netLiquidation',
  TotalCashValue: 'totalCashValue',
  SettledCash: 'settledCash',
  AccruedCash: 'accrualCash',
  BuyingPower: 'buyingPower',
  EquityWithLoanValue: 'equityWithLoanValue',
  PreviousDayEquityWithLoanValue: 'previousDayEquityWithLoanValue',
  GrossPositionValue: 'grossPositionValue',
  RegTEquity: 'regTEquity',
  RegTMargin: 'regTMargin',
  SMA: 'sma',
  InitMarginReq: 'initMarginReq',
  MaintMarginReq: 'maintMarginReq',
  AvailableFunds: 'availableFunds',
  ExcessLiquidity: 'excessLiquidity',
  Cushion: 'cushion',
  FullInitMarginReq: 'fullInitMarginReq',
  FullMaintMarginReq: 'fullMaintMarginReq',
  FullAvailableFunds: 'fullAvailableFunds',
  FullExcessLiquidity: 'fullExcessLiquidity',
  LookAheadNextChange: 'lookAheadNextChange',
  LookAheadInitMarginReq: 'lookAheadInitMarginReq',
  LookAheadMaintMarginReq: 'lookAheadMaintMarginReq',
  LookAheadAvailableFunds: 'lookAheadAvailableFunds',
  LookAheadExcessLiquidity: 'lookAheadExcessLiquidity',
  DayTradesRemaining: 'dayTradesRemaining',
  Leverage: 'leverage',
};

/** The fields that are not amounts of money: rounded finely instead of to cents (portfolioRounding.ts). */
const NOT_MONEY: ReadonlySet<AccountSummaryNumericField> = new Set(['cushion', 'leverage', 'dayTradesRemaining', 'lookAheadNextChange']);

/** The tag list for reqAccountSummary: every numeric field, the severity, and the currency. */
export const ACCOUNT_SUMMARY_TAGS = [...Object.keys(TAG_TO_FIELD), 'HighestSeverity'].join(',');

export function emptyAccountSummary(account: string): AccountSummary {
  const s = { account, currency: 'USD', highestSeverity: '' } as AccountSummary;
  for (const f of ACCOUNT_SUMMARY_NUMERIC_FIELDS) s[f] = 0;
  return s;
}

/** Applies one tag; returns whether the summary changed. */
export function applyAccountTag(s: AccountSummary, tag: string, value: string, currency: string): boolean {
  if (tag === 'HighestSeverity') {
    if (s.highestSeverity === value) return false;
    s.highestSeverity = value;
    return true;
  }
  const field = TAG_TO_FIELD[tag];
  if (!field) return false;
  const raw = Number(value);
  if (!Number.isFinite(raw)) return false;
  const n = NOT_MONEY.has(field) ? roundRatio(raw) : roundMoney(raw);
  let changed = false;
  if (currency && currency !== s.currency && tag === 'NetLiquidation') {
    s.currency = currency;
    changed = true;
  }
  if (s[field] !== n) {
    s[field] = n;
    changed = true;
  }
  return changed;
}

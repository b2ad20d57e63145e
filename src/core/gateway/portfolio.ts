/**
 * Positions, account summaries and P&L, kept live.
 *  - reqPositions: every position of every managed account (quantity, average cost);
 *  - reqAccountUpdates (one account at a time, a TWS rule): market price / value and P&L per position;
 *  - reqPnLSingle per position: market value and P&L for the other accounts too (marketPrice = value / position);
 *  - reqAccountSummary: every AccountSummary field for all accounts; reqPnL: daily/unrealized/realized per account.
 *    An account's summary is shown (getAccountSummary, accountUpdate) only once its first batch has ended
 *    (accountSummaryEnd): before that most fields would read 0, which a client cannot tell from a real 0.
 * Everything is requested again on a new session and after 1101 (TWS dropped our subscriptions).
 */
import { EventName, type Contract } from '@stoqey/ib';
import type { AccountSummary, IBKRPosition } from '../../common/contract.js';
import { ACCOUNT_SUMMARY_TAGS, applyAccountTag, emptyAccountSummary } from './accountTags.js';
import type { GatewayContext } from './context.js';
import type { Session } from './session.js';
import type { PnL } from './types.js';
import { roundMoney, roundPrice } from './portfolioRounding.js';

interface PositionState {
  pos: IBKRPosition;
  pnlReqId: number;
  multiplier: number;
}

const num = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

export class Portfolio {
  private readonly positions = new Map<string, PositionState>();
  private readonly summaries = new Map<string, AccountSummary>();
  /** Accounts whose first summary batch has ended: only these are shown. Kept across sessions (last values). */
  private readonly completeSummaries = new Set<string>();
  private readonly pnl = new Map<string, PnL>();
  private readonly pnlReqs = new Map<number, string>();
  private readonly pnlSingleReqs = new Map<number, string>();
  private readonly dirtyAccounts = new Set<string>();
  private summaryReqId = 0;
  private accountUpdatesFor: string | null = null;
  private flushScheduled: NodeJS.Immediate | null = null;
  private session: Session | null = null;

  constructor(private readonly ctx: GatewayContext) {}

  attach(session: Session): void {
    this.session = session;
    session.on(EventName.position, (account: string, contract: Contract, pos: number, avgCost?: number) =>
      this.onPosition(account, contract, pos, avgCost),
    );
    session.on(
      EventName.updatePortfolio,
      (contract: Contract, pos: number, marketPrice: number, marketValue: number, averageCost?: number, unrealized?: number, realized?: number, account?: string) =>
        this.onPortfolio(contract, pos, marketPrice, marketValue, averageCost, unrealized, realized, account),
    );
    session.on(EventName.pnlSingle, (reqId: number, pos: number, daily: number, unrealized?: number, realized?: number, value?: number) =>
      this.onPnlSingle(reqId, pos, unrealized, realized, value),
    );
    session.on(EventName.pnl, (reqId: number, daily: number, unrealized?: number, realized?: number) => {
      const account = this.pnlReqs.get(reqId);
      if (!account) return;
      const money = (v: number | undefined) => (num(v) ? roundMoney(v) : 0);
      this.pnl.set(account, { account, dailyPnL: money(daily), unrealizedPnL: money(unrealized), realizedPnL: money(realized) });
    });
    session.on(EventName.accountSummary, (reqId: number, account: string, tag: string, value: string, currency: string) => {
      if (reqId !== this.summaryReqId) return;
      let s = this.summaries.get(account);
      if (!s) {
        s = emptyAccountSummary(account);
        this.summaries.set(account, s);
        this.dirtyAccounts.add(account);
      }
      if (applyAccountTag(s, tag, value, currency)) this.markDirty(account);
    });
    session.on(EventName.accountSummaryEnd, (reqId: number) => {
      if (reqId !== this.summaryReqId) return;
      // TWS sends every account's rows for the request before its end: all accounts seen so far are complete.
      for (const account of this.summaries.keys()) this.completeSummaries.add(account);
      this.flush();
    });
    this.subscribe(session);
  }

  detach(): void {
    this.session = null;
    this.pnlReqs.clear();
    this.pnlSingleReqs.clear();
    for (const p of this.positions.values()) p.pnlReqId = 0;
    this.accountUpdatesFor = null;
    this.summaryReqId = 0;
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = null;
  }

  /** (Re)subscribes everything on this session: used on connect and after 1101. */
  subscribe(session: Session): void {
    const api = session.api;
    if (this.summaryReqId) api.cancelAccountSummary(this.summaryReqId);
    for (const id of this.pnlReqs.keys()) api.cancelPnL(id);
    for (const id of this.pnlSingleReqs.keys()) api.cancelPnLSingle(id);
    this.pnlReqs.clear();
    this.pnlSingleReqs.clear();
    for (const p of this.positions.values()) p.pnlReqId = 0;

    api.reqPositions();
    this.summaryReqId = this.ctx.nextReqId();
    api.reqAccountSummary(this.summaryReqId, 'All', ACCOUNT_SUMMARY_TAGS);
    for (const account of session.accounts) {
      const id = this.ctx.nextReqId();
      this.pnlReqs.set(id, account);
      api.reqPnL(id, account, '');
    }
    const first = session.accounts[0];
    if (first) {
      this.accountUpdatesFor = first;
      api.reqAccountUpdates(true, first);
    }
    for (const p of this.positions.values()) this.subscribePnlSingle(p);
  }

  private subscribePnlSingle(p: PositionState): void {
    const session = this.session;
    if (!session || p.pnlReqId || !p.pos.conId) return;
    p.pnlReqId = this.ctx.nextReqId();
    this.pnlSingleReqs.set(p.pnlReqId, `${p.pos.account}|${p.pos.conId}`);
    session.api.reqPnLSingle(p.pnlReqId, p.pos.account, '', p.pos.conId);
  }

  private markDirty(account: string): void {
    this.dirtyAccounts.add(account);
    // One accountUpdate per burst of tags, not one per tag.
    if (!this.flushScheduled) this.flushScheduled = setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = null;
    for (const account of this.dirtyAccounts) {
      // An account still in its first batch stays dirty: the batch's end pushes it whole.
      if (!this.completeSummaries.has(account)) continue;
      this.dirtyAccounts.delete(account);
      const s = this.summaries.get(account);
      if (s) this.ctx.emit('accountUpdate', { ...s });
    }
  }

  private state(account: string, contract: Contract): PositionState {
    const conId = contract.conId ?? 0;
    const key = `${account}|${conId}`;
    let p = this.positions.get(key);
    if (!p) {
      p = {
        pos: {
          account,
          symbol: contract.symbol ?? '',
          conId,
          position: 0,
          marketPrice: 0,
          marketValue: 0,
          averageCost: 0,
          unrealizedPnL: 0,
          realizedPnL: 0,
        },
        pnlReqId: 0,
        multiplier: Number(contract.multiplier) > 0 ? Number(contract.multiplier) : 1,
      };
      if (contract.secType) p.pos.secType = contract.secType;
      if (contract.currency) p.pos.currency = contract.currency;
      this.positions.set(key, p);
    }
    return p;
  }

  private emit(p: PositionState, changed: boolean): void {
    if (changed) this.ctx.emit('positionUpdate', { ...p.pos });
  }

  private onPosition(account: string, contract: Contract, position: number, avgCost?: number): void {
    const p = this.state(account, contract);
    let changed = false;
    if (num(position) && p.pos.position !== position) {
      p.pos.position = position;
      // Keep value consistent with the new size until the next price update arrives.
      if (p.pos.marketPrice) p.pos.marketValue = roundMoney(position * p.pos.marketPrice * p.multiplier);
      changed = true;
    }
    // reqPositions reports avgCost per contract including the multiplier; per share it is avgCost / multiplier.
    // Rounded before comparing, so float noise alone never counts as a change (portfolioRounding.ts).
    const perUnit = num(avgCost) ? roundPrice(avgCost / p.multiplier) : undefined;
    if (perUnit !== undefined && p.pos.averageCost !== perUnit) {
      p.pos.averageCost = perUnit;
      changed = true;
    }
    this.subscribePnlSingle(p);
    this.emit(p, changed);
  }

  private onPortfolio(
    contract: Contract,
    position: number,
    marketPrice: number,
    marketValue: number,
    averageCost: number | undefined,
    unrealized: number | undefined,
    realized: number | undefined,
    account: string | undefined,
  ): void {
    const p = this.state(account ?? this.accountUpdatesFor ?? '', contract);
    const before = JSON.stringify(p.pos);
    if (num(position)) p.pos.position = position;
    // Rounded where they come in (portfolioRounding.ts): money to cents, prices and per-unit cost to 8 decimals.
    if (num(marketPrice)) p.pos.marketPrice = roundPrice(marketPrice);
    if (num(marketValue)) p.pos.marketValue = roundMoney(marketValue);
    if (num(averageCost)) p.pos.averageCost = roundPrice(averageCost / p.multiplier);
    if (num(unrealized)) p.pos.unrealizedPnL = roundMoney(unrealized);
    if (num(realized)) p.pos.realizedPnL = roundMoney(realized);
    this.subscribePnlSingle(p);
    this.emit(p, JSON.stringify(p.pos) !== before);
  }

  private onPnlSingle(reqId: number, position: number, unrealized?: number, realized?: number, value?: number): void {
    const key = this.pnlSingleReqs.get(reqId);
    const p = key ? this.positions.get(key) : undefined;
    if (!p) return;
    let changed = false;
    const set = (field: 'unrealizedPnL' | 'realizedPnL' | 'marketValue' | 'marketPrice', v: number | undefined): void => {
      if (num(v) && p.pos[field] !== v) {
        p.pos[field] = v;
        changed = true;
      }
    };
    const money = (v: number | undefined) => (num(v) ? roundMoney(v) : undefined);
    set('unrealizedPnL', money(unrealized));
    set('realizedPnL', money(realized));
    set('marketValue', money(value));
    if (num(value) && num(position) && position !== 0) set('marketPrice', roundPrice(value / (position * p.multiplier)));
    this.emit(p, changed);
  }

  getPositions(): IBKRPosition[] {
    return [...this.positions.values()].filter((p) => p.pos.position !== 0).map((p) => ({ ...p.pos }));
  }

  /** Net position in a symbol over all accounts (for the position-size risk check). */
  positionOf(symbol: string): number {
    let n = 0;
    for (const p of this.positions.values()) if (p.pos.symbol === symbol) n += p.pos.position;
    return n;
  }

  /** The account's summary (default: the first account with one), or null until its first batch has ended. */
  getAccountSummary(account?: string): AccountSummary | null {
    const name = account || this.completeSummaries.values().next().value;
    const s = name !== undefined && this.completeSummaries.has(name) ? this.summaries.get(name) : undefined;
    return s ? { ...s } : null;
  }

  getPnL(account?: string): PnL | null {
    const p = account ? this.pnl.get(account) : this.pnl.values().next().value;
    return p ? { ...p } : null;
  }
}

/**
 * Positions and account data: reqPositions / cancelPositions, reqAccountSummary / cancel (including $LEDGER
 * tags), reqAccountUpdates (one account subscriber at a time across all clients: the previous one gets 2100),
 * reqPnL / reqPnLSingle with periodic pushes. Values come from the broker; pushes follow its events and a timer
 * (TWS re-sends account values every few minutes and P&L about once a second).
 */
import type { AccountValue, BrokerApi, PortfolioRow, PositionRecord } from './broker/types.js';
import type { FieldReader } from './protocol/fields.js';
import { IN } from './protocol/messageIds.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import { decodeReqAccountSummary, decodeReqAccountUpdates, decodeReqPnL, decodeReqPnLSingle } from './protocol/requests/portfolio.js';
import {
  encodeAccountDownloadEnd,
  encodeAccountSummary,
  encodeAccountSummaryEnd,
  encodeAccountUpdateTime,
  encodeAccountValue,
  encodePnL,
  encodePnLSingle,
  encodePortfolioValue,
  encodePosition,
  encodePositionEnd,
  encodePositionMulti,
  encodePositionMultiEnd,
} from './protocol/encoders/portfolio.js';
import type { RequestHandler, Session } from './session.js';
import { wireContract } from './session-convert.js';
import { formatEasternHourMinute } from './market/index.js';

/**
 * Keys reported for $LEDGER summary requests (per currency, like TWS; accountValues() has the ones the simulator
 * models); reqAccountUpdatesMulti's ledgerAndNLV uses them too.
 */
export const LEDGER_KEYS = new Set([
  'CashBalance', 'TotalCashBalance', 'AccruedCash', 'StockMarketValue', 'FutureOptionValue', 'OptionMarketValue',
  'NetLiquidationByCurrency', 'UnrealizedPnL', 'RealizedPnL', 'ExchangeRate', 'FundValue', 'NetDividend',
  'MutualFundValue', 'MoneyMarketFundValue', 'CorporateBondValue', 'TBondValue', 'TBillValue', 'WarrantValue',
  'FxCashBalance', 'AccountOrGroup', 'IssuerOptionValue', 'SettledCash',
]);

interface SummarySubscription {
  session: Session;
  reqId: number;
  tags: string[];
}

interface PnLSubscription {
  session: Session;
  reqId: number;
  account: string;
  conId: number | undefined;
  last: string;
}

export class PortfolioHub {
  private readonly positionSubscribers = new Set<Session>();
  private readonly summaries = new Map<string, SummarySubscription>();
  private readonly pnls = new Map<string, PnLSubscription>();
  private accountSubscriber: { session: Session; account: string } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticksSinceAccountPush = 0;

  constructor(
    private readonly broker: BrokerApi,
    /** Seconds between unsolicited account value / summary re-sends (TWS: 180). */
    private readonly accountPushSeconds: number,
    /** The simulated wall clock (epoch ms): the account update time. */
    private readonly now: () => number,
  ) {
    broker.on('position', (p) => {
      for (const s of this.positionSubscribers) s.send(positionMessage(p));
    });
    broker.on('portfolio', (row) => {
      const sub = this.accountSubscriber;
      if (sub && sub.account === row.account) sub.session.send(portfolioMessage(row));
    });
    broker.on('accountChanged', (account) => {
      const sub = this.accountSubscriber;
      if (sub && sub.account === account) this.sendAccountValues(sub.session, account);
      for (const summary of this.summaries.values()) this.sendSummary(summary, false);
      this.pushPnL();
    });
  }

  handlers(): [number, RequestHandler][] {
    return [
      [IN.REQ_POSITIONS, (s) => this.reqPositions(s)],
      [IN.CANCEL_POSITIONS, (s) => this.positionSubscribers.delete(s)],
      [IN.REQ_POSITIONS_MULTI, (s, r) => this.reqPositionsMulti(s, r)],
      [IN.CANCEL_POSITIONS_MULTI, () => undefined],
      [IN.REQ_ACCOUNT_SUMMARY, (s, r) => this.reqAccountSummary(s, r)],
      [IN.CANCEL_ACCOUNT_SUMMARY, (s, r) => this.cancelById(this.summaries, s, r, true)],
      [IN.REQ_ACCOUNT_DATA, (s, r) => this.reqAccountUpdates(s, r)],
      [IN.REQ_PNL, (s, r) => this.reqPnL(s, r)],
      [IN.CANCEL_PNL, (s, r) => this.cancelById(this.pnls, s, r, false)],
      [IN.REQ_PNL_SINGLE, (s, r) => this.reqPnLSingle(s, r)],
      [IN.CANCEL_PNL_SINGLE, (s, r) => this.cancelById(this.pnls, s, r, false)],
    ];
  }

  /** Starts the once-a-second P&L pushes (and the slower account re-sends). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.pushPnL();
      if (++this.ticksSinceAccountPush >= this.accountPushSeconds) {
        this.ticksSinceAccountPush = 0;
        const sub = this.accountSubscriber;
        if (sub) this.sendAccountValues(sub.session, sub.account);
        for (const summary of this.summaries.values()) this.sendSummary(summary, false);
      }
    }, 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dropSession(session: Session): void {
    this.positionSubscribers.delete(session);
    for (const [key, sub] of this.summaries) if (sub.session === session) this.summaries.delete(key);
    for (const [key, sub] of this.pnls) if (sub.session === session) this.pnls.delete(key);
    if (this.accountSubscriber?.session === session) this.accountSubscriber = undefined;
  }

  private reqPositions(session: Session): void {
    for (const p of this.broker.positions()) session.send(positionMessage(p));
    session.send(encodePositionEnd());
    this.positionSubscribers.add(session);
  }

  /** reqPositionsMulti: the positions of one account (or all when blank), one snapshot then the end marker. */
  private reqPositionsMulti(session: Session, r: FieldReader): void {
    r.int(); // version
    const reqId = r.int();
    const account = r.str();
    const modelCode = r.str();
    for (const p of this.broker.positions(account || undefined)) {
      session.send(encodePositionMulti(reqId, p.account, wireContract(p.contract), p.position, p.avgCost, modelCode));
    }
    session.send(encodePositionMultiEnd(reqId));
  }

  private reqAccountSummary(session: Session, r: FieldReader): void {
    const req = decodeReqAccountSummary(r);
    const sub: SummarySubscription = { session, reqId: req.reqId, tags: req.tags };
    this.summaries.set(subKey(session, req.reqId), sub);
    this.sendSummary(sub, true);
  }

  private sendSummary(sub: SummarySubscription, withEnd: boolean): void {
    const ledger = sub.tags.find((t) => t.startsWith('$LEDGER'));
    const plain = sub.tags.filter((t) => !t.startsWith('$LEDGER'));
    for (const account of this.broker.accounts()) {
      if (plain.length > 0) {
        for (const v of this.broker.accountSummary(account, plain)) {
          sub.session.send(encodeAccountSummary(sub.reqId, account, v.key, v.value, v.currency));
        }
      }
      if (ledger) {
        for (const v of ledgerValues(this.broker.accountValues(account), ledger)) {
          sub.session.send(encodeAccountSummary(sub.reqId, account, v.key, v.value, v.currency));
        }
      }
    }
    if (withEnd) sub.session.send(encodeAccountSummaryEnd(sub.reqId));
  }

  private reqAccountUpdates(session: Session, r: FieldReader): void {
    const { subscribe, account: requested } = decodeReqAccountUpdates(r);
    if (!subscribe) {
      if (this.accountSubscriber?.session === session) this.accountSubscriber = undefined;
      return;
    }
    const account = requested || this.broker.accounts()[0] || '';
    const previous = this.accountSubscriber;
    // Only one account subscription exists across all clients: the earlier subscriber is told it lost it.
    if (previous && previous.session !== session && !previous.session.isClosed) {
      previous.session.sendError(-1, ERR.ACCOUNT_DATA_UNSUBSCRIBED, TEXT.accountDataUnsubscribed);
    }
    this.accountSubscriber = { session, account };
    this.sendAccountValues(session, account);
    for (const row of this.broker.portfolio(account)) session.send(portfolioMessage(row));
    session.send(encodeAccountUpdateTime(formatEasternHourMinute(this.now())));
    session.send(encodeAccountDownloadEnd(account));
  }

  private sendAccountValues(session: Session, account: string): void {
    for (const v of this.broker.accountValues(account)) session.send(encodeAccountValue(v.key, v.value, v.currency, v.account));
  }

  private reqPnL(session: Session, r: FieldReader): void {
    const req = decodeReqPnL(r);
    const sub: PnLSubscription = { session, reqId: req.reqId, account: req.account, conId: undefined, last: '' };
    this.pnls.set(subKey(session, req.reqId), sub);
    this.sendPnL(sub);
  }

  private reqPnLSingle(session: Session, r: FieldReader): void {
    const req = decodeReqPnLSingle(r);
    const sub: PnLSubscription = { session, reqId: req.reqId, account: req.account, conId: req.conId, last: '' };
    this.pnls.set(subKey(session, req.reqId), sub);
    this.sendPnL(sub);
  }

  private pushPnL(): void {
    for (const sub of this.pnls.values()) this.sendPnL(sub);
  }

  /** Sends only when the values changed since the last push (TWS does the same). */
  private sendPnL(sub: PnLSubscription): void {
    let body: string;
    if (sub.conId === undefined) {
      const pnl = this.broker.pnl(sub.account);
      body = encodePnL(sub.reqId, pnl?.dailyPnL, pnl?.unrealizedPnL, pnl?.realizedPnL);
    } else {
      const single = this.broker.pnlSingle(sub.account, sub.conId);
      body = encodePnLSingle(sub.reqId, single?.pos ?? 0, single?.dailyPnL, single?.unrealizedPnL, single?.realizedPnL, single?.value);
    }
    if (body === sub.last) return;
    sub.last = body;
    sub.session.send(body);
  }

  private cancelById<T extends { session: Session }>(map: Map<string, T>, session: Session, r: FieldReader, hasVersion: boolean): void {
    if (hasVersion) r.int();
    map.delete(subKey(session, r.int()));
  }
}

function subKey(session: Session, reqId: number): string {
  return `${session.clientId}:${reqId}`;
}

function positionMessage(p: PositionRecord): string {
  return encodePosition(p.account, wireContract(p.contract), p.position, p.avgCost);
}

function portfolioMessage(row: PortfolioRow): string {
  return encodePortfolioValue({
    contract: wireContract(row.contract),
    position: row.position,
    marketPrice: row.marketPrice,
    marketValue: row.marketValue,
    averageCost: row.averageCost,
    unrealizedPNL: row.unrealizedPNL,
    realizedPNL: row.realizedPNL,
    account: row.account,
  });
}

/**
 * $LEDGER: the BASE column (every currency converted to USD); $LEDGER:ALL: BASE and every currency held;
 * $LEDGER:EUR (or USD): that currency's own rows (none for a currency the account does not hold).
 */
function ledgerValues(values: readonly AccountValue[], tag: string): AccountValue[] {
  const wanted = tag === '$LEDGER:ALL' ? undefined : tag.startsWith('$LEDGER:') ? tag.slice('$LEDGER:'.length).toUpperCase() : 'BASE';
  // Only the per-currency keys (those with a BASE row): a summary tag's USD row is the whole account, not its USD part.
  const perCurrency = new Set(values.filter((v) => v.currency === 'BASE').map((v) => v.key));
  return values.filter((v) => LEDGER_KEYS.has(v.key) && perCurrency.has(v.key) && (wanted === undefined || v.currency === wanted));
}


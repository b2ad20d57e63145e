/**
 * reqAccountUpdatesMulti / cancelAccountUpdatesMulti: the account values of one account (or of every managed
 * account for "" / "All"), each tagged with the account and model code, then accountUpdateMultiEnd; afterwards the
 * values that changed, until the client cancels or disconnects. Unlike reqAccountUpdates, any number of these
 * subscriptions can run side by side (ib_async opens one per managed account during connect()).
 *
 * Values come from the broker, as for reqAccountUpdates. Changes are pushed when the broker reports an account
 * change (a fill) and on the account push timer (market moves change net liquidation without a fill), only for the
 * values whose text changed, as TWS does.
 */
import type { AccountValue, BrokerApi } from './broker/types.js';
import type { FieldReader } from './protocol/fields.js';
import { IN } from './protocol/messageIds.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import { decodeCancelAccountUpdatesMulti, decodeReqAccountUpdatesMulti } from './protocol/requests/accountUpdatesMulti.js';
import { encodeAccountUpdateMulti, encodeAccountUpdateMultiEnd } from './protocol/encoders/accountUpdatesMulti.js';
import type { RequestHandler, Session } from './session.js';
import { LEDGER_KEYS } from './session-portfolio.js';

interface MultiSubscription {
  session: Session;
  reqId: number;
  accounts: readonly string[];
  modelCode: string;
  ledgerAndNLV: boolean;
  /** Last text sent per account/key/currency: only changes are pushed. */
  sent: Map<string, string>;
}

export class AccountUpdatesMultiHub {
  private readonly subscriptions = new Map<string, MultiSubscription>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly broker: BrokerApi,
    /** Seconds between checks for values that moved with the market (TWS: account updates every 3 minutes). */
    private readonly accountPushSeconds: number,
  ) {
    broker.on('accountChanged', (account) => {
      for (const sub of this.subscriptions.values()) if (sub.accounts.includes(account)) this.sendValues(sub, account);
    });
  }

  handlers(): [number, RequestHandler][] {
    return [
      [IN.REQ_ACCOUNT_UPDATES_MULTI, (s, r) => this.subscribe(s, r)],
      [IN.CANCEL_ACCOUNT_UPDATES_MULTI, (s, r) => this.cancel(s, r)],
    ];
  }

  start(): void {
    if (this.timer || this.accountPushSeconds <= 0) return;
    this.timer = setInterval(() => {
      for (const sub of this.subscriptions.values()) for (const account of sub.accounts) this.sendValues(sub, account);
    }, this.accountPushSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dropSession(session: Session): void {
    for (const [key, sub] of this.subscriptions) if (sub.session === session) this.subscriptions.delete(key);
  }

  private subscribe(session: Session, r: FieldReader): void {
    const req = decodeReqAccountUpdatesMulti(r);
    const managed = this.broker.accounts();
    const accounts = req.account === '' || req.account.toUpperCase() === 'ALL' ? managed : [req.account];
    const unknown = accounts.find((a) => !managed.includes(a));
    if (unknown !== undefined) {
      session.sendError(req.reqId, ERR.ERROR_VALIDATING_REQUEST, TEXT.invalidAccountCode(unknown));
      return;
    }
    // No model portfolios exist in the simulated accounts: a model code selects an empty model, so the answer is
    // the end marker alone and there is nothing to keep updated.
    if (req.modelCode !== '') {
      session.send(encodeAccountUpdateMultiEnd(req.reqId));
      return;
    }
    const sub: MultiSubscription = {
      session, reqId: req.reqId, accounts, modelCode: req.modelCode, ledgerAndNLV: req.ledgerAndNLV, sent: new Map(),
    };
    this.subscriptions.set(subscriptionKey(session, req.reqId), sub);
    for (const account of accounts) this.sendValues(sub, account);
    session.send(encodeAccountUpdateMultiEnd(req.reqId));
  }

  private cancel(session: Session, r: FieldReader): void {
    this.subscriptions.delete(subscriptionKey(session, decodeCancelAccountUpdatesMulti(r).reqId));
  }

  /** Sends the account's values that differ from what this subscription last sent (all of them the first time). */
  private sendValues(sub: MultiSubscription, account: string): void {
    for (const v of this.broker.accountValues(account)) {
      if (sub.ledgerAndNLV && !isLedgerOrNlv(v)) continue;
      const key = `${account}\0${v.key}\0${v.currency}`;
      if (sub.sent.get(key) === v.value) continue;
      sub.sent.set(key, v.value);
      sub.session.send(encodeAccountUpdateMulti(sub.reqId, { account, modelCode: sub.modelCode, key: v.key, value: v.value, currency: v.currency }));
    }
  }
}

function subscriptionKey(session: Session, reqId: number): string {
  return `${session.clientId}:${reqId}`;
}

/** ledgerAndNLV: the per-currency ledger (the $LEDGER:ALL rows, BASE included) plus the account's net liquidation. */
function isLedgerOrNlv(v: AccountValue): boolean {
  return v.key === 'NetLiquidation' || (LEDGER_KEYS.has(v.key) && v.currency !== '');
}

/**
 * An account summary is shown only once its first batch has ended (accountSummaryEnd): while the tags are still
 * arriving, getAccountSummary() is null and no accountUpdate is pushed, so no client ever sees the zeros of the
 * fields that have not arrived yet. Driven message by message on a Portfolio with a scripted IBApi stand-in.
 */
import { EventEmitter } from 'node:events';
import type { IBApi } from '@stoqey/ib';
import { EventName } from '@stoqey/ib';
import { describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../../src/common/contract.js';
import type { GatewayContext } from '../../../src/core/gateway/context.js';
import { Portfolio } from '../../../src/core/gateway/portfolio.js';
import { Session } from '../../../src/core/gateway/session.js';

const noop = (): void => undefined;
const logger = { error: noop, warn: noop, info: noop, debug: noop };

function setup() {
  const api = Object.assign(new EventEmitter(), {
    summaryReqIds: [] as number[],
    reqPositions: noop,
    reqAccountSummary(reqId: number) {
      api.summaryReqIds.push(reqId);
    },
    cancelAccountSummary: noop,
    reqPnL: noop,
    cancelPnL: noop,
    reqPnLSingle: noop,
    cancelPnLSingle: noop,
    reqAccountUpdates: noop,
  });
  const session = new Session(api as unknown as IBApi, 1, logger, 1);
  session.accounts = ['DU1', 'DU2'];
  const pushes: AccountSummary[] = [];
  let reqId = 100_000_000;
  const ctx = {
    logger,
    session: () => session,
    nextReqId: () => ++reqId,
    requestTimeoutMs: () => 1_000,
    emit: (event: string, value: AccountSummary) => {
      if (event === 'accountUpdate') pushes.push(value);
    },
    wants: () => true,
    notConnectedReason: () => 'not connected to TWS / IB Gateway',
  } as unknown as GatewayContext;
  const portfolio = new Portfolio(ctx);
  portfolio.attach(session);
  const req = api.summaryReqIds[0]!;
  const tag = (account: string, name: string, value: string, id = req) => api.emit(EventName.accountSummary, id, account, name, value, 'USD');
  const end = (id = req) => api.emit(EventName.accountSummaryEnd, id);
  return { portfolio, pushes, tag, end, req };
}

/** Lets the portfolio's per-burst flush (setImmediate) run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('account summary: null until the first complete batch', () => {
  it('is null (and not pushed) while the first batch arrives, then complete and live', async () => {
    const { portfolio, pushes, tag, end, req } = setup();
    tag('DU1', 'NetLiquidation', '100000.00');
    await turn();
    tag('DU1', 'TotalCashValue', '25000.50');
    tag('DU2', 'NetLiquidation', '5000');
    await turn();
    expect(portfolio.getAccountSummary('DU1')).toBeNull();
    expect(portfolio.getAccountSummary('DU2')).toBeNull();
    expect(portfolio.getAccountSummary()).toBeNull();
    expect(pushes).toEqual([]);

    // Another request's end (a cancelled, older one) does not complete this batch.
    end(req - 1);
    await turn();
    expect(portfolio.getAccountSummary('DU1')).toBeNull();
    expect(pushes).toEqual([]);

    tag('DU1', 'BuyingPower', '400000');
    end();
    const du1 = portfolio.getAccountSummary('DU1');
    expect(du1).toMatchObject({ account: 'DU1', netLiquidation: 100000, totalCashValue: 25000.5, buyingPower: 400000 });
    expect(portfolio.getAccountSummary()).toEqual(du1);
    expect(portfolio.getAccountSummary('DU2')).toMatchObject({ account: 'DU2', netLiquidation: 5000 });
    // The batch end pushes each account once, whole.
    expect(pushes.map((p) => [p.account, p.netLiquidation, p.totalCashValue])).toEqual([
      ['DU1', 100000, 25000.5],
      ['DU2', 5000, 0],
    ]);
    await turn();
    expect(pushes).toHaveLength(2);

    // From then on: live values, one push per burst of changes.
    tag('DU1', 'TotalCashValue', '24000');
    expect(portfolio.getAccountSummary('DU1')?.totalCashValue).toBe(24000);
    await turn();
    expect(pushes).toHaveLength(3);
    expect(pushes[2]).toMatchObject({ account: 'DU1', totalCashValue: 24000 });
  });

  it('an account first seen later is null until a batch that includes it ends', async () => {
    const { portfolio, tag, end } = setup();
    tag('DU1', 'NetLiquidation', '1');
    end();
    expect(portfolio.getAccountSummary('DU1')).not.toBeNull();
    tag('DU3', 'NetLiquidation', '7'); // unsolicited re-send naming a new account
    expect(portfolio.getAccountSummary('DU3')).toBeNull();
    expect(portfolio.getAccountSummary()?.account).toBe('DU1');
  });
});

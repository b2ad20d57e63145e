/** Connection-level requests: the post-connect burst, reqCurrentTime, reqIds, reqManagedAccts. */
import type { FieldReader } from './protocol/fields.js';
import { IN } from './protocol/messageIds.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import { encodeCurrentTime, encodeManagedAccounts, encodeNextValidId } from './protocol/encoders/system.js';
import type { RequestHandler, Session } from './session.js';

export interface SystemContext {
  /** The simulated wall clock (epoch ms). */
  now(): number;
  accounts(): readonly string[];
  nextOrderId(clientId: number): number;
  farmOk(farm: 'usfarm' | 'ushmds' | 'secdefil'): boolean;
}

/** What real TWS sends right after startApi: accounts, the next order id, then the farm-status notices (id -1). */
export function sendWelcome(ctx: SystemContext, session: Session): void {
  session.send(encodeManagedAccounts(ctx.accounts()));
  session.send(encodeNextValidId(ctx.nextOrderId(session.clientId)));
  const usfarm = ctx.farmOk('usfarm');
  const ushmds = ctx.farmOk('ushmds');
  const secdef = ctx.farmOk('secdefil');
  session.sendError(-1, usfarm ? ERR.MARKET_FARM_OK : ERR.MARKET_FARM_BROKEN, TEXT.marketFarm(usfarm));
  session.sendError(-1, ushmds ? ERR.HMDS_FARM_OK : ERR.HMDS_FARM_BROKEN, TEXT.hmdsFarm(ushmds));
  session.sendError(-1, secdef ? ERR.SECDEF_FARM_OK : ERR.SECDEF_FARM_BROKEN, TEXT.secdefFarm(secdef));
}

export function systemHandlers(ctx: SystemContext): [number, RequestHandler][] {
  return [
    [IN.REQ_CURRENT_TIME, (s) => s.send(encodeCurrentTime(Math.floor(ctx.now() / 1000)))],
    // TWS ignores the requested count and answers with the next id for this client.
    [IN.REQ_IDS, (s: Session, _r: FieldReader) => s.send(encodeNextValidId(ctx.nextOrderId(s.clientId)))],
    [IN.REQ_MANAGED_ACCTS, (s) => s.send(encodeManagedAccounts(ctx.accounts()))],
  ];
}

/** Order-related requests besides placeOrder: cancelOrder (4), reqGlobalCancel (58), reqExecutions (7),
 * reqAutoOpenOrders (15), reqCompletedOrders (99). */
import type { FieldReader } from '../fields.js';
import { SV } from '../serverVersions.js';

export function decodeCancelOrder(sv: number, r: FieldReader): { orderId: number } {
  if (sv < SV.CME_TAGGING_FIELDS) r.int(); // version
  const orderId = r.int();
  if (sv >= SV.MANUAL_ORDER_TIME) r.str(); // manualOrderCancelTime
  if (sv >= SV.RFQ_FIELDS && sv < SV.UNDO_RFQ_FIELDS) r.skip(3);
  if (sv >= SV.CME_TAGGING_FIELDS) r.skip(2); // extOperator, manualOrderIndicator
  r.expectEnd('cancelOrder');
  return { orderId };
}

export function decodeGlobalCancel(sv: number, r: FieldReader): void {
  if (sv < SV.CME_TAGGING_FIELDS) r.int(); // version
  else r.skip(2); // extOperator, manualOrderIndicator
  r.expectEnd('reqGlobalCancel');
}

export interface ExecutionsRequest {
  reqId: number;
  clientId?: number;
  account?: string;
  time?: string;
  symbol?: string;
  secType?: string;
  exchange?: string;
  side?: string;
}

export function decodeReqExecutions(r: FieldReader): ExecutionsRequest {
  r.int(); // version
  const reqId = r.int();
  const blank = (s: string) => (s.trim() === '' ? undefined : s.trim());
  const clientId = r.intOpt();
  const request: ExecutionsRequest = {
    reqId,
    // 0 is the filter's default value and means "every client", as in TWS.
    clientId: clientId === undefined || clientId === 0 ? undefined : clientId,
    account: blank(r.str()),
    time: blank(r.str()),
    symbol: blank(r.str()),
    secType: blank(r.str()),
    exchange: blank(r.str()),
    side: blank(r.str()),
  };
  r.expectEnd('reqExecutions');
  return request;
}

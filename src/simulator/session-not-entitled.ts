/**
 * Requests for services the simulated paper account is not entitled to, answered with the error TWS gives such an
 * account rather than with invented data: market depth (10092, and no depth venue is listed), financial-advisor
 * configuration (321, the login is not an advisor's) and fundamentals (430). Their cancels are accepted silently.
 */
import { UNSET_INT } from './protocol/fields.js';
import { IN } from './protocol/messageIds.js';
import { readIdAfterVersion } from './protocol/requests/requestId.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import type { RequestHandler } from './session.js';

export function notEntitledHandlers(): [number, RequestHandler][] {
  return [
    [IN.REQ_MKT_DEPTH, (s, r) => s.sendError(readIdAfterVersion(r), ERR.DEEP_DATA_NOT_SUPPORTED, TEXT.deepDataNotSupported)],
    [IN.CANCEL_MKT_DEPTH, () => undefined],
    // requestFA carries no request id: TWS puts Integer.MAX where it would be.
    [IN.REQ_FA, (s) => s.sendError(Number(UNSET_INT), ERR.ERROR_VALIDATING_REQUEST, TEXT.faNotAllowed('b9'))],
    [
      IN.REPLACE_FA,
      (s, r) => {
        r.skip(3); // version, faDataType, xml
        s.sendError(r.remaining > 0 ? r.int() : Number(UNSET_INT), ERR.ERROR_VALIDATING_REQUEST, TEXT.faNotAllowed('b1'));
      },
    ],
    [IN.REQ_FUNDAMENTAL_DATA, (s, r) => s.sendError(readIdAfterVersion(r), ERR.FUNDAMENTALS_NOT_AVAILABLE, TEXT.fundamentalsNotAvailable)],
    [IN.CANCEL_FUNDAMENTAL_DATA, () => undefined],
  ];
}

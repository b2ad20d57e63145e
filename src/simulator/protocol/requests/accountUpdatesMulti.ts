/**
 * reqAccountUpdatesMulti (76) and cancelAccountUpdatesMulti (77). Both start with a version field whose value
 * clients disagree on (IBKR's client and ib_async send 1, @stoqey/ib 2); the layout is the same at every server
 * version from 157 to 193.
 */
import type { FieldReader } from '../fields.js';

export interface AccountUpdatesMultiRequest {
  reqId: number;
  account: string;
  modelCode: string;
  /** true: only the ledger (cash per currency) and net liquidation values. */
  ledgerAndNLV: boolean;
}

export function decodeReqAccountUpdatesMulti(r: FieldReader): AccountUpdatesMultiRequest {
  r.int(); // version
  const reqId = r.int();
  const account = r.str().trim();
  const modelCode = r.str().trim();
  const ledgerAndNLV = r.bool();
  r.expectEnd('reqAccountUpdatesMulti');
  return { reqId, account, modelCode, ledgerAndNLV };
}

export function decodeCancelAccountUpdatesMulti(r: FieldReader): { reqId: number } {
  r.int(); // version
  const reqId = r.int();
  r.expectEnd('cancelAccountUpdatesMulti');
  return { reqId };
}

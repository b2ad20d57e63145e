/**
 * accountUpdateMulti (73) and accountUpdateMultiEnd (74), the answers to reqAccountUpdatesMulti. Both carry a
 * version field (1) and have the same layout at every server version from 157 to 193 (IBKR's decoder has no gate
 * on them in that range).
 */
import { joinFields } from '../fields.js';
import { OUT } from '../messageIds.js';

export interface AccountUpdateMultiRow {
  account: string;
  modelCode: string;
  key: string;
  value: string;
  currency: string;
}

export function encodeAccountUpdateMulti(reqId: number, row: AccountUpdateMultiRow): string {
  return joinFields([OUT.ACCOUNT_UPDATE_MULTI, 1, reqId, row.account, row.modelCode, row.key, row.value, row.currency]);
}

export function encodeAccountUpdateMultiEnd(reqId: number): string {
  return joinFields([OUT.ACCOUNT_UPDATE_MULTI_END, 1, reqId]);
}

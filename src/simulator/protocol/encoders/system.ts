/** Connection-level messages: the version reply, errors/notices, time, ids, managed accounts. */
import { joinFields } from '../fields.js';
import { OUT } from '../messageIds.js';
import { SV } from '../serverVersions.js';

/** `yyyyMMdd HH:mm:ss TZ`, the connection time TWS sends right after the negotiated version (in US/Eastern style). */
export function connectionTime(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())} ${p(now.getUTCHours())}:${p(now.getUTCMinutes())}:${p(now.getUTCSeconds())} GMT`;
}

export function encodeServerVersion(serverVersion: number, now: Date): string {
  return joinFields([serverVersion, connectionTime(now)]);
}

/**
 * ERR_MSG. advancedOrderRejectJson exists from 166 and must be "" or valid JSON; errorTime (194+) is never sent
 * because no version above 193 is negotiated.
 */
export function encodeError(sv: number, id: number, code: number, message: string, advancedOrderRejectJson = ''): string {
  const fields: (string | number)[] = [OUT.ERR_MSG, 2, id, code, escapeNonAscii(sv, message)];
  if (sv >= SV.ADVANCED_ORDER_REJECT) fields.push(advancedOrderRejectJson);
  return joinFields(fields);
}

/** From 153 TWS sends non-ASCII text as \uXXXX escapes, which clients decode back. */
function escapeNonAscii(sv: number, text: string): string {
  if (sv < SV.ENCODE_MSG_ASCII7) return text;
  // eslint-disable-next-line no-control-regex
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function encodeCurrentTime(epochSeconds: number): string {
  return joinFields([OUT.CURRENT_TIME, 1, epochSeconds]);
}

export function encodeNextValidId(orderId: number): string {
  return joinFields([OUT.NEXT_VALID_ID, 1, orderId]);
}

export function encodeManagedAccounts(accounts: readonly string[]): string {
  return joinFields([OUT.MANAGED_ACCTS, 1, accounts.join(',')]);
}

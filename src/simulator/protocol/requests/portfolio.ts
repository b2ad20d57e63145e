/** Portfolio and account requests: reqAccountSummary (62), reqAccountUpdates (6), reqPnL (92), reqPnLSingle (94). */
import type { FieldReader } from '../fields.js';

export function decodeReqAccountSummary(r: FieldReader): { reqId: number; group: string; tags: string[] } {
  r.int(); // version
  const reqId = r.int();
  const group = r.str();
  const tags = r
    .str()
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  r.expectEnd('reqAccountSummary');
  return { reqId, group, tags };
}

export function decodeReqAccountUpdates(r: FieldReader): { subscribe: boolean; account: string } {
  r.int(); // version
  const subscribe = r.bool();
  const account = r.remaining > 0 ? r.str() : '';
  r.expectEnd('reqAccountUpdates');
  return { subscribe, account };
}

export function decodeReqPnL(r: FieldReader): { reqId: number; account: string; modelCode: string } {
  const reqId = r.int();
  const account = r.str();
  const modelCode = r.str();
  r.expectEnd('reqPnL');
  return { reqId, account, modelCode };
}

export function decodeReqPnLSingle(r: FieldReader): { reqId: number; account: string; modelCode: string; conId: number } {
  const reqId = r.int();
  const account = r.str();
  const modelCode = r.str();
  const conId = r.int();
  r.expectEnd('reqPnLSingle');
  return { reqId, account, modelCode, conId };
}

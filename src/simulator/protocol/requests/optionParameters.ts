/** reqSecDefOptParams (78): no version field, the same five fields at every server version from 157 to 193. */
import type { FieldReader } from '../fields.js';

export interface SecDefOptParamsRequest {
  reqId: number;
  underlyingSymbol: string;
  /** "" for every exchange; set for futures options (e.g. CME). */
  futFopExchange: string;
  underlyingSecType: string;
  underlyingConId: number;
}

export function decodeReqSecDefOptParams(r: FieldReader): SecDefOptParamsRequest {
  const reqId = r.int();
  const underlyingSymbol = r.str().trim();
  const futFopExchange = r.str().trim();
  const underlyingSecType = r.str().trim();
  const underlyingConId = r.int();
  r.expectEnd('reqSecDefOptParams');
  return { reqId, underlyingSymbol, futFopExchange, underlyingSecType, underlyingConId };
}

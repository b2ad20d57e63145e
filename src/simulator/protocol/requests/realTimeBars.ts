/**
 * reqRealTimeBars (50): version, reqId, the contract (conId … tradingClass), barSize (always 5), whatToShow, useRTH,
 * then the realTimeBarsOptions tag/value string. cancelRealTimeBars (51): version, reqId.
 */
import type { FieldReader } from '../fields.js';
import type { WireContract } from '../wireTypes.js';
import { readContractWithPrimary } from './contract.js';

export interface RealTimeBarsRequest {
  reqId: number;
  contract: WireContract;
  whatToShow: string;
  useRTH: boolean;
}

export function decodeReqRealTimeBars(r: FieldReader): RealTimeBarsRequest {
  r.int(); // version
  const reqId = r.int();
  const contract = readContractWithPrimary(r);
  r.int(); // barSize: TWS only has five-second bars, whatever is asked
  const whatToShow = r.str().trim().toUpperCase();
  const useRTH = r.bool();
  return { reqId, contract, whatToShow, useRTH };
}

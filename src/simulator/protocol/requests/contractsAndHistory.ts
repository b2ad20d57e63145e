/** Requests about contracts and history: reqContractDetails (9), reqMatchingSymbols (81), reqHistoricalData (20),
 * reqHeadTimestamp (87), reqHistogramData (88). */
import type { FieldReader } from '../fields.js';
import { SV } from '../serverVersions.js';
import type { WireContract } from '../wireTypes.js';
import { readContractWithPrimary, skipBagLegs } from './contract.js';

export function decodeReqContractDetails(sv: number, r: FieldReader): { reqId: number; contract: WireContract } {
  r.int(); // version
  const reqId = r.int();
  const contract = readContractWithPrimary(r);
  contract.includeExpired = r.bool();
  contract.secIdType = r.str();
  contract.secId = r.str();
  if (sv >= SV.BOND_ISSUERID) contract.issuerId = r.str();
  r.expectEnd('reqContractDetails');
  return { reqId, contract };
}

export function decodeReqMatchingSymbols(r: FieldReader): { reqId: number; pattern: string } {
  const reqId = r.int();
  const pattern = r.str();
  r.expectEnd('reqMatchingSymbols');
  return { reqId, pattern };
}

export interface HistoricalDataRequest {
  reqId: number;
  contract: WireContract;
  endDateTime: string;
  barSizeSetting: string;
  durationStr: string;
  useRTH: boolean;
  whatToShow: string;
  formatDate: number;
  keepUpToDate: boolean;
}

export function decodeReqHistoricalData(r: FieldReader): HistoricalDataRequest {
  // No version field from server version 124 on.
  const reqId = r.int();
  const contract = readContractWithPrimary(r);
  contract.includeExpired = r.bool();
  const endDateTime = r.str();
  const barSizeSetting = r.str();
  const durationStr = r.str();
  const useRTH = r.bool();
  const whatToShow = r.str();
  const formatDate = r.int(1);
  skipBagLegs(r, contract);
  const keepUpToDate = r.bool();
  r.str(); // chartOptions
  r.expectEnd('reqHistoricalData');
  return { reqId, contract, endDateTime, barSizeSetting, durationStr, useRTH, whatToShow, formatDate, keepUpToDate };
}

export function decodeReqHeadTimestamp(r: FieldReader): { reqId: number; contract: WireContract; useRTH: boolean; whatToShow: string; formatDate: number } {
  const reqId = r.int();
  const contract = readContractWithPrimary(r);
  contract.includeExpired = r.bool();
  const useRTH = r.bool();
  const whatToShow = r.str();
  const formatDate = r.int(1);
  r.expectEnd('reqHeadTimestamp');
  return { reqId, contract, useRTH, whatToShow, formatDate };
}

export function decodeReqHistogramData(r: FieldReader): { reqId: number; contract: WireContract; useRTH: boolean; timePeriod: string } {
  const reqId = r.int();
  const contract = readContractWithPrimary(r);
  contract.includeExpired = r.bool();
  const useRTH = r.bool();
  const timePeriod = r.str();
  r.expectEnd('reqHistogramData');
  return { reqId, contract, useRTH, timePeriod };
}

/** Market data requests: reqMktData (1), cancelMktData (2), reqMarketDataType (59), tick-by-tick (97/98). */
import { RequestParseError, type FieldReader } from '../fields.js';
import type { WireContract } from '../wireTypes.js';
import { readContractWithPrimary } from './contract.js';

export interface MktDataRequest {
  tickerId: number;
  contract: WireContract;
  genericTicks: number[];
  snapshot: boolean;
  regulatorySnapshot: boolean;
}

export function decodeReqMktData(r: FieldReader): MktDataRequest {
  r.int(); // version
  const tickerId = r.int();
  const contract = readContractWithPrimary(r);
  if (contract.secType.toUpperCase() === 'BAG') {
    const legs = r.int();
    r.skip(legs * 4);
  }
  if (r.bool()) r.skip(3); // deltaNeutralContract: conId, delta, price
  const genericTickList = r.str();
  const snapshot = r.bool();
  const regulatorySnapshot = r.bool();
  r.str(); // mktDataOptions (TWS rejects non-empty ones; we ignore them)
  r.expectEnd('reqMktData');
  const genericTicks: number[] = [];
  for (const part of genericTickList.split(',')) {
    const t = part.trim();
    if (t === '') continue;
    const n = Number(t);
    if (!Number.isInteger(n)) throw new RequestParseError(`genericTickList '${genericTickList}'`, 'validate');
    genericTicks.push(n);
  }
  return { tickerId, contract, genericTicks, snapshot, regulatorySnapshot };
}

export interface TickByTickRequest {
  reqId: number;
  contract: WireContract;
  tickType: string;
  numberOfTicks: number;
  ignoreSize: boolean;
}

export function decodeReqTickByTick(r: FieldReader): TickByTickRequest {
  const reqId = r.int();
  const contract = readContractWithPrimary(r);
  const tickType = r.str();
  // numberOfTicks and ignoreSize exist from server version 140, i.e. in every version spoken here.
  const numberOfTicks = r.int();
  const ignoreSize = r.bool();
  r.expectEnd('reqTickByTickData');
  return { reqId, contract, tickType, numberOfTicks, ignoreSize };
}

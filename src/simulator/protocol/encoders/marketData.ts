/**
 * Market data messages (tickPrice, tickSize, tickString, tickGeneric, tickReqParams, marketDataType,
 * tickSnapshotEnd, tickByTick). The streaming path builds frames as latin1 strings with the 4-byte length
 * prefix inlined, so a whole batch of ticks becomes one Buffer per socket write.
 */
import { joinFields } from '../fields.js';
import { OUT } from '../messageIds.js';

export const TickType = {
  BID_SIZE: 0,
  BID: 1,
  ASK: 2,
  ASK_SIZE: 3,
  LAST: 4,
  LAST_SIZE: 5,
  HIGH: 6,
  LOW: 7,
  VOLUME: 8,
  CLOSE: 9,
  OPEN: 14,
  LAST_TIMESTAMP: 45,
  SHORTABLE: 46,
  RT_VOLUME: 48,
  HALTED: 49,
} as const;

/** Live tick type → its delayed twin (66..76, 88), used for market data types 3 and 4. */
const DELAYED: Readonly<Record<number, number>> = {
  [TickType.BID]: 66,
  [TickType.ASK]: 67,
  [TickType.LAST]: 68,
  [TickType.BID_SIZE]: 69,
  [TickType.ASK_SIZE]: 70,
  [TickType.LAST_SIZE]: 71,
  [TickType.HIGH]: 72,
  [TickType.LOW]: 73,
  [TickType.VOLUME]: 74,
  [TickType.CLOSE]: 75,
  [TickType.OPEN]: 76,
  [TickType.LAST_TIMESTAMP]: 88,
};

export function tickTypeFor(tickType: number, delayed: boolean): number {
  return delayed ? (DELAYED[tickType] ?? tickType) : tickType;
}

/** Message versions TWS uses for the tick messages (stoqey needs tickPrice >= 3 for size and attributes). */
const TICK_PRICE_VERSION = 6;
const TICK_SIZE_VERSION = 6;

/** The 4-byte big-endian length as latin1 characters, so a frame can live inside a latin1 string. */
export function latin1Length(length: number): string {
  return String.fromCharCode((length >>> 24) & 255, (length >>> 16) & 255, (length >>> 8) & 255, length & 255);
}

/** A complete frame (length prefix + body) as a latin1 string; the body must be ASCII. */
export function latin1Frame(body: string): string {
  return latin1Length(body.length) + body;
}

/** tickPrice frame; `size` is "" for ticks that carry no size (HIGH/LOW/CLOSE/OPEN). */
export function tickPriceFrame(tickerId: number, tickType: number, price: number, size: number | '', attrMask: number): string {
  return latin1Frame(`${OUT.TICK_PRICE}\0${TICK_PRICE_VERSION}\0${tickerId}\0${tickType}\0${price}\0${size}\0${attrMask}\0`);
}

export function tickSizeFrame(tickerId: number, tickType: number, size: number): string {
  return latin1Frame(`${OUT.TICK_SIZE}\0${TICK_SIZE_VERSION}\0${tickerId}\0${tickType}\0${size}\0`);
}

export function tickStringFrame(tickerId: number, tickType: number, value: string): string {
  return latin1Frame(`${OUT.TICK_STRING}\0${TICK_SIZE_VERSION}\0${tickerId}\0${tickType}\0${value}\0`);
}

export function tickGenericFrame(tickerId: number, tickType: number, value: number): string {
  return latin1Frame(`${OUT.TICK_GENERIC}\0${TICK_SIZE_VERSION}\0${tickerId}\0${tickType}\0${value}\0`);
}

export function encodeTickReqParams(tickerId: number, minTick: number, bboExchange: string, snapshotPermissions: number): string {
  return joinFields([OUT.TICK_REQ_PARAMS, tickerId, minTick, bboExchange, snapshotPermissions]);
}

export function encodeMarketDataType(tickerId: number, marketDataType: number): string {
  return joinFields([OUT.MARKET_DATA_TYPE, 1, tickerId, marketDataType]);
}

export function encodeTickSnapshotEnd(tickerId: number): string {
  return joinFields([OUT.TICK_SNAPSHOT_END, 1, tickerId]);
}

/** TICK_BY_TICK BidAsk (type 3). */
export function encodeTickByTickBidAsk(reqId: number, time: number, bid: number, ask: number, bidSize: number, askSize: number): string {
  return joinFields([OUT.TICK_BY_TICK, reqId, 3, time, bid, ask, bidSize, askSize, 0]);
}

/** TICK_BY_TICK Last / AllLast (types 1 and 2). */
export function encodeTickByTickLast(reqId: number, type: 1 | 2, time: number, price: number, size: number, exchange: string): string {
  return joinFields([OUT.TICK_BY_TICK, reqId, type, time, price, size, 0, exchange, '']);
}

/** TICK_BY_TICK MidPoint (type 4). */
export function encodeTickByTickMidPoint(reqId: number, time: number, midPoint: number): string {
  return joinFields([OUT.TICK_BY_TICK, reqId, 4, time, midPoint]);
}

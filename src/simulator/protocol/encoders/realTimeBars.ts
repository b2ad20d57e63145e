/** realtimeBar (50, version 3): one five-second bar. The layout is the same at every version from 157 to 193. */
import { joinFields } from '../fields.js';
import { OUT } from '../messageIds.js';

export interface RealTimeBar {
  /** Bar start, epoch seconds. */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** -1 for MIDPOINT / BID / ASK bars, as TWS sends them. */
  volume: number;
  wap: number;
  count: number;
}

export function encodeRealTimeBar(reqId: number, bar: RealTimeBar): string {
  return joinFields([OUT.REAL_TIME_BARS, 3, reqId, bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.wap, bar.count]);
}

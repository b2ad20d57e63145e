/** Historical messages: historicalData (17), historicalDataUpdate (90), headTimestamp (88), histogramData (89). */
import { joinFields, type Field } from '../fields.js';
import { OUT } from '../messageIds.js';
import { SV } from '../serverVersions.js';
import type { WireBar } from '../wireTypes.js';

/** All bars in one message; no version and no hasGaps from 124 on (every version this simulator speaks). */
export function encodeHistoricalData(sv: number, reqId: number, startDateStr: string, endDateStr: string, bars: readonly WireBar[]): string {
  const f: Field[] = [OUT.HISTORICAL_DATA];
  if (sv < SV.SYNT_REALTIME_BARS) f.push(3);
  f.push(reqId, startDateStr, endDateStr, bars.length);
  for (const b of bars) f.push(b.date, b.open, b.high, b.low, b.close, b.volume, b.wap, b.barCount);
  return joinFields(f);
}

/** keepUpToDate update: note the open, close, high, low order and WAP before volume, as TWS sends it. */
export function encodeHistoricalDataUpdate(reqId: number, b: WireBar): string {
  return joinFields([OUT.HISTORICAL_DATA_UPDATE, reqId, b.barCount, b.date, b.open, b.close, b.high, b.low, b.wap, b.volume]);
}

export function encodeHeadTimestamp(reqId: number, timestamp: string): string {
  return joinFields([OUT.HEAD_TIMESTAMP, reqId, timestamp]);
}

export function encodeHistogramData(reqId: number, items: readonly { price: number; size: number }[]): string {
  const f: Field[] = [OUT.HISTOGRAM_DATA, reqId, items.length];
  for (const i of items) f.push(i.price, i.size);
  return joinFields(f);
}

/** HISTORICAL_TICKS_LAST (98): time (epoch s), attribute mask, price, size, exchange, special conditions; then done. */
export function encodeHistoricalTicksLast(reqId: number, ticks: readonly { time: number; price: number; size: number; exchange: string }[], done: boolean): string {
  const f: Field[] = [OUT.HISTORICAL_TICKS_LAST, reqId, ticks.length];
  for (const t of ticks) f.push(t.time, 0, t.price, t.size, t.exchange, '');
  f.push(done);
  return joinFields(f);
}

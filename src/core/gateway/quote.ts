/**
 * Tick → quote field mapping. Delayed ticks (66-76) are folded onto their live counterparts (1 BID, 2 ASK, ...) so
 * consumers see one vocabulary; the quote's `delayed` flag and the connection's dataQuality say where they came from.
 * Lookups go through a fixed array so the per-tick path does no allocation beyond the event object itself.
 */
import type { Quote } from './types.js';

type QuoteField = 'bid' | 'ask' | 'last' | 'bidSize' | 'askSize' | 'lastSize' | 'volume' | 'high' | 'low' | 'close' | 'open';

interface TickMapping {
  field: QuoteField;
  /** The live tick type this tick is reported as. */
  liveTick: number;
  delayed: boolean;
}

const TICKS: Array<TickMapping | undefined> = [];
const live = (tick: number, field: QuoteField): void => {
  TICKS[tick] = { field, liveTick: tick, delayed: false };
};
const delayed = (tick: number, liveTick: number, field: QuoteField): void => {
  TICKS[tick] = { field, liveTick, delayed: true };
};
live(0, 'bidSize');
live(1, 'bid');
live(2, 'ask');
live(3, 'askSize');
live(4, 'last');
live(5, 'lastSize');
live(6, 'high');
live(7, 'low');
live(8, 'volume');
live(9, 'close');
live(14, 'open');
delayed(66, 1, 'bid');
delayed(67, 2, 'ask');
delayed(68, 4, 'last');
delayed(69, 0, 'bidSize');
delayed(70, 3, 'askSize');
delayed(71, 5, 'lastSize');
delayed(72, 6, 'high');
delayed(73, 7, 'low');
delayed(74, 8, 'volume');
delayed(75, 9, 'close');
delayed(76, 14, 'open');

const SIZE_FIELDS: ReadonlySet<QuoteField> = new Set<QuoteField>(['bidSize', 'askSize', 'lastSize', 'volume']);

export function emptyQuote(symbol: string, conId: number): Quote {
  return { symbol, conId, delayed: false, updatedAt: null };
}

/**
 * Applies one tick. Returns the live tick type it stands for, or -1 when the tick is not a quote field, carries no
 * usable value (TWS sends -1 for "no bid" and stoqey maps unset values to undefined), or is a size that repeats
 * the current value (stoqey emits a tickSize for every BID/ASK/LAST tickPrice and TWS may send the same size again
 * as its own message: without this, every size would be reported twice). Prices are reported even when unchanged:
 * a trade at the same price is still a trade.
 */
export function applyTick(q: Quote, tickType: number, value: number | undefined, nowIso: string): number {
  const m = TICKS[tickType];
  if (m === undefined || value === undefined || !Number.isFinite(value)) return -1;
  // -1 price means "not available" in TWS (e.g. no bid outside market hours): keep the last good value.
  if (value < 0 && m.field !== 'close') return -1;
  q.delayed = m.delayed;
  if (q[m.field] === value && SIZE_FIELDS.has(m.field)) return -1;
  q[m.field] = value;
  q.updatedAt = nowIso;
  return m.liveTick;
}

/**
 * Tick → quote field mapping (the table is src/common/quoteFields.ts). Delayed ticks (66-76) are folded onto their
 * live counterparts (1 BID, 2 ASK, ...) so consumers see one vocabulary; the quote's `delayed` flag and the connection's dataQuality say where they came from.
 * Lookups go through a fixed array so the per-tick path does no allocation beyond the event object itself.
 */
import { QUOTE_FIELD_TICKS, SIZE_FIELDS, type QuoteNumberField } from '../../common/quoteFields.js';
import type { Quote } from './types.js';

interface TickMapping {
  field: QuoteNumberField;
  /** The live tick type this tick is reported as. */
  liveTick: number;
  delayed: boolean;
}

const TICKS: Array<TickMapping | undefined> = [];
for (const { field, live, delayed } of QUOTE_FIELD_TICKS) {
  TICKS[live] = { field, liveTick: live, delayed: false };
  TICKS[delayed] = { field, liveTick: live, delayed: true };
}

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

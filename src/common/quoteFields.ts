/**
 * THE table of quote fields and the IB tick types that carry them: the live tick type (what MarketDataUpdate.field
 * says, and what the frontend knows a field by) and its delayed counterpart (market data type 3/4). The gateway
 * reads ticks with it, the API turns a quote back into updates with it.
 */
import type { Quote } from './apiMessages.js';

export type QuoteNumberField = 'bid' | 'ask' | 'last' | 'bidSize' | 'askSize' | 'lastSize' | 'volume' | 'high' | 'low' | 'close' | 'open';

export const QUOTE_FIELD_TICKS: ReadonlyArray<{ readonly field: QuoteNumberField & keyof Quote; readonly live: number; readonly delayed: number }> = [
  { field: 'bidSize', live: 0, delayed: 69 },
  { field: 'bid', live: 1, delayed: 66 },
  { field: 'ask', live: 2, delayed: 67 },
  { field: 'askSize', live: 3, delayed: 70 },
  { field: 'last', live: 4, delayed: 68 },
  { field: 'lastSize', live: 5, delayed: 71 },
  { field: 'high', live: 6, delayed: 72 },
  { field: 'low', live: 7, delayed: 73 },
  { field: 'volume', live: 8, delayed: 74 },
  { field: 'close', live: 9, delayed: 75 },
  { field: 'open', live: 14, delayed: 76 },
];

/** Sizes (repeated unchanged values are not news, unlike a trade at the same price). */
export const SIZE_FIELDS: ReadonlySet<QuoteNumberField> = new Set<QuoteNumberField>(['bidSize', 'askSize', 'lastSize', 'volume']);

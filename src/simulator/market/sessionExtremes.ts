/**
 * The session high and low follow the last trade. Shared by every price model (stocks and the like, options), so
 * a trade moves them the same way whatever produced it.
 */
import { QuoteField } from './types.js';
import type { Quote, QuoteFieldMask } from './types.js';

/** Widens the quote's high / low to its last price; returns the mask of what changed. */
export function widenSessionExtremes(q: Quote): QuoteFieldMask {
  let mask = 0;
  if (q.last > q.high) {
    q.high = q.last;
    mask |= QuoteField.HIGH;
  }
  if (q.last < q.low) {
    q.low = q.last;
    mask |= QuoteField.LOW;
  }
  return mask;
}

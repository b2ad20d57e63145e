/**
 * The current quote of a freshly subscribed line, as marketData updates, so a new subscriber sees prices at once
 * instead of waiting for the next tick (quiet instruments may not tick for minutes).
 */
import type { MarketDataUpdate } from '../../common/contract.js';
import { QUOTE_FIELD_TICKS } from '../../common/quoteFields.js';
import type { Subscription } from './subscriptions.js';


export function initialQuoteUpdates(sub: Subscription): MarketDataUpdate[] {
  const out: MarketDataUpdate[] = [];
  for (const lease of sub.leases) {
    const q = lease.quote();
    const timestamp = q.updatedAt ?? new Date().toISOString();
    for (const { field: name, live: field } of QUOTE_FIELD_TICKS) {
      const value = q[name];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      if (sub.fields && !sub.fields.has(field)) continue;
      out.push({ symbol: lease.symbol, field, value, timestamp });
    }
  }
  return out;
}

/**
 * The current quote of a freshly subscribed line, as marketData updates, so a new subscriber sees prices at once
 * instead of waiting for the next tick (quiet instruments may not tick for minutes).
 */
import type { MarketDataUpdate } from '../../common/contract.js';
import type { Quote } from '../gateway/types.js';
import type { Subscription } from './subscriptions.js';

/** Quote field → the IB tick type the frontend knows it by. */
const FIELD_TICKS: ReadonlyArray<readonly [keyof Quote, number]> = [
  ['bidSize', 0],
  ['bid', 1],
  ['ask', 2],
  ['askSize', 3],
  ['last', 4],
  ['lastSize', 5],
  ['high', 6],
  ['low', 7],
  ['volume', 8],
  ['close', 9],
  ['open', 14],
];

export function initialQuoteUpdates(sub: Subscription): MarketDataUpdate[] {
  const out: MarketDataUpdate[] = [];
  for (const lease of sub.leases) {
    const q = lease.quote();
    const timestamp = q.updatedAt ?? new Date().toISOString();
    for (const [name, field] of FIELD_TICKS) {
      const value = q[name];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      if (sub.fields && !sub.fields.has(field)) continue;
      out.push({ symbol: lease.symbol, field, value, timestamp });
    }
  }
  return out;
}

/**
 * API-level idempotency: concurrent or repeated placements with the same key share one gateway call.
 *
 * The gateway is idempotent on the key too (carried to TWS as orderRef, so it survives a reconnect); this layer
 * adds what only the API can do: it coalesces requests that arrive while the first is still in flight, and it
 * refuses a key reused with a different order (which would otherwise silently return the first order).
 * Bounded: at most `maxEntries` keys, oldest evicted first; failed attempts are forgotten so a retry can succeed.
 */
import { ApiError } from './errors.js';

interface Entry<T> {
  fingerprint: string;
  promise: Promise<T>;
  expiresAt: number;
}

export class IdempotencyCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs = 24 * 60 * 60 * 1000,
    private readonly maxEntries = 10_000,
  ) {}

  /** Runs `work` once per key; later calls with the same key and fingerprint get the same result. */
  run(key: string, fingerprint: string, work: () => Promise<T>): { promise: Promise<T>; replayed: boolean } {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      if (hit.fingerprint !== fingerprint) {
        throw new ApiError(
          409,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different order; use a new key for a new order',
        );
      }
      return { promise: hit.promise, replayed: true };
    }
    const promise = work();
    this.entries.set(key, { fingerprint, promise, expiresAt: now + this.ttlMs });
    promise.catch(() => {
      // A failed placement may be retried with the same key.
      if (this.entries.get(key)?.promise === promise) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return { promise, replayed: false };
  }

  get size(): number {
    return this.entries.size;
  }
}

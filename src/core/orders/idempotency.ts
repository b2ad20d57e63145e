/**
 * Order-desk idempotency: concurrent or repeated placements with the same key share one gateway call, and a key
 * reused for a different order is refused (409), also after a restart.
 *
 * The gateway is idempotent on the key too (carried to TWS as orderRef, so it survives a reconnect and a restart):
 * a retry of the same order gets the order TWS holds. What only this layer can do: coalesce requests that arrive
 * while the first is still in flight, and tell "same key, same order" from "same key, another order", which
 * TWS's record cannot (it only has the key). For that the *fingerprint* of each keyed placement (a hash of the
 * request without its key) is written to the orders journal with the request, and read back at start
 * (`seed`): a client that asked for 8 shares under a key first used for 1 share hears 409, not "placed".
 *
 * Bounded: at most `maxEntries` keys, oldest evicted first, each remembered for `ttlMs` after it was asked for.
 * Failed attempts are forgotten (in memory, and in the journal by their `rejected` entry) so a retry can succeed.
 */
import { createHash } from 'node:crypto';
import { OrderError } from './orderError.js';

interface Entry<T> {
  fingerprint: string;
  /** null for a key read back from an earlier run: known, but nothing of this process to share. */
  promise: Promise<T> | null;
  expiresAt: number;
}

export interface IdempotencyOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/** JSON with object keys sorted, so the same request always gives the same text whatever its key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a keyed placement was: its kind (a single order or a bracket) and its request without the key. */
export function placementFingerprint(kind: 'order' | 'bracket', request: { idempotencyKey?: string | undefined }): string {
  const { idempotencyKey: _key, ...rest } = request;
  return createHash('sha256').update(`${kind}\n${canonicalJson(rest)}`).digest('base64url');
}

export const KEY_REUSED_MESSAGE = 'This Idempotency-Key was already used for a different order; use a new key for a new order';

export class IdempotencyCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: IdempotencyOptions = {}) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Keys of earlier runs (from the journal), oldest first: refused with another order until they expire. */
  seed(keys: Iterable<[string, { fingerprint: string; at: number }]>): void {
    for (const [key, { fingerprint, at }] of keys) {
      if (at + this.ttlMs > this.now()) this.remember(key, { fingerprint, promise: null, expiresAt: at + this.ttlMs });
    }
  }

  /** Runs `work` once per key; later calls with the same key and fingerprint get the same result. */
  run(key: string, fingerprint: string, work: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      if (hit.fingerprint !== fingerprint) throw new OrderError(409, 'idempotency_key_reused', KEY_REUSED_MESSAGE);
      if (hit.promise) return hit.promise;
    }
    const promise = work();
    // A key of an earlier run asked again keeps its first placement's time: remembered 24 h from that placement.
    this.remember(key, { fingerprint, promise, expiresAt: hit && hit.expiresAt > now ? hit.expiresAt : now + this.ttlMs });
    promise.catch(() => {
      // A failed placement may be retried with the same key (and with another order).
      if (this.entries.get(key)?.promise === promise) this.entries.delete(key);
    });
    return promise;
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}

/**
 * The order desk's idempotency memory (src/core/orders/idempotency.ts), on a manual clock: one call per key, 409
 * for another order under a key, also for a key read back from the journal, forgotten after a failure or after
 * 24 hours; the fingerprint ignores key order and the key itself.
 */
import { describe, expect, it } from 'vitest';
import { IdempotencyCache, placementFingerprint } from '../../../src/core/orders/idempotency.js';

const DAY = 24 * 60 * 60 * 1000;

describe('IdempotencyCache', () => {
  it('shares one call per key and refuses the key for another order', async () => {
    const cache = new IdempotencyCache<string>({ now: () => 0 });
    let calls = 0;
    const work = async () => `order-${++calls}`;
    const [a, b] = [cache.run('k', 'fp1', work), cache.run('k', 'fp1', work)];
    expect(await a).toBe('order-1');
    expect(await b).toBe('order-1');
    expect(() => cache.run('k', 'fp2', work)).toThrow(expect.objectContaining({ status: 409, code: 'idempotency_key_reused' }));
  });

  it('a key read back from the journal refuses another order until it expires, and lets the same order through', async () => {
    let now = 1_000;
    const cache = new IdempotencyCache<string>({ now: () => now });
    cache.seed([['old', { fingerprint: 'fp1', at: 0 }], ['expired', { fingerprint: 'fp1', at: now - DAY - 1 }]]);
    expect(() => cache.run('old', 'fp2', async () => 'x')).toThrow(expect.objectContaining({ status: 409 }));
    expect(await cache.run('expired', 'fp2', async () => 'fresh')).toBe('fresh');
    expect(await cache.run('old', 'fp1', async () => 'same order: asked of the gateway again')).toMatch(/same order/);
    now = DAY + 1;
    expect(await cache.run('old', 'fp3', async () => 'a day later')).toBe('a day later');
  });

  it('a failed placement frees its key, also for another order', async () => {
    const cache = new IdempotencyCache<string>({ now: () => 0 });
    await expect(cache.run('k', 'fp1', async () => Promise.reject(new Error('rejected')))).rejects.toThrow('rejected');
    expect(await cache.run('k', 'fp2', async () => 'placed')).toBe('placed');
  });

  it('the fingerprint ignores the key and the order of fields, not the kind or the values', () => {
    const a = placementFingerprint('order', { idempotencyKey: 'x', ...{ symbol: 'AAPL', quantity: 1 } } as never);
    const b = placementFingerprint('order', { quantity: 1, symbol: 'AAPL', idempotencyKey: 'y' } as never);
    expect(a).toBe(b);
    expect(placementFingerprint('bracket', { quantity: 1, symbol: 'AAPL' } as never)).not.toBe(a);
    expect(placementFingerprint('order', { quantity: 8, symbol: 'AAPL' } as never)).not.toBe(a);
  });
});

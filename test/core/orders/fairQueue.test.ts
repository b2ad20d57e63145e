/**
 * Fair turns (src/core/orders/fairQueue.ts), without a network: lanes take turns round robin, no more than
 * `concurrency` calls run at once, a newcomer waits for the running calls and one turn of each busier lane, a
 * dropped lane's waiting calls never start.
 */
import { describe, expect, it } from 'vitest';
import { FairQueue } from '../../../src/core/orders/fairQueue.js';

/** A call the test finishes by hand, recording when it started. */
function calls() {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const work = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      finish.set(name, () => resolve(name));
    });
  const done = async (name: string) => {
    finish.get(name)!();
    await new Promise((r) => setImmediate(r));
  };
  return { started, work, done };
}

describe('FairQueue', () => {
  it('a newcomer is served after the running calls, ahead of a busy lane\'s queue', async () => {
    const q = new FairQueue(2);
    const { started, work, done } = calls();
    const flood = Array.from({ length: 10 }, (_, i) => q.run('flooder', work(`f${i}`)));
    expect(started).toEqual(['f0', 'f1']);
    expect(q.waiting).toBe(8);
    const mine = q.run('trader', work('t0'));
    await done('f0');
    await done('f1');
    // One more turn of the flooder (it was first in line), then the trader, then the flooder again.
    expect(started).toEqual(['f0', 'f1', 'f2', 't0']);
    await done('t0');
    expect(await mine).toBe('t0');
    for (let i = 2; i < 10; i++) await done(`f${i}`);
    expect(await Promise.all(flood)).toEqual(Array.from({ length: 10 }, (_, i) => `f${i}`));
  });

  it('dropping a lane rejects its waiting calls and never starts them; its running call finishes', async () => {
    const q = new FairQueue(1);
    const { started, work, done } = calls();
    const running = q.run('gone', work('g0'));
    const waiting = [q.run('gone', work('g1')), q.run('gone', work('g2'))];
    const other = q.run('stays', work('s0'));
    expect(q.drop('gone', new Error('client gone'))).toBe(2);
    await expect(Promise.all(waiting)).rejects.toThrow('client gone');
    await done('g0');
    expect(await running).toBe('g0');
    await done('s0');
    expect(await other).toBe('s0');
    expect(started).toEqual(['g0', 's0']);
  });

  it('a call that throws frees its slot', async () => {
    const q = new FairQueue(1);
    await expect(q.run('a', () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await q.run('a', async () => 'next')).toBe('next');
  });
});

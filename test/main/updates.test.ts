import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpdateScheduler, nextCheckDelay, type UpdateScheduleOptions } from '../../src/main/updates/updateScheduler.js';
import { initialUpdateStatus, reduceUpdateStatus, updatesDisabledReason, type UpdaterEvent } from '../../src/main/updates/updateStatus.js';

const opts: UpdateScheduleOptions = { initialDelayMs: 30_000, intervalMs: 4 * 3_600_000, retryDelayMs: 15 * 60_000 };
const timers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout), now: () => Date.now() };

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

describe('update scheduling', () => {
  it('checks 30 s after start, then every 4 hours', async () => {
    const check = vi.fn(async () => {});
    const s = new UpdateScheduler(check, timers, () => {}, opts);
    s.start();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(check).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(check).toHaveBeenCalledTimes(1);
    expect(s.nextCheckAt).toBe(30_000 + opts.intervalMs);
    await vi.advanceTimersByTimeAsync(opts.intervalMs * 2);
    expect(check).toHaveBeenCalledTimes(3);
  });

  it('retries sooner after failures, backing off up to the interval, and never throws', async () => {
    const errors: unknown[] = [];
    const check = vi.fn(async () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    });
    const s = new UpdateScheduler(check, timers, (e) => errors.push(e), opts);
    s.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(s.nextCheckAt).toBe(30_000 + 15 * 60_000);
    expect(errors).toHaveLength(1);
    expect([1, 2, 3, 4, 5, 6].map((n) => nextCheckDelay(n, opts) / 60_000)).toEqual([15, 30, 60, 120, 240, 240]);
    expect(nextCheckDelay(0, opts)).toBe(opts.intervalMs);
  });

  it('a manual check resets the timer; stop() ends automatic checks but manual ones still work', async () => {
    const check = vi.fn(async () => {});
    const s = new UpdateScheduler(check, timers, () => {}, opts);
    s.start();
    await vi.advanceTimersByTimeAsync(10_000);
    await s.checkNow();
    expect(s.nextCheckAt).toBe(10_000 + opts.intervalMs);
    s.stop();
    expect(s.nextCheckAt).toBeNull();
    await vi.advanceTimersByTimeAsync(opts.intervalMs * 3);
    expect(check).toHaveBeenCalledTimes(1);
    await s.checkNow();
    expect(check).toHaveBeenCalledTimes(2);
    expect(s.nextCheckAt).toBeNull();
  });

  it('concurrent checks (tray click during a timed check) share one request', async () => {
    let release!: () => void;
    const check = vi.fn(() => new Promise<void>((r) => (release = r)));
    const s = new UpdateScheduler(check, timers, () => {}, opts);
    const a = s.checkNow();
    const b = s.checkNow();
    release();
    await Promise.all([a, b]);
    expect(check).toHaveBeenCalledTimes(1);
  });
});

describe('update status (what the tray and window show)', () => {
  const run = (events: UpdaterEvent[]) => events.reduce(reduceUpdateStatus, initialUpdateStatus('1.0.0', null));

  it('goes checking → downloading with progress → downloaded', () => {
    const s = run([{ type: 'checking', at: 't0' }, { type: 'available', version: '1.1.0' }, { type: 'progress', percent: 55 }]);
    expect(s).toMatchObject({ state: 'downloading', availableVersion: '1.1.0', percent: 55 });
    expect(reduceUpdateStatus(s, { type: 'downloaded', version: '1.1.0' })).toMatchObject({ state: 'downloaded', percent: 100 });
  });

  it('shows a failure with its message, and a later failure does not hide a downloaded update', () => {
    expect(run([{ type: 'checking', at: 't0' }, { type: 'error', message: 'HttpError: 404', at: 't1' }])).toMatchObject({ state: 'error', message: 'HttpError: 404' });
    const s = run([{ type: 'downloaded', version: '2.0.0' }, { type: 'checking', at: 't2' }, { type: 'error', message: 'offline', at: 't3' }]);
    expect(s).toMatchObject({ state: 'downloaded', availableVersion: '2.0.0', lastCheckedAt: 't3' });
  });

  it('stays disabled (with the reason) in builds that cannot update', () => {
    const reason = updatesDisabledReason({ isPackaged: false, hasUpdateConfig: false, platform: 'linux', isAppImage: false });
    expect(reason).toMatch(/development build/);
    const s = reduceUpdateStatus(initialUpdateStatus('1.0.0', reason), { type: 'checking', at: 't' });
    expect(s).toMatchObject({ state: 'disabled', message: reason });
    expect(updatesDisabledReason({ isPackaged: true, hasUpdateConfig: true, platform: 'linux', isAppImage: false })).toMatch(/package manager/);
    expect(updatesDisabledReason({ isPackaged: true, hasUpdateConfig: true, platform: 'darwin', isAppImage: false })).toBeNull();
  });
});

/**
 * Timer-driven stepping: runs `step(conId)` for each instrument at its configured rate. Work is done in slices
 * (default every 10 ms) and each instrument carries its fractional backlog, so any rate from a few ticks a second
 * (demo) to thousands (benchmarks) comes out right on average without one timer per instrument. The instrument list
 * is asked for on every slice, so instruments listed later (a futures roll) tick too.
 */
import type { TickRate, TickingHandle, TickingOptions } from './types.js';

/** Never catch up more than this much missed time after a stall (GC pause, suspended laptop). */
const MAX_CATCH_UP_MS = 250;

export function startTicking(
  conIds: () => readonly number[],
  step: (conId: number) => number,
  options: Omit<TickingOptions, 'conIds'> = {},
): TickingHandle {
  const rate: TickRate = options.rate ?? 4;
  const intervalMs = Math.max(1, options.intervalMs ?? 10);
  let ids = conIds();
  let backlog = new Float64Array(ids.length);
  let last = performance.now();
  let steps = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const elapsed = Math.min(now - last, MAX_CATCH_UP_MS) / 1000;
    last = now;
    const current = conIds();
    if (current !== ids) {
      // The listing changed (a new simulated date): start the fractional backlogs afresh.
      ids = current;
      backlog = new Float64Array(ids.length);
    }
    for (let i = 0; i < ids.length; i++) {
      const conId = ids[i]!;
      const r = typeof rate === 'number' ? rate : rate(conId);
      if (r <= 0) continue;
      let due = backlog[i]! + r * elapsed;
      const n = Math.floor(due);
      due -= n;
      backlog[i] = due;
      for (let k = 0; k < n; k++) step(conId);
      steps += n;
    }
  }, intervalMs);
  // Ticking alone must not keep a test process or CLI alive; the server socket does that.
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    get steps() {
      return steps;
    },
  };
}

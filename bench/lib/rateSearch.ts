/**
 * Scenario 2's search for the highest rate that passes, for several paths measured by the same probes (the proxy's
 * clients and the direct @stoqey/ib client see the same stream in the same window, so one probe judges both).
 *
 * Per path: doubling from `start` to bracket its limit (halving down to `floor` if `start` already fails), then
 * bisection in steps of `step` until the bracket is within 10 %. Each probe is chosen for the path whose bracket is
 * widest, and its verdicts count for every path. Bounded to `maxProbes`.
 *
 * Near the limit a verdict is noisy (a p99 of 5.2 ms at 2k after 4.7 ms at 1k, then 4.5 ms at 8k): a path's limit is
 * its highest rate that passed, and its bracket ends at the lowest rate above that which failed. A failure below a
 * higher pass is the machine's noise, not the limit (reading the first failure as the limit stopped a search at
 * 1.75k for a proxy that passed 4k and 8k).
 */
export interface SearchOptions {
  start: number;
  floor: number;
  cap: number;
  step: number;
  maxProbes: number;
}

export interface PathLimit {
  /** Highest rate that passed (0: none down to the floor). */
  good: number;
  /** Lowest rate above `good` that failed (0: none up to the cap). */
  bad: number;
}

/** `probe(rate)` answers, per path, whether that rate passed. */
export async function searchLimits<P extends string>(
  paths: readonly P[],
  probe: (rate: number) => Promise<Record<P, boolean>>,
  o: SearchOptions,
): Promise<Record<P, PathLimit>> {
  const lim = Object.fromEntries(paths.map((p) => [p, { good: 0, bad: 0 }])) as Record<P, PathLimit>;
  const failed = Object.fromEntries(paths.map((p) => [p, [] as number[]])) as Record<P, number[]>;
  let probes = 0;
  const run = async (rate: number): Promise<void> => {
    probes++;
    const ok = await probe(rate);
    for (const p of paths) {
      const l = lim[p];
      if (ok[p]) l.good = Math.max(l.good, rate);
      else failed[p].push(rate);
      l.bad = Math.min(...failed[p].filter((r) => r > l.good), Infinity);
      if (l.bad === Infinity) l.bad = 0;
    }
  };
  // Bracket: up while some path has not failed yet, down while some path has not passed yet.
  for (let rate = o.start; rate <= o.cap && probes < o.maxProbes && paths.some((p) => lim[p].bad === 0); rate *= 2) await run(rate);
  for (let rate = o.start / 2; rate >= o.floor && probes < o.maxProbes && paths.some((p) => lim[p].good === 0); rate /= 2) await run(rate);
  // Bisect the widest bracket first.
  while (probes < o.maxProbes) {
    const midOf = (l: PathLimit) => Math.round((l.good + l.bad) / 2 / o.step) * o.step;
    // Brackets still wider than 10 % that a step can split.
    const open = paths
      .map((p) => lim[p])
      .filter((l) => l.good > 0 && l.bad > 0 && l.bad / l.good > 1.1 && midOf(l) > l.good && midOf(l) < l.bad)
      .sort((a, b) => b.bad / b.good - a.bad / a.good);
    const widest = open[0];
    if (!widest) break;
    await run(midOf(widest));
  }
  return lim;
}

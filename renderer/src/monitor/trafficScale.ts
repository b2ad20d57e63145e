/** Pure geometry of the traffic chart, separate from the SVG so it stays easy to reason about. */
import type { TrafficSample } from '../../../src/common/ipc';

export type SeriesKey = 'messagesInPerSec' | 'messagesOutPerSec' | 'ticksPushedPerSec';

/** 1, 2, 5 × 10^n at or above `max`, so gridlines land on round numbers. */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 10;
  const exp = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * exp >= max) return m * exp;
  return 10 * exp;
}

/** Polyline points for one series: x by time (newest at the right edge), y by value against `top`. */
export function seriesPoints(samples: readonly TrafficSample[], key: SeriesKey, windowMs: number, width: number, height: number, top: number): string {
  const last = samples.at(-1);
  if (!last) return '';
  const end = new Date(last.at).getTime();
  const pts: string[] = [];
  for (const s of samples) {
    const age = end - new Date(s.at).getTime();
    if (age > windowMs) continue;
    const x = width - (age / windowMs) * width;
    const y = height - (Math.min(s[key], top) / top) * height;
    pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  }
  return pts.join(' ');
}

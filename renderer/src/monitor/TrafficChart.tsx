/**
 * Messages per second from and to TWS and ticks pushed to clients, over the last minutes, drawn as plain SVG (no
 * chart library; strokes keep their width when the chart stretches thanks to non-scaling-stroke).
 */
import type { TrafficSample } from '../../../src/common/ipc';
import { formatNumber } from '../format';
import { niceCeiling, seriesPoints, type SeriesKey } from './trafficScale';

const W = 600;
const H = 160;

export const SERIES: { key: SeriesKey; label: string; className: string }[] = [
  { key: 'messagesInPerSec', label: 'from TWS', className: 'series-in' },
  { key: 'messagesOutPerSec', label: 'to TWS', className: 'series-out' },
  { key: 'ticksPushedPerSec', label: 'ticks pushed to clients', className: 'series-ticks' },
];

/** Shortest time span the chart shows, so the first seconds after opening are not a sliver at the right edge. */
const MIN_SPAN_MS = 30_000;

/** The x axis spans the data we have, from 30 seconds up to the full window. */
function visibleSpan(samples: readonly TrafficSample[], windowMs: number): number {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) return MIN_SPAN_MS;
  const span = new Date(last.at).getTime() - new Date(first.at).getTime();
  return Math.min(windowMs, Math.max(MIN_SPAN_MS, span));
}

function spanWords(ms: number): string {
  return ms >= 90_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

export function TrafficChart({ samples, windowMs: maxWindowMs }: { samples: readonly TrafficSample[]; windowMs: number }) {
  const windowMs = visibleSpan(samples, maxWindowMs);
  const max = Math.max(0, ...samples.flatMap((s) => SERIES.map((x) => s[x.key])));
  const top = niceCeiling(max);
  const latest = samples.at(-1);
  const summary = latest
    ? `Last ${spanWords(windowMs)}. Now: ${SERIES.map((s) => `${formatNumber(latest[s.key])} ${s.label} per second`).join(', ')}.`
    : 'No traffic samples yet.';

  return (
    <figure className="traffic-chart">
      <div className="chart-frame">
        <span className="axis-label axis-top">{formatNumber(top)}/s</span>
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={summary} data-testid="traffic-chart">
          {[0.25, 0.5, 0.75].map((f) => (
            <line key={f} className="gridline" x1={0} x2={W} y1={H * f} y2={H * f} vectorEffect="non-scaling-stroke" />
          ))}
          {SERIES.map((s) => (
            <polyline
              key={s.key}
              className={`series ${s.className}`}
              points={seriesPoints(samples, s.key, windowMs, W, H, top)}
              vectorEffect="non-scaling-stroke"
              fill="none"
            />
          ))}
        </svg>
        <span className="axis-label axis-left">−{spanWords(windowMs)}</span>
        <span className="axis-label axis-right">now</span>
      </div>
      <figcaption>
        <ul className="legend">
          {SERIES.map((s) => (
            <li key={s.key}>
              <span className={`swatch ${s.className}`} aria-hidden="true" />
              {s.label}: <strong data-testid={`rate-${s.key}`}>{latest ? formatNumber(latest[s.key]) : '—'}</strong>/s
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

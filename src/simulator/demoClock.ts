/**
 * The clock of a demo: a newcomer who starts the demo on a Sunday should still see quotes move and orders fill,
 * so by default the simulated market opens its doors: the clock runs from the real now while the US market is in
 * regular hours with at least an hour to go, and otherwise from 10:30 New York time of the last regular session
 * that began before now, then runs on. (The hour keeps a demo started at 15:59, or minutes before an early close,
 * from going quiet at once.) Asking for the real time ('now') or a given instant is one setting away
 * (DEMO_MARKET_TIME).
 */
import { SimulatedClock } from './clock.js';
import { toEastern } from './market/easternTime.js';
import { phaseAt, tradingDay } from './market/tradingHours.js';

export type DemoMarketTime = 'auto' | 'now' | number;

const HALF_HOUR_MS = 30 * 60_000;

/** Now when US stocks are in regular hours for an hour more at least; else an hour into the latest regular session that began before now. */
export function openMarketInstant(realNowMs: number): number {
  const today = tradingDay('us-stock', realNowMs);
  if (phaseAt('us-stock', realNowMs) === 'regular' && today && today.liquid[1] - realNowMs >= 2 * HALF_HOUR_MS) return realNowMs;
  for (let offset = 0; offset >= -10; offset--) {
    const day = tradingDay('us-stock', realNowMs, offset);
    const start = day ? day.liquid[0] + 2 * HALF_HOUR_MS : undefined;
    if (start !== undefined && start <= realNowMs) return start;
  }
  return realNowMs;
}

export function demoClock(marketTime: DemoMarketTime = 'auto', speed = 1, realNowMs = Date.now()): SimulatedClock {
  const start = marketTime === 'now' ? realNowMs : marketTime === 'auto' ? openMarketInstant(realNowMs) : marketTime;
  return new SimulatedClock({ start, speed });
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** "market clock Wed 2026-11-25 10:30 New York time (US market regular hours), 1× real time": for logs and banners. */
export function describeClock(clock: SimulatedClock): string {
  const now = clock.now();
  const w = toEastern(now);
  const p = (n: number): string => String(n).padStart(2, '0');
  const phase = phaseAt('us-stock', now);
  const market = phase === 'regular' ? 'regular hours' : phase === 'extended' ? 'extended hours' : 'closed';
  return `market clock ${WEEKDAYS[w.weekday]} ${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)} New York time (US stocks: ${market}), ${clock.speed}× real time`;
}

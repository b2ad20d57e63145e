/**
 * The instant every test simulator lives at unless a test says otherwise: an ordinary weekday in the middle of
 * the US regular session, so tests that trade, stream or chart do not depend on the hour or day they run at.
 * Tests about the time of day pin their own instants (test/simulator/time-of-day.test.ts).
 */
import { SimulatedClock } from '../../src/simulator/index.js';

/** Wednesday 11 March 2026, 11:00 New York time (daylight time began on 8 March). */
export const WEEKDAY_TRADING_INSTANT = '2026-03-11T11:00:00-04:00';

/** A clock that starts at `start` and runs in real time (or at `speed`). */
export function tradingClock(start: string = WEEKDAY_TRADING_INSTANT, speed = 1): SimulatedClock {
  return new SimulatedClock({ start, speed });
}

/**
 * TWS's own day, on the simulator's clock: TWS and IB Gateway restart themselves once a day at the time set in
 * their configuration ("Auto restart"), closing every API connection and refusing new ones while they restart, and
 * once a week (Sunday) the restart ends at the login dialog: a person has to log in again with two-factor
 * authentication before the API port opens (`sim.faults.login()`).
 *
 * Everything is scheduled with the clock's `at`, so a test can play a whole week by advancing a still clock.
 */
import type { SimClock } from './clock.js';
import { zonedToUtc, toZoned } from './market/timeZones.js';

export interface AutoRestartOptions {
  /** TWS's auto-restart time, "HH:MM" New York time (TWS's own zone here), e.g. "23:45". */
  at: string;
  /** How long TWS is down while it restarts, simulated ms (default 60 s). */
  downtimeMs?: number;
  /** Weekday (0 = Sunday) whose restart ends logged out until a login; null: never (default 0, as IBKR requires). */
  weeklyLoginDay?: number | null;
}

export interface TwsDayTarget {
  /** The restart begins: TWS closes every API connection and its API port. */
  goDown(): Promise<void>;
  /** TWS is back: `loggedIn` false leaves it at the login dialog (API port closed). */
  comeUp(loggedIn: boolean): Promise<void>;
  log(line: string): void;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The next instant after `nowMs` at which the clock in New York reads `hh:mm`. */
export function nextRestartInstant(at: string, nowMs: number): number {
  const m = HHMM.exec(at);
  if (!m) throw new Error(`autoRestart.at must be HH:MM (24-hour New York time), got '${at}'`);
  const today = toZoned('US/Eastern', nowMs);
  for (let offset = 0; offset <= 2; offset++) {
    const t = zonedToUtc('US/Eastern', today.year, today.month - 1, today.day + offset, Number(m[1]), Number(m[2]));
    if (t > nowMs) return t;
  }
  throw new Error('unreachable: a daily time recurs within two days');
}

export class TwsDay {
  private cancel: (() => void) | undefined;
  private readonly downtimeMs: number;
  private readonly weeklyLoginDay: number | null;

  constructor(
    private readonly clock: SimClock,
    private readonly options: AutoRestartOptions,
    private readonly target: TwsDayTarget,
  ) {
    nextRestartInstant(options.at, 0); // validates the time before anything starts
    this.downtimeMs = Math.max(0, options.downtimeMs ?? 60_000);
    this.weeklyLoginDay = options.weeklyLoginDay === undefined ? 0 : options.weeklyLoginDay;
  }

  /** The simulated instant of the next restart (for tests and logs). */
  nextRestart(): number {
    return nextRestartInstant(this.options.at, this.clock.now());
  }

  start(): void {
    this.stop();
    const at = this.nextRestart();
    this.cancel = this.clock.at(at, () => void this.restart(at));
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private async restart(at: number): Promise<void> {
    const weekly = this.weeklyLoginDay !== null && toZoned('US/Eastern', at).weekday === this.weeklyLoginDay;
    this.target.log(`auto-restart at ${this.options.at} New York time${weekly ? ' (weekly: a login is needed afterwards)' : ''}`);
    await this.target.goDown();
    this.cancel = this.clock.at(at + this.downtimeMs, () => {
      void this.target.comeUp(!weekly).then(() => this.start());
    });
  }
}

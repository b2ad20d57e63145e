/**
 * The simulator's wall clock. Every time that goes on the wire (the handshake's connection time, currentTime, tick
 * and execution times, bar dates and their roll-over, trading hours, the account update time) and every decision
 * that depends on the time of day (is the market open?) reads this clock, so a test, a demo or a bug report can
 * put TWS at any instant: a Wednesday at 11:00 New York time, a Saturday night, a date years ahead.
 *
 * Simulated time starts at `start` and then advances `speed` times as fast as real time (monotonic, so a system
 * clock adjustment does not jump it); speed 0 holds it still until `advance()` / `set()` move it, for tests that
 * drive a whole day without waiting. Work due at a simulated instant is scheduled with `at()`; a jump forward runs
 * everything it passes over, in order.
 *
 * Real elapsed time is not this clock's business: pacing limits, the latency fault and tick rates measure real
 * durations with `performance.now()` whatever instant TWS believes it is.
 */

export interface SimClock {
  /** Simulated epoch milliseconds. */
  now(): number;
  /** Runs `fn` once simulated time reaches `atMs` (at once, asynchronously, when it already has). Returns a cancel. */
  at(atMs: number, fn: () => void): () => void;
}

export interface ClockOptions {
  /** Simulated instant at creation: epoch ms, a Date, or an ISO 8601 string with an offset (default: the real now). */
  start?: number | Date | string;
  /** Simulated milliseconds per real millisecond (default 1; 0 = still until advanced; 60 = an hour a minute). */
  speed?: number;
}

interface Pending {
  atMs: number;
  seq: number;
  fn: () => void;
}

/** The longest setTimeout Node honours; longer waits are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Parses a clock start; throws a one-sentence error for text that is not an instant. */
export function parseClockStart(start: number | Date | string): number {
  if (typeof start === 'number') {
    if (!Number.isFinite(start)) throw new Error(`clock start must be a finite epoch ms, got ${start}`);
    return start;
  }
  if (start instanceof Date) return parseClockStart(start.getTime());
  const text = start.trim();
  // A date and time without an offset would be read in the machine's zone: refuse it rather than guess.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i.test(text)) {
    throw new Error(`clock start '${start}' is not an ISO 8601 instant such as 2026-03-11T11:00:00-04:00 or 2026-03-11T15:00:00Z`);
  }
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new Error(`clock start '${start}' is not a valid date`);
  return ms;
}

export class SimulatedClock implements SimClock {
  private baseSimMs: number;
  private baseRealMs: number;
  private rate: number;
  private readonly pending: Pending[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: ClockOptions = {}) {
    this.baseSimMs = options.start === undefined ? Date.now() : parseClockStart(options.start);
    this.baseRealMs = performance.now();
    this.rate = checkSpeed(options.speed ?? 1);
  }

  now(): number {
    return this.baseSimMs + (performance.now() - this.baseRealMs) * this.rate;
  }

  get speed(): number {
    return this.rate;
  }

  /** Changes the speed from now on (the current instant is kept). */
  setSpeed(speed: number): void {
    this.rebase(this.now());
    this.rate = checkSpeed(speed);
    this.arm();
  }

  /** Jumps to an instant (forwards runs everything scheduled up to it, in order; backwards runs nothing). */
  set(instant: number | Date | string): void {
    this.rebase(parseClockStart(instant));
    this.runDue();
    this.arm();
  }

  /** Moves simulated time forward by `ms`, running what falls due on the way. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`advance() takes a non-negative duration, got ${ms}`);
    this.set(this.now() + ms);
  }

  at(atMs: number, fn: () => void): () => void {
    const entry: Pending = { atMs, seq: this.seq++, fn };
    const i = this.pending.findIndex((p) => p.atMs > atMs);
    if (i < 0) this.pending.push(entry);
    else this.pending.splice(i, 0, entry);
    this.arm();
    return () => {
      const k = this.pending.indexOf(entry);
      if (k >= 0) this.pending.splice(k, 1);
      this.arm();
    };
  }

  /** Stops the clock's timer (scheduled work is kept and runs on the next jump). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private rebase(simMs: number): void {
    this.baseSimMs = simMs;
    this.baseRealMs = performance.now();
  }

  private runDue(): void {
    // Each callback may schedule more work or move the clock; re-read both every time.
    for (;;) {
      const first = this.pending[0];
      if (!first || first.atMs > this.now()) return;
      this.pending.shift();
      first.fn();
    }
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const first = this.pending[0];
    if (!first) return;
    const simDelay = first.atMs - this.now();
    if (simDelay > 0 && this.rate === 0) return; // a still clock only moves by set()/advance()
    const realDelay = simDelay <= 0 ? 0 : Math.min(MAX_TIMER_MS, Math.ceil(simDelay / this.rate));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runDue();
      this.arm();
    }, realDelay);
    // The clock alone never keeps a process alive; sockets and servers do that.
    this.timer.unref();
  }
}

function checkSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed < 0) throw new Error(`clock speed must be a non-negative number, got ${speed}`);
  return speed;
}

/** The real wall clock (the default): what a real TWS reads. */
export function systemClock(): SimulatedClock {
  return new SimulatedClock();
}

/**
 * When to ask the update server. Check soon after start (not during it: startup is for connecting to TWS),
 * then every few hours; after a failure retry sooner, backing off, never faster than `retryDelayMs`; stop once
 * an update is downloaded (it installs on quit). A check that throws is reported, never propagated: updates
 * must not be able to take the proxy down. Timers and clock are injected, so the schedule is tested exactly.
 */
export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface UpdateScheduleOptions {
  initialDelayMs: number;
  intervalMs: number;
  retryDelayMs: number;
}

export const DEFAULT_UPDATE_SCHEDULE: UpdateScheduleOptions = {
  initialDelayMs: 30_000,
  intervalMs: 4 * 60 * 60_000,
  retryDelayMs: 15 * 60_000,
};

/** Delay before the next automatic check after `failures` failed checks in a row. */
export function nextCheckDelay(failures: number, o: UpdateScheduleOptions): number {
  if (failures <= 0) return o.intervalMs;
  return Math.min(o.retryDelayMs * 2 ** (failures - 1), o.intervalMs);
}

export class UpdateScheduler {
  private timer: unknown = null;
  private failures = 0;
  private running = false;
  private stopped = true;
  private nextAt: number | null = null;

  constructor(
    private readonly check: () => Promise<void>,
    private readonly timers: TimerApi,
    private readonly onError: (error: unknown) => void,
    private readonly options: UpdateScheduleOptions = DEFAULT_UPDATE_SCHEDULE,
  ) {}

  /** Begin automatic checks (autoCheck on). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.options.initialDelayMs);
  }

  /** No more automatic checks (autoCheck off, update downloaded, quitting). Manual checks still work. */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  get nextCheckAt(): number | null {
    return this.nextAt;
  }

  get isAutomatic(): boolean {
    return !this.stopped;
  }

  /** A check now (tray / window button or timer). Concurrent calls share one check. */
  async checkNow(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.clear();
    try {
      await this.check();
      this.failures = 0;
    } catch (error) {
      this.failures++;
      this.onError(error);
    } finally {
      this.running = false;
      if (!this.stopped) this.schedule(nextCheckDelay(this.failures, this.options));
    }
  }

  private schedule(ms: number): void {
    this.clear();
    this.nextAt = this.timers.now() + ms;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.checkNow();
    }, ms);
  }

  private clear(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.nextAt = null;
  }
}

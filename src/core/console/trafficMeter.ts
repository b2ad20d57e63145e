/**
 * Turns the core's ever-growing counters (TWS messages in / out, ticks pushed to clients) into per-second rates
 * for the monitor's chart, and keeps the last few minutes. A counter that goes backwards (the core restarted)
 * restarts the baseline instead of producing a negative rate.
 */
import type { TrafficSample } from '../../common/consoleShapes.js';

export interface TrafficCounters {
  atMs: number;
  messagesIn: number;
  messagesOut: number;
  ticksPushed: number;
  linesInUse: number;
  lineBudget: number;
}

export class TrafficMeter {
  private last: TrafficCounters | null = null;
  private readonly samples: TrafficSample[] = [];

  constructor(readonly capacity = 300) {}

  /** Returns the new sample, or null for the first reading (a rate needs two). */
  add(c: TrafficCounters): TrafficSample | null {
    const prev = this.last;
    this.last = c;
    if (!prev || c.atMs <= prev.atMs) return null;
    const seconds = (c.atMs - prev.atMs) / 1000;
    const rate = (now: number, before: number) => (now >= before ? Math.round(((now - before) / seconds) * 10) / 10 : 0);
    const sample: TrafficSample = {
      at: new Date(c.atMs).toISOString(),
      messagesInPerSec: rate(c.messagesIn, prev.messagesIn),
      messagesOutPerSec: rate(c.messagesOut, prev.messagesOut),
      ticksPushedPerSec: rate(c.ticksPushed, prev.ticksPushed),
      linesInUse: c.linesInUse,
      lineBudget: c.lineBudget,
    };
    this.samples.push(sample);
    if (this.samples.length > this.capacity) this.samples.shift();
    return sample;
  }

  history(): TrafficSample[] {
    return [...this.samples];
  }
}

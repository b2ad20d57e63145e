/**
 * The live side of the monitor, shared by every host (HeadlessConsole, the desktop's DesktopController): once a
 * second a traffic sample from the core's counters, and the status pushed whenever something a user can see
 * changed (statusChange.ts), so no window or console ever polls for it. Hosts also call publish() on the
 * gateway's own events (a heartbeat, a phase change) so those reach the screen at once, not a tick later.
 */
import { EventEmitter } from 'node:events';
import type { ProxyStatus, TrafficSample } from '../../common/consoleShapes.js';
import { statusChangeKey } from './statusChange.js';
import { TrafficMeter, type TrafficCounters } from './trafficMeter.js';

export interface FeedSources {
  status(): ProxyStatus;
  /** The counters now, or null while no core runs. */
  counters(): Omit<TrafficCounters, 'atMs'> | null;
  /** Sees every composed status, changed or not (the desktop's notification decider keeps its own memory). */
  observe?(status: ProxyStatus): void;
  now?(): number;
}

export const FEED_INTERVAL_MS = 1_000;

export class ConsoleFeed extends EventEmitter<{ status: [ProxyStatus]; traffic: [TrafficSample] }> {
  private readonly meter = new TrafficMeter();
  private ticker: NodeJS.Timeout | null = null;
  private lastKey = '';

  constructor(private readonly sources: FeedSources) {
    super();
  }

  start(): void {
    this.ticker ??= setInterval(() => this.tick(), FEED_INTERVAL_MS);
    this.ticker.unref?.();
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  /** A second's work: the traffic sample, then the status if it changed. */
  tick(): void {
    const counters = this.sources.counters();
    if (counters) {
      const sample = this.meter.add({ atMs: (this.sources.now ?? Date.now)(), ...counters });
      if (sample) this.emit('traffic', sample);
    }
    this.publish();
  }

  /** Composes the status and emits it when something visible changed. */
  publish(): void {
    const status = this.sources.status();
    this.sources.observe?.(status);
    const key = statusChangeKey(status);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.emit('status', status);
  }

  trafficHistory(): TrafficSample[] {
    return this.meter.history();
  }
}

/**
 * One client's outbound path. Replies and order / execution / connection pushes ("control" frames) are always
 * sent, never dropped. Market data goes straight to the socket while the client keeps up; once its socket buffer
 * passes `highWaterBytes` the client is switched to conflation (latest value per symbol + field, so memory is
 * bounded by the number of instruments and fields it watches, not by the tick rate) and the backlog is flushed
 * when the buffer has drained below `lowWaterBytes`. A client that stays backed up past `stuckTimeoutMs`, or
 * whose control backlog passes `hardLimitBytes`, is reported stuck and the hub disconnects it.
 *
 * Batch mode (opt-in): market data for one event-loop turn goes out as one `marketDataBatch` frame, built from
 * the payload strings serialised once per tick by the hub.
 */
import { randomUUID } from 'node:crypto';
import type { MarketDataUpdate } from '../../../common/contract.js';

export interface OutboundSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
}

export interface OutboundLimits {
  highWaterBytes: number;
  lowWaterBytes: number;
  stuckTimeoutMs: number;
  hardLimitBytes: number;
  maxConflatedKeys: number;
  drainPollMs: number;
  batchMaxUpdates: number;
}

export const DEFAULT_OUTBOUND_LIMITS: OutboundLimits = {
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 256 * 1024,
  stuckTimeoutMs: 30_000,
  hardLimitBytes: 16 * 1024 * 1024,
  maxConflatedKeys: 20_000,
  drainPollMs: 25,
  batchMaxUpdates: 1_000,
};

/** Counters shared by every client of one server (the hub's stats()). */
export interface OutboundCounters {
  ticksPushed: number;
  ticksConflated: number;
  batchesPushed: number;
  controlFramesSent: number;
}

const OPEN = 1;

export function marketDataPayload(u: MarketDataUpdate): string {
  // Hand-built: the hot path must not copy the gateway's event object (which carries an extra `key`).
  return `{"symbol":${JSON.stringify(u.symbol)},"field":${u.field},"value":${u.value},"timestamp":"${u.timestamp}"}`;
}

export function marketDataFrame(payload: string, timestamp: string): string {
  return `{"id":"${randomUUID()}","type":"marketData","payload":${payload},"timestamp":"${timestamp}"}`;
}

function batchFrame(parts: readonly string[]): string {
  return `{"id":"${randomUUID()}","type":"marketDataBatch","payload":{"updates":[${parts.join(',')}]},"timestamp":"${new Date().toISOString()}"}`;
}

export class Outbound {
  batchMode = false;
  private conflated = new Map<string, MarketDataUpdate>();
  private conflatingSince = 0;
  private drainTimer: NodeJS.Timeout | null = null;
  private batchParts: string[] = [];
  private batchScheduled = false;
  private stuck = false;
  /** Highest socket buffer seen, for the slow-consumer proof and the clients list. */
  maxBufferedAmount = 0;

  constructor(
    private readonly socket: OutboundSocket,
    private readonly limits: OutboundLimits,
    private readonly counters: OutboundCounters,
    private readonly onStuck: (reason: string) => void,
  ) {}

  get conflating(): boolean {
    return this.conflatingSince !== 0;
  }

  get conflatedKeys(): number {
    return this.conflated.size;
  }

  /** A reply or a push that must arrive (orders, executions, connection status, errors). */
  sendControl(frame: string): void {
    if (this.socket.readyState !== OPEN || this.stuck) return;
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.maxBufferedAmount) this.maxBufferedAmount = buffered;
    if (buffered > this.limits.hardLimitBytes) {
      this.markStuck('outbound buffer over the hard limit');
      return;
    }
    this.socket.send(frame);
    this.counters.controlFramesSent++;
  }

  /** One tick. `frame` is null when the hub built only the payload (every recipient batches). */
  sendTick(frame: string | null, payload: string, u: MarketDataUpdate): void {
    if (this.socket.readyState !== OPEN || this.stuck) return;
    if (this.conflatingSince !== 0) {
      this.conflate(u);
      return;
    }
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.maxBufferedAmount) this.maxBufferedAmount = buffered;
    if (buffered > this.limits.highWaterBytes) {
      this.startConflating();
      this.conflate(u);
      return;
    }
    if (this.batchMode) {
      this.batchParts.push(payload);
      if (this.batchParts.length >= this.limits.batchMaxUpdates) this.flushBatch();
      else if (!this.batchScheduled) {
        this.batchScheduled = true;
        setImmediate(this.flushBatch);
      }
      return;
    }
    this.socket.send(frame ?? marketDataFrame(payload, u.timestamp));
    this.counters.ticksPushed++;
  }

  private readonly flushBatch = (): void => {
    this.batchScheduled = false;
    if (this.batchParts.length === 0) return;
    const parts = this.batchParts;
    this.batchParts = [];
    if (this.socket.readyState !== OPEN || this.stuck) return;
    this.socket.send(batchFrame(parts));
    this.counters.ticksPushed += parts.length;
    this.counters.batchesPushed++;
  };

  private conflate(u: MarketDataUpdate): void {
    const key = `${u.symbol}\u0000${u.field}`;
    if (!this.conflated.has(key) && this.conflated.size >= this.limits.maxConflatedKeys) {
      this.markStuck('too many conflated instruments');
      return;
    }
    // Store a copy without the gateway's extra fields; the latest value wins.
    this.conflated.set(key, { symbol: u.symbol, field: u.field, value: u.value, timestamp: u.timestamp });
    this.counters.ticksConflated++;
  }

  private startConflating(): void {
    this.conflatingSince = Date.now();
    this.drainTimer = setInterval(this.checkDrain, this.limits.drainPollMs);
    this.drainTimer.unref();
  }

  private readonly checkDrain = (): void => {
    if (this.socket.readyState !== OPEN) {
      this.dispose();
      return;
    }
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.maxBufferedAmount) this.maxBufferedAmount = buffered;
    if (buffered <= this.limits.lowWaterBytes) {
      this.flushConflated();
      return;
    }
    if (Date.now() - this.conflatingSince > this.limits.stuckTimeoutMs) this.markStuck('client stopped reading');
  };

  private flushConflated(): void {
    this.stopConflating();
    const updates = [...this.conflated.values()];
    this.conflated.clear();
    if (this.batchMode) {
      for (let i = 0; i < updates.length; i += this.limits.batchMaxUpdates) {
        const parts = updates.slice(i, i + this.limits.batchMaxUpdates).map(marketDataPayload);
        this.socket.send(batchFrame(parts));
        this.counters.batchesPushed++;
      }
    } else {
      for (const u of updates) this.socket.send(marketDataFrame(marketDataPayload(u), u.timestamp));
    }
    this.counters.ticksPushed += updates.length;
  }

  private stopConflating(): void {
    this.conflatingSince = 0;
    if (this.drainTimer) clearInterval(this.drainTimer);
    this.drainTimer = null;
  }

  private markStuck(reason: string): void {
    if (this.stuck) return;
    this.stuck = true;
    this.dispose();
    this.onStuck(reason);
  }

  /** Releases timers and buffers; called when the socket closes. */
  dispose(): void {
    this.stopConflating();
    this.conflated.clear();
    this.batchParts = [];
  }
}

/**
 * One client's outbound path. Replies and order / execution / connection pushes ("control" frames) are always
 * sent, never dropped. Market data goes straight to the socket while the client keeps up; once its socket buffer
 * passes `highWaterBytes` the client is switched to conflation (latest value per symbol + field, so memory is
 * bounded by the number of instruments and fields it watches, not by the tick rate) and the backlog is flushed
 * when the buffer has drained below `lowWaterBytes`. A client that stays backed up past `stuckTimeoutMs`, or
 * whose control backlog passes `hardLimitBytes`, is reported stuck and the hub disconnects it.
 *
 * Write coalescing: every tick stays its own `marketData` WebSocket message (the frontend's contract), but the
 * messages of one event-loop turn reach the kernel in one write. Profiling showed one writev syscall per tick per
 * client (ws writes each send() as its own corked header + payload pair) costing two thirds of the proxy's busy
 * time at 10k ticks/s × 10 clients. So the first tick of a turn corks the client's TCP socket and a setImmediate
 * uncorks it: Node hands all the frames of the turn to the kernel as one writev. A turn that piles up `flushBytes`
 * is written early, so the corked backlog never looks like a slow consumer and never waits behind a long turn.
 * The frame bytes themselves are encoded once per tick by the hub (wsFrame.ts) and shared by every client.
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

/** The TCP socket under the WebSocket (the upgrade's socket): corked for one turn at a time, written pre-encoded ticks. */
export interface CorkableStream {
  cork(): void;
  uncork(): void;
  write(chunk: Buffer): boolean;
}

export interface OutboundLimits {
  highWaterBytes: number;
  lowWaterBytes: number;
  stuckTimeoutMs: number;
  hardLimitBytes: number;
  maxConflatedKeys: number;
  drainPollMs: number;
  batchMaxUpdates: number;
  /** Bytes of corked ticks after which the socket is written at once instead of at the end of the turn. */
  flushBytes: number;
}

export const DEFAULT_OUTBOUND_LIMITS: OutboundLimits = {
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 256 * 1024,
  stuckTimeoutMs: 30_000,
  hardLimitBytes: 16 * 1024 * 1024,
  maxConflatedKeys: 20_000,
  drainPollMs: 25,
  batchMaxUpdates: 1_000,
  flushBytes: 64 * 1024,
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
  /** The socket is corked by us (ticks of this turn are waiting in its buffer). */
  private corked = false;
  private corkedBytes = 0;
  private uncorkScheduled = false;
  /** Highest socket buffer seen, for the slow-consumer proof and the clients list. */
  maxBufferedAmount = 0;

  constructor(
    private readonly socket: OutboundSocket,
    private readonly limits: OutboundLimits,
    private readonly counters: OutboundCounters,
    private readonly onStuck: (reason: string) => void,
    /** null: no coalescing (every send is written at once), e.g. when the transport cannot be corked. */
    private readonly stream: CorkableStream | null = null,
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

  /**
   * One tick. `frame` is null when the hub built only the payload (every recipient batches); `bytes` is the same
   * frame encoded as a WebSocket frame, written as is when this client's socket is ours to write (`stream`).
   */
  sendTick(frame: string | null, bytes: Buffer | null, payload: string, u: MarketDataUpdate): void {
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
    if (this.stream !== null && bytes !== null) {
      this.cork(bytes.length);
      this.stream.write(bytes);
    } else {
      this.socket.send(frame ?? marketDataFrame(payload, u.timestamp));
    }
    this.counters.ticksPushed++;
  }

  /** Corks for the rest of this turn (once), or writes now when this turn's ticks have reached `flushBytes`. */
  private cork(bytes: number): void {
    if (!this.corked) {
      this.stream!.cork();
      this.corked = true;
      this.corkedBytes = 0;
      if (!this.uncorkScheduled) {
        this.uncorkScheduled = true;
        setImmediate(this.endOfTurn);
      }
    } else if (this.corkedBytes >= this.limits.flushBytes) {
      // Write what we have and keep collecting: the next tick corks again, the scheduled uncork still runs.
      this.uncork();
      this.stream!.cork();
      this.corked = true;
      this.corkedBytes = 0;
    }
    this.corkedBytes += bytes;
  }

  private uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.corkedBytes = 0;
    // A no-op on a socket that ended or was destroyed meanwhile (end() uncorks fully by itself).
    this.stream!.uncork();
  }

  private readonly endOfTurn = (): void => {
    this.uncorkScheduled = false;
    this.uncork();
  };

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
      // One write for the whole backlog rather than one per value.
      this.stream?.cork();
      for (const u of updates) this.socket.send(marketDataFrame(marketDataPayload(u), u.timestamp));
      this.stream?.uncork();
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
    // Hand over what this turn corked (a close frame queued behind it must go out too).
    this.uncork();
    this.stopConflating();
    this.conflated.clear();
    this.batchParts = [];
  }
}

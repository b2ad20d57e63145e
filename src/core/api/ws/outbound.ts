/**
 * One client's outbound path. Replies and order / execution / connection pushes ("control" frames) are always
 * sent, never dropped. Market data goes straight to the socket while the client keeps up; once its socket buffer
 * passes `highWaterBytes` the client is switched to conflation (latest value per symbol + field, so memory is
 * bounded by the number of instruments and fields it watches, not by the tick rate) and the backlog is flushed
 * when the buffer has drained below `lowWaterBytes`. A client that stays backed up past `stuckTimeoutMs`, or
 * whose control backlog passes `hardLimitBytes`, is reported stuck and the hub disconnects it.
 *
 * Write coalescing: every tick stays its own `marketData` WebSocket message (the frontend's contract), but the
 * messages of one flush cycle (tickCycle.ts: the ticks decoded from one chunk of the TWS stream) reach the kernel
 * in one write per client, at the end of the callback that decoded them. The frames are encoded once per tick by
 * the hub into a shared arena (wsFrame.ts); a client keeps only the ranges of it that are its own, merged when
 * they touch (one range when it receives every tick of the cycle), and writes them as is. A cycle that piles up
 * `flushBytes` for one client is written early, so the held frames never look like a slow consumer. Control
 * frames write the held ticks first, so every frame keeps its place.
 *
 * Batch mode (opt-in): market data for one event-loop turn goes out as one `marketDataBatch` frame, built from
 * the payload strings serialised once per tick by the hub.
 */
import type { MarketDataUpdate } from '../../../common/contract.js';
import { pushId } from './pushId.js';
import type { TickCycle, TickSink } from './tickCycle.js';

export interface OutboundSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
}

/** The TCP socket under the WebSocket (the upgrade's socket): written the pre-encoded tick frames. */
export interface CorkableStream {
  cork(): void;
  uncork(): void;
  write(chunk: Buffer): boolean;
  /** Bytes queued in the stream that the kernel has not taken yet. */
  readonly writableLength: number;
}

export interface OutboundLimits {
  highWaterBytes: number;
  lowWaterBytes: number;
  stuckTimeoutMs: number;
  hardLimitBytes: number;
  maxConflatedKeys: number;
  drainPollMs: number;
  batchMaxUpdates: number;
  /** Bytes of held ticks after which the socket is written at once instead of at the end of the cycle. */
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
  return `{"id":"${pushId()}","type":"marketData","payload":${payload},"timestamp":"${timestamp}"}`;
}

function batchFrame(parts: readonly string[]): string {
  return `{"id":"${pushId()}","type":"marketDataBatch","payload":{"updates":[${parts.join(',')}]},"timestamp":"${new Date().toISOString()}"}`;
}

export class Outbound implements TickSink {
  private batching = false;
  private conflated = new Map<string, MarketDataUpdate>();
  private conflatingSince = 0;
  private drainTimer: NodeJS.Timeout | null = null;
  private batchParts: string[] = [];
  private batchScheduled = false;
  private stuck = false;
  /** Ticks of this cycle not written yet: earlier ranges (when they did not touch) and the current one. */
  private held: Buffer[] = [];
  private heldBuf: Buffer | null = null;
  private heldStart = 0;
  private heldEnd = 0;
  private heldBytes = 0;
  /** Highest socket buffer seen, for the slow-consumer proof and the clients list. */
  maxBufferedAmount = 0;

  constructor(
    private readonly socket: OutboundSocket,
    private readonly limits: OutboundLimits,
    private readonly counters: OutboundCounters,
    private readonly onStuck: (reason: string) => void,
    /** The socket under `socket`, where tick frames are written as they are. */
    private readonly stream: CorkableStream,
    /** The flush cycle this client's tick frames belong to (the hub's, shared by every client). */
    private readonly cycle: TickCycle,
  ) {}

  get conflating(): boolean {
    return this.conflatingSince !== 0;
  }

  get batchMode(): boolean {
    return this.batching;
  }

  /** Switching writes what the other mode still holds first: updates keep their order across the switch. */
  set batchMode(on: boolean) {
    if (on === this.batching) return;
    if (on && this.heldBytes !== 0 && !this.writeHeld()) this.cycle.hold();
    if (!on) this.flushBatch();
    this.batching = on;
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
    // The ticks held for this cycle came first.
    if (this.heldBytes !== 0 && !this.writeHeld()) this.cycle.hold();
    this.socket.send(frame);
    this.counters.controlFramesSent++;
  }

  /**
   * Hot path: one tick whose frame the hub encoded at `buf[start, end)` (the cycle's arena, shared by every
   * recipient), held until the end of the cycle. Unless the client is behind: then it is conflated.
   */
  sendFrame(buf: Buffer, start: number, end: number, u: MarketDataUpdate): void {
    // The socket buffer only changes when we write or the kernel drains it: once per cycle is enough to look at it.
    if (this.socket.readyState !== OPEN || this.stuck || this.conflatedInstead(u, this.heldBytes === 0)) return;
    if (this.heldBytes === 0) {
      this.cycle.enlist(this);
      this.heldBuf = buf;
      this.heldStart = start;
    } else if (buf !== this.heldBuf || start !== this.heldEnd) {
      // Not next to the previous frame (a tick this client does not receive came between, or a new arena).
      this.held.push(this.heldBuf!.subarray(this.heldStart, this.heldEnd));
      this.heldBuf = buf;
      this.heldStart = start;
    }
    this.heldEnd = end;
    this.heldBytes += end - start;
    this.counters.ticksPushed++;
    if (this.heldBytes >= this.limits.flushBytes && !this.writeHeld()) this.cycle.hold();
  }

  /** Batch mode: one tick's payload, sent with the others of this turn as one `marketDataBatch` frame. */
  sendBatched(payload: string, u: MarketDataUpdate): void {
    if (this.socket.readyState !== OPEN || this.stuck || this.conflatedInstead(u, true)) return;
    this.batchParts.push(payload);
    if (this.batchParts.length >= this.limits.batchMaxUpdates) this.flushBatch();
    else if (!this.batchScheduled) {
      this.batchScheduled = true;
      setImmediate(this.flushBatch);
    }
  }

  /**
   * True when `u` went to conflation instead: the client is conflating already, or (`checkBuffer`) its socket
   * buffer is past the high-water mark, which starts conflation.
   */
  private conflatedInstead(u: MarketDataUpdate, checkBuffer: boolean): boolean {
    if (this.conflatingSince === 0) {
      if (!checkBuffer) return false;
      const buffered = this.socket.bufferedAmount;
      if (buffered > this.maxBufferedAmount) this.maxBufferedAmount = buffered;
      if (buffered <= this.limits.highWaterBytes) return false;
      this.startConflating();
    }
    this.conflate(u);
    return true;
  }

  /** End of the cycle (TickCycle). */
  flushTicks(): boolean {
    return this.heldBytes === 0 || this.writeHeld();
  }

  /** Writes the held ticks; false when the socket kept part of them queued (they still reference the arena). */
  private writeHeld(): boolean {
    const held = this.held;
    const last = this.heldBuf!.subarray(this.heldStart, this.heldEnd);
    this.heldBuf = null;
    this.heldBytes = 0;
    // A socket that is closing (ws has sent or queued its close frame) must not get data frames after it.
    if (this.socket.readyState !== OPEN) {
      held.length = 0;
      return true;
    }
    if (held.length === 0) {
      this.stream.write(last);
    } else {
      // One writev for the ranges that did not touch.
      this.stream.cork();
      for (let i = 0; i < held.length; i++) this.stream.write(held[i]!);
      this.stream.write(last);
      this.stream.uncork();
      held.length = 0;
    }
    return this.stream.writableLength === 0;
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
    if (this.batching) {
      for (let i = 0; i < updates.length; i += this.limits.batchMaxUpdates) {
        const parts = updates.slice(i, i + this.limits.batchMaxUpdates).map(marketDataPayload);
        this.socket.send(batchFrame(parts));
        this.counters.batchesPushed++;
      }
    } else {
      // One write for the whole backlog rather than one per value.
      this.stream.cork();
      for (const u of updates) this.socket.send(marketDataFrame(marketDataPayload(u), u.timestamp));
      this.stream.uncork();
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
    // Ticks held for this cycle are dropped: the socket is closing or gone, and nothing may follow its close frame.
    this.held.length = 0;
    this.heldBuf = null;
    this.heldBytes = 0;
    this.stopConflating();
    this.conflated.clear();
    this.batchParts = [];
  }
}

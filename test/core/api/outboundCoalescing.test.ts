/**
 * The tick path's write coalescing: the ticks of one flush cycle (one callback of the TWS stream) reach each
 * client's socket as one write at the end of that callback, each still its own WebSocket `marketData` message, in
 * order with the control frames around them; frames encoded once into the cycle's arena are never overwritten
 * while a socket still has them queued.
 */
import { Writable } from 'node:stream';
import * as wsModule from 'ws';
import { describe, expect, it } from 'vitest';
import type { MarketDataUpdate } from '../../../src/common/contract.js';
import { DEFAULT_OUTBOUND_LIMITS, Outbound, marketDataFrame, marketDataPayload } from '../../../src/core/api/ws/outbound.js';
import type { OutboundCounters, OutboundLimits } from '../../../src/core/api/ws/outbound.js';
import { TickCycle } from '../../../src/core/api/ws/tickCycle.js';
import { FrameArena, encodeTextFrame } from '../../../src/core/api/ws/wsFrame.js';

/** A socket that records every write the kernel would see: one entry per write()/writev() call. */
class RecordingSocket extends Writable {
  readonly writes: Buffer[][] = [];
  /** Writes still "in the kernel's hands": their callbacks run when release() is called (a client with a backlog). */
  private readonly held: Array<() => void> = [];
  constructor(private readonly slow = false) {
    super({ highWaterMark: 1 << 30 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.record([chunk], cb);
  }
  override _writev(chunks: Array<{ chunk: Buffer }>, cb: (e?: Error | null) => void): void {
    this.record(chunks.map((c) => c.chunk), cb);
  }
  /** The bytes as the kernel would have them when it finally reads them: copied only on release for a slow socket. */
  private record(chunks: Buffer[], cb: () => void): void {
    if (!this.slow) {
      this.writes.push(chunks.map((c) => Buffer.from(c)));
      cb();
      return;
    }
    this.held.push(() => {
      this.writes.push(chunks.map((c) => Buffer.from(c)));
      cb();
    });
  }
  /** The kernel takes everything (a completed write lets the stream hand over what it buffered meanwhile). */
  release(): void {
    for (let f = this.held.shift(); f; f = this.held.shift()) f();
  }
}

/** The ws side of the fake: send() frames like ws does (header + payload as a corked pair of writes). */
function wsLike(sock: RecordingSocket) {
  return {
    readyState: 1 as number,
    get bufferedAmount() {
      return sock.writableLength;
    },
    send(data: string) {
      const framed = encodeTextFrame(data);
      sock.cork();
      sock.write(framed.subarray(0, 4));
      sock.write(framed.subarray(4));
      sock.uncork();
    },
  };
}

// ws's frame parser (exported at runtime; @types/ws does not declare it).
interface FrameReceiver {
  on(event: 'message', fn: (data: Buffer) => void): void;
  write(chunk: Buffer): void;
}
const { Receiver } = wsModule as unknown as { Receiver: new (o: { isServer: boolean }) => FrameReceiver };

function decode(writes: Buffer[][]): string[] {
  const out: string[] = [];
  const r = new Receiver({ isServer: false });
  r.on('message', (data) => out.push(data.toString()));
  for (const w of writes) for (const c of w) r.write(c);
  return out;
}

const counters = (): OutboundCounters => ({ ticksPushed: 0, ticksConflated: 0, batchesPushed: 0, controlFramesSent: 0 });
const turn = () => new Promise((r) => setImmediate(r));

function update(i: number, field = 1): MarketDataUpdate {
  return { symbol: 'AAPL', field, value: 100 + i / 100, timestamp: '2026-01-02T03:04:05.006Z' };
}

function frameOf(u: MarketDataUpdate): string {
  return marketDataFrame(marketDataPayload(u), u.timestamp);
}

/** What the hub does per tick: encode the frame once into the cycle's arena, hand the same bytes to each client. */
function push(cycle: TickCycle, u: MarketDataUpdate, ...outs: Outbound[]): string {
  const frame = frameOf(u);
  const start = cycle.arena.append(frame);
  for (const o of outs) o.sendFrame(cycle.arena.buf, start, cycle.arena.used, u);
  return frame;
}

function client(cycle: TickCycle, limits: OutboundLimits = DEFAULT_OUTBOUND_LIMITS, slow = false) {
  const sock = new RecordingSocket(slow);
  const ws = wsLike(sock);
  return { sock, ws, out: new Outbound(ws, limits, counters(), () => undefined, sock, cycle) };
}

const payloads = (writes: Buffer[][]) => decode(writes).map((m) => (JSON.parse(m) as { type: string; payload: { value: number } }));

describe('outbound write coalescing', () => {
  it('200 ticks in one callback: one socket write per client, 200 marketData messages in order', async () => {
    const cycle = new TickCycle();
    const a = client(cycle);
    const b = client(cycle);
    for (let i = 0; i < 200; i++) push(cycle, update(i), a.out, b.out);
    expect(200 * encodeTextFrame(frameOf(update(0))).length).toBeLessThan(DEFAULT_OUTBOUND_LIMITS.flushBytes);
    expect(a.sock.writes).toHaveLength(0); // held until the callback returns
    await turn();
    for (const c of [a, b]) {
      expect(c.sock.writes).toHaveLength(1);
      expect(c.sock.writes[0]).toHaveLength(1); // one contiguous slice of the arena, not a chunk per tick
      const msgs = payloads(c.sock.writes);
      expect(msgs.every((m) => m.type === 'marketData')).toBe(true);
      expect(msgs.map((m) => m.payload.value)).toEqual(Array.from({ length: 200 }, (_, i) => 100 + i / 100));
    }
  });

  it('a lone tick leaves when the callback that produced it returns, not at the end of the event-loop turn', async () => {
    const cycle = new TickCycle();
    const a = client(cycle);
    push(cycle, update(1), a.out);
    expect(a.sock.writes).toHaveLength(0);
    await Promise.resolve(); // the flush is the first microtask queued
    expect(a.sock.writes).toHaveLength(1);
    expect(payloads(a.sock.writes).map((m) => m.payload.value)).toEqual([100.01]);
  });

  it('clients with different fields get only their own ticks, in order, one write each', async () => {
    const cycle = new TickCycle();
    const all = client(cycle);
    const bids = client(cycle);
    const sentAll: string[] = [];
    const sentBids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const u = update(i, i % 3 === 0 ? 1 : 2);
      const frame = push(cycle, u, ...(u.field === 1 ? [all.out, bids.out] : [all.out]));
      sentAll.push(frame);
      if (u.field === 1) sentBids.push(frame);
    }
    await turn();
    expect(all.sock.writes).toHaveLength(1);
    expect(bids.sock.writes).toHaveLength(1); // one writev of the ranges that did not touch
    expect(decode(all.sock.writes)).toEqual(sentAll);
    expect(decode(bids.sock.writes)).toEqual(sentBids);
  });

  it('a cycle past flushBytes is written early, in order; control frames keep their place', async () => {
    const cycle = new TickCycle();
    const { sock, out } = client(cycle, { ...DEFAULT_OUTBOUND_LIMITS, flushBytes: 10_000 });
    const sent: string[] = [];
    for (let i = 0; i < 500; i++) {
      sent.push(push(cycle, update(i), out));
      if (i === 250) {
        const control = JSON.stringify({ id: 'x', type: 'orderStatus', payload: {}, timestamp: '' });
        out.sendControl(control);
        sent.push(control);
      }
    }
    await turn();
    const frameBytes = encodeTextFrame(frameOf(update(0))).length;
    // About one write per flushBytes of ticks (plus the control frame's), not one per tick.
    expect(sock.writes.length).toBeLessThanOrEqual(Math.ceil((500 * frameBytes) / 10_000) + 3);
    expect(sock.writes.length).toBeGreaterThan(1);
    expect(decode(sock.writes)).toEqual(sent);
  });

  it('frames still queued in a backed-up socket are not overwritten by the next cycles', async () => {
    const cycle = new TickCycle();
    const slow = client(cycle, DEFAULT_OUTBOUND_LIMITS, true);
    const fast = client(cycle);
    const sent: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 50; i++) sent.push(push(cycle, update(round * 50 + i), slow.out, fast.out));
      await turn();
    }
    expect(slow.sock.writes).toHaveLength(0); // nothing taken yet: every cycle's bytes are still referenced
    slow.sock.release();
    await turn();
    expect(decode(slow.sock.writes)).toEqual(sent);
    expect(decode(fast.sock.writes)).toEqual(sent);
  });

  it('a client closed in the middle of a cycle gets no data frame after its close frame', async () => {
    const cycle = new TickCycle();
    const { sock, ws, out } = client(cycle);
    push(cycle, update(1), out);
    ws.readyState = 2; // CLOSING: ws has queued the close frame
    out.dispose();
    await turn();
    expect(sock.writes).toHaveLength(0);
  });
});

describe('FrameArena', () => {
  it('encodes the same bytes as a frame of its own, for every length encoding, back to back', () => {
    const texts = ['', 'a', 'x'.repeat(125), 'y'.repeat(126), 'é€'.repeat(40), 'z'.repeat(65_535), 'w'.repeat(70_000)];
    const arena = new FrameArena();
    const frames = texts.map((t) => {
      const start = arena.append(t);
      return Buffer.from(arena.buf.subarray(start, arena.used));
    });
    expect(frames).toEqual(texts.map(encodeTextFrame));
    expect(decode([frames])).toEqual(texts);
  });
});

describe('encodeTextFrame', () => {
  it('matches what a WebSocket receiver decodes, for every length encoding', () => {
    const texts = ['', 'a', 'x'.repeat(125), 'y'.repeat(126), 'é€'.repeat(40), 'z'.repeat(65_535), 'w'.repeat(70_000)];
    expect(decode([texts.map(encodeTextFrame)])).toEqual(texts);
  });
});

/**
 * The tick path's write coalescing: many ticks to one client in one event-loop turn reach the socket as one write
 * (one writev), each still its own WebSocket `marketData` message, in order with the control frames around them.
 */
import { Writable } from 'node:stream';
import * as wsModule from 'ws';
import { describe, expect, it } from 'vitest';
import type { MarketDataUpdate } from '../../../src/common/contract.js';
import { DEFAULT_OUTBOUND_LIMITS, Outbound, marketDataFrame, marketDataPayload } from '../../../src/core/api/ws/outbound.js';
import type { OutboundCounters } from '../../../src/core/api/ws/outbound.js';
import { encodeTextFrame } from '../../../src/core/api/ws/wsFrame.js';

/** A socket that records every write the kernel would see: one entry per write()/writev() call. */
class RecordingSocket extends Writable {
  readonly writes: Buffer[][] = [];
  constructor() {
    super({ highWaterMark: 1 << 30 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.writes.push([chunk]);
    cb();
  }
  override _writev(chunks: Array<{ chunk: Buffer }>, cb: (e?: Error | null) => void): void {
    this.writes.push(chunks.map((c) => c.chunk));
    cb();
  }
}

/** The ws side of the fake: send() frames like ws does (header + payload as a corked pair of writes). */
function wsLike(sock: RecordingSocket) {
  return {
    readyState: 1,
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

function tick(i: number): { frame: string; bytes: Buffer; payload: string; u: MarketDataUpdate } {
  const u: MarketDataUpdate = { symbol: 'AAPL', field: 1, value: 100 + i / 100, timestamp: '2026-01-02T03:04:05.006Z' };
  const payload = marketDataPayload(u);
  const frame = marketDataFrame(payload, u.timestamp);
  return { frame, bytes: encodeTextFrame(frame), payload, u };
}

describe('outbound write coalescing', () => {
  it('200 ticks in one turn: one socket write, 200 marketData messages in order', async () => {
    const sock = new RecordingSocket();
    const out = new Outbound(wsLike(sock), DEFAULT_OUTBOUND_LIMITS, counters(), () => undefined, sock);
    const t0 = tick(0);
    for (let i = 0; i < 200; i++) {
      const t = tick(i);
      out.sendTick(t.frame, t.bytes, t.payload, t.u);
    }
    expect(200 * t0.bytes.length).toBeLessThan(DEFAULT_OUTBOUND_LIMITS.flushBytes);
    expect(sock.writes).toHaveLength(0); // corked until the end of the turn
    await turn();
    expect(sock.writes).toHaveLength(1);
    const msgs = decode(sock.writes).map((m) => JSON.parse(m) as { type: string; payload: { value: number } });
    expect(msgs).toHaveLength(200);
    expect(msgs.every((m) => m.type === 'marketData')).toBe(true);
    expect(msgs.map((m) => m.payload.value)).toEqual(Array.from({ length: 200 }, (_, i) => 100 + i / 100));
  });

  it('a turn past flushBytes is written early, in order; control frames keep their place', async () => {
    const sock = new RecordingSocket();
    const out = new Outbound(wsLike(sock), { ...DEFAULT_OUTBOUND_LIMITS, flushBytes: 10_000 }, counters(), () => undefined, sock);
    const sent: string[] = [];
    for (let i = 0; i < 500; i++) {
      const t = tick(i);
      out.sendTick(t.frame, t.bytes, t.payload, t.u);
      sent.push(t.frame);
      if (i === 250) {
        const control = JSON.stringify({ id: 'x', type: 'orderStatus', payload: {}, timestamp: '' });
        out.sendControl(control);
        sent.push(control);
      }
    }
    await turn();
    const frameBytes = tick(0).bytes.length;
    // About one write per flushBytes of ticks, not one per tick.
    expect(sock.writes.length).toBeLessThanOrEqual(Math.ceil((500 * frameBytes) / 10_000) + 1);
    expect(sock.writes.length).toBeGreaterThan(1);
    expect(decode(sock.writes)).toEqual(sent);
  });

  it('without a corkable stream every tick goes through ws as before', async () => {
    const sock = new RecordingSocket();
    const out = new Outbound(wsLike(sock), DEFAULT_OUTBOUND_LIMITS, counters(), () => undefined, null);
    for (let i = 0; i < 3; i++) {
      const t = tick(i);
      out.sendTick(t.frame, t.bytes, t.payload, t.u);
    }
    await turn();
    expect(sock.writes).toHaveLength(3);
    expect(decode(sock.writes)).toHaveLength(3);
  });

  it('dispose hands over what the turn corked', () => {
    const sock = new RecordingSocket();
    const out = new Outbound(wsLike(sock), DEFAULT_OUTBOUND_LIMITS, counters(), () => undefined, sock);
    const t = tick(1);
    out.sendTick(t.frame, t.bytes, t.payload, t.u);
    out.dispose();
    expect(sock.writes).toHaveLength(1);
    expect(sock.writableCorked).toBe(0);
  });
});

describe('encodeTextFrame', () => {
  it('matches what a WebSocket receiver decodes, for every length encoding', () => {
    const texts = ['', 'a', 'x'.repeat(125), 'y'.repeat(126), 'é€'.repeat(40), 'z'.repeat(65_535), 'w'.repeat(70_000)];
    expect(decode([texts.map(encodeTextFrame)])).toEqual(texts);
  });
});

/**
 * Server → client WebSocket text frames (RFC 6455 §5.2), encoded once per tick and written as the same bytes to
 * every subscriber's socket. `ws` would otherwise re-encode the string and build a header for every client.
 *
 * Valid only because the hub's WebSocketServer never negotiates permessage-deflate (a frame is then the header plus
 * the plain UTF-8 payload, server frames are never masked) and nothing else writes to the socket between `ws`'s
 * own writes: both go, in call order, into the same socket buffer.
 */

/** Header length of a frame whose payload is `len` bytes. */
function headerLength(len: number): number {
  return len < 126 ? 2 : len <= 0xffff ? 4 : 10;
}

function writeHeader(buf: Buffer, at: number, len: number): void {
  buf[at] = 0x81; // FIN + opcode 1 (text)
  if (len < 126) {
    buf[at + 1] = len;
  } else if (len <= 0xffff) {
    buf[at + 1] = 126;
    buf.writeUInt16BE(len, at + 2);
  } else {
    buf[at + 1] = 127;
    buf.writeUInt32BE(0, at + 2); // frames here are far below 4 GiB
    buf.writeUInt32BE(len, at + 6);
  }
}

export function encodeTextFrame(text: string): Buffer {
  const len = Buffer.byteLength(text);
  const header = headerLength(len);
  const buf = Buffer.allocUnsafe(header + len);
  writeHeader(buf, 0, len);
  buf.write(text, header, 'utf8');
  return buf;
}

/** Tick frames are a few hundred bytes: one arena holds the frames of a busy turn without a second allocation. */
const ARENA_BYTES = 256 * 1024;

/**
 * The frames of one flush cycle, back to back in one buffer: no Buffer per tick, and a client that receives every
 * tick of the cycle (the usual case) gets one contiguous slice, i.e. one iovec for the whole cycle. Profiling the
 * per-tick Buffers showed their allocation and encoding at a tenth of the proxy's busy time, and Node's writev
 * cost grows with the number of chunks (a 100-chunk writev cost about twice a single-buffer write of the same bytes).
 *
 * A frame's bytes are never changed once appended. At the end of a cycle the arena starts over at offset 0, unless
 * some socket kept part of a write queued (it references these bytes until the kernel takes them): then the buffer
 * is pinned, its bytes are left alone, and frames go on after them until it is full and a new one is taken.
 */
export class FrameArena {
  buf: Buffer = Buffer.allocUnsafe(ARENA_BYTES);
  /** Bytes in use: the last appended frame ends here. */
  used = 0;
  private pinned = false;

  /** Appends `text` as one text frame; returns where it starts in `buf` (it ends at `used`). */
  append(text: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; headers at most 10.
    const worst = 10 + 3 * text.length;
    if (this.used + worst > this.buf.length) this.renew(worst);
    // Tick frames are 126..65535 bytes: write the text after a 4-byte header, fix up the rare other sizes.
    const start = this.used;
    const len = this.buf.write(text, start + 4, 'utf8');
    const header = headerLength(len);
    if (header !== 4) this.buf.copyWithin(start + header, start + 4, start + 4 + len);
    writeHeader(this.buf, start, len);
    this.used = start + header + len;
    return start;
  }

  /** Some bytes handed out so far may still be read by a queued write: never overwrite them. */
  pin(): void {
    this.pinned = true;
  }

  /** Every write of this cycle is done: reuse the buffer from its start, unless it is pinned. */
  endCycle(): void {
    if (!this.pinned) this.used = 0;
  }

  private renew(atLeast: number): void {
    this.buf = Buffer.allocUnsafe(Math.max(ARENA_BYTES, atLeast));
    this.used = 0;
    this.pinned = false;
  }
}

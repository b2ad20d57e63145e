/**
 * TWS V100+ framing: the client opens with the raw bytes `API\0`, after which every message in both directions is
 * `[uint32 big-endian length][fields, each terminated by \0]`. TCP delivers those bytes split or coalesced at any
 * boundary, so the reader buffers until a whole frame is present.
 */

/** Frames larger than this are refused: real clients (stoqey) cap their own input buffer at 0xFFFFFF too. */
export const MAX_FRAME_BYTES = 0xffffff;

const API_PREFIX = Buffer.from('API\0', 'latin1');

export class FrameError extends Error {}

/** Splits an inbound byte stream into frames, each returned as its list of NUL-separated fields. */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private prefixSeen: boolean;

  /** @param expectApiPrefix true on the server side: the very first bytes must be `API\0`. */
  constructor(expectApiPrefix: boolean) {
    this.prefixSeen = !expectApiPrefix;
  }

  /** Feeds bytes; returns every frame completed by them (possibly none). Throws FrameError on a protocol breach. */
  push(chunk: Buffer): string[][] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: string[][] = [];
    if (!this.prefixSeen) {
      if (this.buffer.length < API_PREFIX.length) {
        if (!API_PREFIX.subarray(0, this.buffer.length).equals(this.buffer)) throw new FrameError('missing API\\0 prefix');
        return frames;
      }
      if (!this.buffer.subarray(0, API_PREFIX.length).equals(API_PREFIX)) throw new FrameError('missing API\\0 prefix');
      this.buffer = this.buffer.subarray(API_PREFIX.length);
      this.prefixSeen = true;
    }
    let offset = 0;
    while (this.buffer.length - offset >= 4) {
      const length = this.buffer.readUInt32BE(offset);
      if (length > MAX_FRAME_BYTES) throw new FrameError(`frame of ${length} bytes exceeds the limit`);
      if (this.buffer.length - offset - 4 < length) break;
      frames.push(splitFields(this.buffer.toString('utf8', offset + 4, offset + 4 + length)));
      offset += 4 + length;
    }
    this.buffer = offset === 0 ? this.buffer : this.buffer.subarray(offset);
    return frames;
  }
}

/** `a\0b\0c\0` → [a, b, c]; the trailing terminator does not make an extra empty field. */
export function splitFields(body: string): string[] {
  const fields = body.split('\0');
  if (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
  return fields;
}

/** One already-joined message body (`f0\0f1\0…fN\0`) to a length-prefixed frame. */
export function frameBody(body: string): Buffer {
  const byteLength = Buffer.byteLength(body, 'utf8');
  const frame = Buffer.allocUnsafe(4 + byteLength);
  frame.writeUInt32BE(byteLength, 0);
  frame.write(body, 4, 'utf8');
  return frame;
}

/** Client side of the opening: `API\0` followed by the framed version range (used by raw-socket tests and tools). */
export function encodeHandshake(versionRange: string): Buffer {
  return Buffer.concat([API_PREFIX, frameBody(versionRange)]);
}

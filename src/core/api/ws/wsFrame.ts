/**
 * A server → client WebSocket text frame (RFC 6455 §5.2), encoded once per tick and written as the same bytes to
 * every subscriber's socket. `ws` would otherwise re-encode the string and build a header for every client.
 *
 * Valid only because the hub's WebSocketServer never negotiates permessage-deflate (a frame is then the header plus
 * the plain UTF-8 payload, server frames are never masked) and nothing else writes to the socket between `ws`'s
 * own writes: both go, in call order, into the same socket buffer.
 */
export function encodeTextFrame(text: string): Buffer {
  const len = Buffer.byteLength(text);
  const header = len < 126 ? 2 : len <= 0xffff ? 4 : 10;
  const buf = Buffer.allocUnsafe(header + len);
  buf[0] = 0x81; // FIN + opcode 1 (text)
  if (header === 2) {
    buf[1] = len;
  } else if (header === 4) {
    buf[1] = 126;
    buf.writeUInt16BE(len, 2);
  } else {
    buf[1] = 127;
    buf.writeUInt32BE(0, 2); // frames here are far below 4 GiB
    buf.writeUInt32BE(len, 6);
  }
  buf.write(text, header, 'utf8');
  return buf;
}

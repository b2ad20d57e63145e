/** A bare TWS API client over a raw socket, for byte-level tests (framing, handshake ranges, pacing). */
import { connect, type Socket } from 'node:net';
import { FrameReader, encodeHandshake, frameBody } from '../../src/simulator/protocol/framing.js';
import { joinFields, type Field } from '../../src/simulator/protocol/fields.js';
import { waitFor } from './helpers.js';

export class RawClient {
  readonly frames: string[][] = [];
  closed = false;
  private readonly reader = new FrameReader(false);

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.frames.push(...this.reader.push(chunk)));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static async open(port: number): Promise<RawClient> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  /** Handshake + startApi; resolves with the negotiated version once nextValidId arrived. */
  static async started(port: number, range: string, clientId: number): Promise<{ client: RawClient; version: number }> {
    const client = await RawClient.open(port);
    client.socket.write(encodeHandshake(range));
    await waitFor(() => client.frames.length >= 1, 'the server version');
    const version = Number(client.frames[0]?.[0]);
    client.send([71, 2, clientId, '']);
    await waitFor(() => client.frames.some((f) => f[0] === '9'), 'nextValidId');
    return { client, version };
  }

  send(fields: readonly Field[]): void {
    this.socket.write(frameBody(joinFields(fields)));
  }

  /** Frames whose message id is `id`. */
  messages(id: number): string[][] {
    return this.frames.filter((f) => f[0] === String(id));
  }

  close(): void {
    this.socket.destroy();
  }
}

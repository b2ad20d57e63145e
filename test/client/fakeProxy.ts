/**
 * A proxy stand-in in memory for the client's unit tests: a WebSocket class whose server side is a function the
 * test writes (answer, refuse, hold a reply, close), for orderings a real proxy cannot be made to produce on cue.
 */
import type { WebSocketConstructor, WebSocketLike } from '../../packages/client/src/index.js';

export interface FakeFrame {
  id: string;
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- payloads are whatever the client sent
  payload: any;
}

interface SocketEvent {
  data: unknown;
  code: number;
  reason: string;
}
type Listener = (event: SocketEvent) => void;

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(private readonly proxy: FakeProxy) {
    setTimeout(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.fire('open', { data: null, code: 0, reason: '' });
      this.push('connection_established', { clientId: `fake-${proxy.sockets.length}` });
    }, 0);
  }

  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    const frame = JSON.parse(data) as FakeFrame;
    this.proxy.received.push(frame);
    setTimeout(() => this.proxy.onRequest(frame, this), 0);
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    setTimeout(() => this.fire('close', { data: null, code, reason }), 0);
  }

  /** The proxy's side: a reply to `frame` (or a push when no id is given). */
  reply(frame: FakeFrame, type: string, payload: unknown): void {
    this.push(type, payload, frame.id);
  }

  push(type: string, payload: unknown, id: string = `push-${Math.random()}`): void {
    if (this.readyState !== 1) return;
    this.fire('message', { data: JSON.stringify({ id, type, payload, timestamp: new Date().toISOString() }), code: 0, reason: '' });
  }

  private fire(type: string, event: SocketEvent): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

export class FakeProxy {
  readonly sockets: FakeSocket[] = [];
  readonly received: FakeFrame[] = [];
  /** The test's server logic; by default it authenticates everyone and answers nothing else. */
  onRequest: (frame: FakeFrame, socket: FakeSocket) => void = (frame, socket) => {
    if (frame.type === 'authenticate') socket.reply(frame, 'authentication_success', { userId: 'trader' });
  };

  get WebSocket(): WebSocketConstructor {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below closes over its proxy
    const proxy = this;
    return class extends FakeSocket {
      constructor(_url: string) {
        super(proxy);
        proxy.sockets.push(this);
      }
    };
  }

  /** Answers authenticate like the real proxy, and every other request with `answer` (null: no reply). */
  serve(answer: (frame: FakeFrame, socket: FakeSocket) => { type: string; payload: unknown } | null): void {
    this.onRequest = (frame, socket) => {
      if (frame.type === 'authenticate') return socket.reply(frame, 'authentication_success', { userId: 'trader' });
      const r = answer(frame, socket);
      if (r) socket.reply(frame, r.type, r.payload);
    };
  }
}

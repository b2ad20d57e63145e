/**
 * Helpers of the client library's tests: a client as a Node caller makes one (ws, fast reconnects), waiting for
 * events with a deadline (never fixed sleeps), and a WebSocket with faults to inject (a reply lost on the way).
 */
import WebSocket from 'ws';
import { afterAll, beforeAll } from 'vitest';
import { ProxyClient } from '../../packages/client/src/index.js';
import type { ProxyClientOptions, WebSocketConstructor, WebSocketLike } from '../../packages/client/src/index.js';
import type { EventMap, Listener, TypedEmitter } from '../../packages/client/src/emitter.js';
import { TEST_PASSWORD, TEST_USER } from '../core/api/harness.js';
import { startRealStack } from '../core/api/realStack.js';
import type { RealStack, RealStackOptions } from '../core/api/realStack.js';

/** Resolves with the arguments of the first `event` that satisfies `pred`; rejects after `timeoutMs`. */
export function nextEvent<E extends EventMap<E>, K extends keyof E>(
  emitter: TypedEmitter<E>,
  event: K,
  pred: (...args: E[K]) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<E[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${String(event)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = emitter.on(event, ((...args: E[K]) => {
      if (!pred(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    }) as Listener<E[K]>);
  });
}

/** Polls `fn` until it returns something truthy (for state outside any emitter); rejects after `timeoutMs`. */
export async function until<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A client for a test stack: the harness's login, `ws` for WebSocket, quick reconnects. */
export function testClient(baseUrl: string, options: Partial<ProxyClientOptions> = {}): ProxyClient {
  return new ProxyClient({
    baseUrl,
    credentials: { username: TEST_USER, password: TEST_PASSWORD },
    WebSocket,
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
    ...options,
  });
}

/**
 * Registers a test file's hooks: one real stack (simulator → gateway → API) and a client of it for the whole
 * file, handed to `ready` (which may also connect it); both are closed after the file.
 */
export function useStackWithClient(opts: RealStackOptions, ready: (stack: RealStack, client: ProxyClient) => void | Promise<void>): void {
  let stack: RealStack | undefined;
  let client: ProxyClient | undefined;
  beforeAll(async () => {
    stack = await startRealStack(opts);
    client = testClient(stack.baseUrl);
    await ready(stack, client);
  });
  afterAll(async () => {
    client?.close();
    await stack?.close();
  });
}

export const cents = (price: number): number => Math.round(price * 100) / 100;

/** A buy limit the simulated market will not reach today: the order rests. */
export function restingBuyPrice(stack: RealStack, symbol: string): number {
  const q = stack.sim.market.quote(symbol);
  if (!q) throw new Error(`the simulator does not know ${symbol}`);
  return cents(q.bid * 0.5);
}

export interface ParsedFrame {
  id: string | number;
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect arbitrary payloads
  payload: any;
}

/**
 * Faults for FaultyWebSocket: `dropIncoming` sees every frame from the proxy and may swallow it, and then (with
 * `cutAfterDrop`) the socket is cut, as a connection that dies at that moment would be; `sent` records what the
 * client wrote.
 */
export class SocketFaults {
  readonly sent: ParsedFrame[] = [];
  readonly dropped: ParsedFrame[] = [];
  readonly sockets: WebSocket[] = [];
  dropIncoming: ((frame: ParsedFrame) => boolean) | null = null;
  cutAfterDrop = true;

  /** A WebSocket class for the client: the `ws` socket with these faults. */
  get WebSocket(): WebSocketConstructor {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below closes over its faults
    const faults = this;
    return class FaultyWebSocket implements WebSocketLike {
      private readonly inner: WebSocket;
      constructor(url: string) {
        this.inner = new WebSocket(url);
        faults.sockets.push(this.inner);
      }
      get readyState(): number {
        return this.inner.readyState;
      }
      send(data: string): void {
        faults.sent.push(JSON.parse(data) as ParsedFrame);
        this.inner.send(data);
      }
      close(code?: number, reason?: string): void {
        this.inner.close(code, reason);
      }
      addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: { data: unknown; code: number; reason: string }) => void): void {
        if (type !== 'message') {
          this.inner.addEventListener(type, listener as () => void);
          return;
        }
        this.inner.addEventListener('message', (event) => {
          const frame = JSON.parse(String(event.data)) as ParsedFrame;
          if (faults.dropIncoming?.(frame)) {
            faults.dropped.push(frame);
            if (faults.cutAfterDrop) this.inner.terminate();
            return;
          }
          listener({ data: event.data, code: 0, reason: '' });
        });
      }
    };
  }
}

/**
 * Requests on the WebSocket: each waits in line, goes out when the proxy's per-connection limits allow (never
 * more than `maxInFlight` waiting for replies, never faster than `messagesPerSecond`), and is settled by the reply
 * that echoes its id, decoded with the reply type's schema, or by its deadline.
 *
 *  - `rate_limited` / `too_many_in_flight` replies mean the proxy did not process the request: it goes back to
 *    the head of the line and the whole line pauses (growing, jittered), so the client backs off instead of
 *    hammering a proxy that would cut it off.
 *  - When the connection drops, requests still waiting for a reply are sent again on the next connection if that
 *    is harmless (protocol.ts), else fail with ProxyConnectionError. Requests never sent simply keep waiting.
 *  - A request past its deadline fails with ProxyTimeoutError; if it was sent, its slot stays taken until its
 *    late reply comes (the proxy still counts it as in flight).
 */
import { backoffDelay } from '../backoff.js';
import { ProxyApiError, ProxyConnectionError, ProxyProtocolError, ProxyTimeoutError } from '../errors.js';
import type { ProxyClientError } from '../errors.js';
import { cancelTimer, startTimer } from '../runtime.js';
import type { TimerHandle } from '../runtime.js';
import { RESEND_AFTER_RECONNECT, replyTypeOf, serverPayloadSchema } from './protocol.js';
import type { ServerFrame, WsReply, WsRequestType } from './protocol.js';
import { MessageBucket } from './sendBudget.js';
import type { SendLimits } from './sendBudget.js';

export interface Outlet {
  /** A socket is open to send on. */
  readonly socketOpen: boolean;
  /** Its session is authenticated. */
  readonly authenticated: boolean;
  send(text: string): void;
}

export interface EnqueueOptions {
  timeoutMs: number;
  idempotencyKey?: string | undefined;
  /** May go out before the session is authenticated (authenticate itself); belongs to the current socket. */
  beforeAuth?: boolean;
  /** Goes out ahead of the caller's requests (the client's own session set-up). */
  first?: boolean;
  /** Overrides the type's resend policy. */
  resend?: boolean;
  /**
   * Runs with the decoded reply as soon as its frame is read, before any later frame: a promise settles a
   * microtask later, after the frames that came in the same chunk (the first ticks after subscription_confirmed).
   */
  onReply?: (value: unknown) => void;
}

interface Pending {
  type: WsRequestType;
  payload: unknown;
  opts: EnqueueOptions;
  settle(result: { ok: true; value: unknown } | { ok: false; error: ProxyClientError }): void;
  wireId: string | null;
  /** Timed out after it was sent: keeps its slot until the late reply. */
  abandoned: boolean;
}

/** Pauses after refusals for the proxy's limits: short at first, as a token bucket refills quickly. */
const LIMIT_BACKOFF = { initialDelayMs: 100, maxDelayMs: 5_000 };

export class RequestQueue {
  private readonly waiting: Pending[] = [];
  private readonly inFlight = new Map<string, Pending>();
  private readonly bucket: MessageBucket;
  private readonly maxInFlight: number;
  private pausedUntil = 0;
  private limitedStreak = 0;
  private wake: TimerHandle | null = null;
  private seq = 0;

  constructor(
    private readonly outlet: Outlet,
    limits: SendLimits,
    private readonly idPrefix: string,
  ) {
    this.bucket = new MessageBucket(limits.messagesPerSecond ?? 40);
    this.maxInFlight = limits.maxInFlight ?? 16;
  }

  get size(): number {
    return this.waiting.length + this.inFlight.size;
  }

  enqueue<T extends WsRequestType>(type: T, payload: unknown, opts: EnqueueOptions): Promise<WsReply<T>> {
    return new Promise<WsReply<T>>((resolve, reject) => {
      let done = false;
      const ctx = { operation: type, transport: 'ws' as const, idempotencyKey: opts.idempotencyKey };
      const timer = startTimer(() => {
        if (p.wireId === null) this.remove(p);
        else p.abandoned = true;
        p.settle({ ok: false, error: new ProxyTimeoutError(opts.timeoutMs, ctx) });
      }, opts.timeoutMs);
      const p: Pending = {
        type,
        payload,
        opts,
        wireId: null,
        abandoned: false,
        settle: (r) => {
          if (done) return;
          done = true;
          cancelTimer(timer);
          if (r.ok) resolve(r.value as WsReply<T>);
          else reject(r.error);
        },
      };
      if (opts.first) {
        const at = this.waiting.findIndex((w) => !w.opts.first);
        this.waiting.splice(at < 0 ? this.waiting.length : at, 0, p);
      } else {
        this.waiting.push(p);
      }
      this.pump();
    });
  }

  /** Sends what the limits allow now; schedules itself when a limit will lift. */
  pump(): void {
    cancelTimer(this.wake);
    this.wake = null;
    while (this.outlet.socketOpen) {
      const index = this.outlet.authenticated ? (this.waiting.length > 0 ? 0 : -1) : this.waiting.findIndex((w) => w.opts.beforeAuth);
      if (index < 0 || this.inFlight.size >= this.maxInFlight) return; // a reply will pump again
      const pause = this.pausedUntil - Date.now();
      const wait = pause > 0 ? pause : this.bucket.take();
      if (wait > 0) {
        this.wake = startTimer(() => this.pump(), wait);
        return;
      }
      const [p] = this.waiting.splice(index, 1) as [Pending];
      p.wireId = `${this.idPrefix}${++this.seq}`;
      this.inFlight.set(p.wireId, p);
      this.outlet.send(JSON.stringify({ id: p.wireId, type: p.type, payload: p.payload ?? {}, timestamp: new Date().toISOString() }));
    }
  }

  /** Settles the request a frame answers; false when the frame answers none of ours (a push). */
  handleFrame(frame: ServerFrame): boolean {
    const id = String(frame.id);
    const p = this.inFlight.get(id);
    if (!p) return false;
    this.inFlight.delete(id);
    p.wireId = null;
    if (!p.abandoned) this.settleFromFrame(p, frame);
    this.pump();
    return true;
  }

  /** The socket closed: in-flight requests are sent again or failed (see the header); the line waits. */
  connectionLost(): void {
    cancelTimer(this.wake);
    this.wake = null;
    const again: Pending[] = [];
    for (const p of this.inFlight.values()) {
      p.wireId = null;
      if (p.abandoned) continue;
      if (p.opts.resend ?? RESEND_AFTER_RECONNECT[p.type]) again.push(p);
      else p.settle({ ok: false, error: this.lost(p) });
    }
    this.inFlight.clear();
    for (const p of this.waiting.filter((w) => w.opts.beforeAuth)) {
      this.remove(p);
      p.settle({ ok: false, error: this.lost(p) });
    }
    this.waiting.unshift(...again);
    // A new connection starts with a fresh budget at the proxy.
    this.pausedUntil = 0;
    this.limitedStreak = 0;
  }

  /** Fails everything (the client is closing). */
  failAll(error: (type: WsRequestType) => ProxyClientError): void {
    cancelTimer(this.wake);
    this.wake = null;
    const all = [...this.waiting, ...this.inFlight.values()];
    this.waiting.length = 0;
    this.inFlight.clear();
    for (const p of all) p.settle({ ok: false, error: error(p.type) });
  }

  private settleFromFrame(p: Pending, frame: ServerFrame): void {
    const ctx = { operation: p.type, transport: 'ws' as const, idempotencyKey: p.opts.idempotencyKey };
    if (frame.type === 'error') {
      const e = (frame.payload ?? {}) as { code?: unknown; message?: unknown; issues?: unknown };
      if (e.code === 'rate_limited' || e.code === 'too_many_in_flight') {
        // Not processed: back to the head of the line, and the line waits a little.
        this.pausedUntil = Date.now() + backoffDelay(this.limitedStreak++, LIMIT_BACKOFF);
        this.waiting.unshift(p);
        return;
      }
      this.limitedStreak = 0;
      const message = typeof e.message === 'string' ? e.message : `${p.type} failed`;
      const code = typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined;
      p.settle({ ok: false, error: new ProxyApiError(message, { ...ctx, code, issues: Array.isArray(e.issues) ? e.issues : undefined }) });
      return;
    }
    this.limitedStreak = 0;
    const expected = replyTypeOf(p.type);
    if (frame.type !== expected) {
      p.settle({ ok: false, error: new ProxyProtocolError(`${p.type} was answered with ${frame.type}, not ${expected}`, ctx) });
      return;
    }
    const decoded = serverPayloadSchema(expected).safeParse(frame.payload);
    if (decoded.success) {
      // Checked, and passed on as sent (see keepAsSent in protocol.ts).
      p.opts.onReply?.(frame.payload);
      p.settle({ ok: true, value: frame.payload });
    }
    else p.settle({ ok: false, error: new ProxyProtocolError(`${expected} does not match its schema`, ctx, decoded.error.issues) });
  }

  private lost(p: Pending): ProxyConnectionError {
    return new ProxyConnectionError(`The connection to the proxy closed before ${p.type} was answered; it may or may not have been carried out`, {
      operation: p.type,
      transport: 'ws',
      idempotencyKey: p.opts.idempotencyKey,
    });
  }

  private remove(p: Pending): void {
    const i = this.waiting.indexOf(p);
    if (i >= 0) this.waiting.splice(i, 1);
  }
}

/**
 * Requests in flight, keyed by TWS request id (or, for order acknowledgements, by order id): each resolves on its
 * answer, fails on an error with its id, times out, or fails at once when the session dies (a request never
 * outlives the socket it was sent on). An optional tag says what a request waits for (an order's 'place',
 * 'modify' or 'cancel'), so an answer settles only the kind of request it answers.
 */
import { GatewayError } from './errors.js';

interface Entry<T> {
  resolve(v: T): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
  acc: unknown[];
  tag: string | undefined;
}

export class PendingRequests {
  private readonly entries = new Map<number, Entry<unknown>>();

  get size(): number {
    return this.entries.size;
  }

  has(reqId: number): boolean {
    return this.entries.has(reqId);
  }

  /** The tag the request under `reqId` was started with. */
  tagOf(reqId: number): string | undefined {
    return this.entries.get(reqId)?.tag;
  }

  /**
   * Waits for the answer to `reqId`. A request still waiting under the same id is rejected first with
   * `superseded` (or a generic sentence): one id, one waiter, one timer.
   */
  start<T>(reqId: number, timeoutMs: number, what: string, tag?: string, superseded?: Error): Promise<T> {
    this.reject(reqId, superseded ?? new GatewayError('request_failed', `${what}: superseded by a newer request with the same id`));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.entries.delete(reqId);
        reject(new GatewayError('timeout', `${what}: no answer from TWS within ${timeoutMs} ms`));
      }, timeoutMs);
      this.entries.set(reqId, { resolve: resolve as (v: unknown) => void, reject, timer, acc: [], tag });
    });
  }

  /**
   * start() and send the request in one step. If sending throws (the outbound guard refused it, the session is
   * gone), the entry is dropped at once and the returned promise rejects with that error: a request that never
   * left must neither time out later as an unhandled rejection nor hold its id.
   */
  request<T>(reqId: number, timeoutMs: number, what: string, send: () => void, tag?: string, superseded?: Error): Promise<T> {
    const answer = this.start<T>(reqId, timeoutMs, what, tag, superseded);
    try {
      send();
    } catch (error) {
      this.reject(reqId, error as Error);
    }
    return answer;
  }

  /** Collects one partial result (a contract, a bar...) for the request. */
  push(reqId: number, item: unknown): boolean {
    const e = this.entries.get(reqId);
    if (!e) return false;
    e.acc.push(item);
    return true;
  }

  collected(reqId: number): unknown[] {
    return this.entries.get(reqId)?.acc ?? [];
  }

  resolve(reqId: number, value?: unknown): boolean {
    const e = this.entries.get(reqId);
    if (!e) return false;
    this.entries.delete(reqId);
    clearTimeout(e.timer);
    e.resolve(value === undefined ? e.acc : value);
    return true;
  }

  reject(reqId: number, error: Error): boolean {
    const e = this.entries.get(reqId);
    if (!e) return false;
    this.entries.delete(reqId);
    clearTimeout(e.timer);
    e.reject(error);
    return true;
  }

  rejectAll(error: Error): void {
    for (const id of [...this.entries.keys()]) this.reject(id, error);
  }

  /** Rejects every request, each with the error `errorFor` makes for its id and tag. */
  rejectEach(errorFor: (reqId: number, tag: string | undefined) => Error): void {
    for (const [id, e] of [...this.entries]) this.reject(id, errorFor(id, e.tag));
  }
}

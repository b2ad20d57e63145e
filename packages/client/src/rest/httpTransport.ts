/**
 * One REST call: URL and headers, the bearer token, a deadline, decoding the contract's flat envelope with the
 * route's schema, and turning every failure into a typed error. Calls are repeated only where that is safe:
 *
 *  - 403 on an authenticated route with a renewable login: the token expired or was revoked; log in again once.
 *  - 429 with a Retry-After the caller accepts to wait (maxRetryAfterMs): the server did not process the call.
 *  - a network failure (no answer at all) of a `repeatable` call: reads, and placements, which carry an
 *    Idempotency-Key so that the proxy returns the first placement instead of making another.
 */
import { backoffDelay } from '../backoff.js';
import type { BackoffOptions } from '../backoff.js';
import { delay } from '../delay.js';
import { ProxyApiError, ProxyConnectionError, ProxyProtocolError, ProxyTimeoutError } from '../errors.js';
import type { TokenSource } from '../auth/tokenSource.js';
import { cancelTimer, newAbortController, platformFetch, startTimer } from '../runtime.js';
import type { FetchInit, FetchLike, ResponseLike } from '../runtime.js';
import { REST_ROUTES } from './routes.js';
import type { RouteName, RouteResponse } from './routes.js';

export interface HttpOptions {
  /** The proxy, e.g. http://127.0.0.1:3001. */
  baseUrl: string;
  /** Defaults to the platform's fetch (browsers, Node 18+). */
  fetch?: FetchLike;
  /** Per call, unless the call says otherwise. Default 15 000 ms. */
  timeoutMs?: number;
  /** Repetitions of a call after a network failure or a 429 (see above). Default 2. */
  retries?: number;
  /** The longest Retry-After the client waits out by itself; a longer one is thrown to the caller. Default 5 000. */
  maxRetryAfterMs?: number;
  backoff?: BackoffOptions;
}

export interface CallOptions {
  params?: Record<string, string | number>;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to send again when no answer came back (see the header). */
  repeatable?: boolean;
  /** The placement's key, for the errors (a retry with it is safe). */
  idempotencyKey?: string;
  timeoutMs?: number;
}

/** A token this close to its expiry is renewed before a call rather than refused during it. */
const TOKEN_MIN_VALIDITY_MS = 5_000;

class Timeout {
  constructor(readonly ms: number) {}
}

export class HttpTransport {
  private readonly fetchFn: FetchLike;
  private readonly baseUrl: string;

  constructor(
    private readonly opts: HttpOptions,
    private readonly tokens: TokenSource,
  ) {
    const f = opts.fetch ?? platformFetch();
    if (!f) throw new TypeError('No fetch in this runtime: pass one as the `fetch` option');
    this.fetchFn = f;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
  }

  async call<R extends RouteName>(name: R, o: CallOptions = {}): Promise<RouteResponse<R>> {
    const spec = REST_ROUTES[name];
    const ctx = { operation: name, transport: 'rest' as const, idempotencyKey: o.idempotencyKey };
    const url = this.url(spec.path, o);
    const retries = this.opts.retries ?? 2;
    let attempt = 0;
    let renewedToken = false;
    for (;;) {
      const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
      const token = spec.auth ? await this.tokens.token(TOKEN_MIN_VALIDITY_MS) : undefined;
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      const init: FetchInit = { method: spec.method, headers };
      if (o.body !== undefined) {
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(o.body);
      }

      let res: ResponseLike;
      let text: string;
      try {
        ({ res, text } = await this.fetchWithin(url, init, o.timeoutMs ?? this.opts.timeoutMs ?? 15_000));
      } catch (e) {
        if (e instanceof Timeout) throw new ProxyTimeoutError(e.ms, ctx);
        if (o.repeatable && attempt < retries) {
          await delay(backoffDelay(attempt++, this.opts.backoff));
          continue;
        }
        throw new ProxyConnectionError(`${name}: no answer from the proxy at ${this.baseUrl} (${describe(e)})`, { ...ctx, cause: e });
      }

      const body = parseJson(text);
      if (res.status >= 200 && res.status < 300) {
        const decoded = spec.response.safeParse(body);
        // Checked, and handed on as sent: what a newer proxy added is kept (keepAsSent in ../ws/protocol.ts).
        if (decoded.success) return body as RouteResponse<R>;
        throw new ProxyProtocolError(`${name}: the proxy's answer does not match its schema`, ctx, decoded.error.issues);
      }

      const failure = (body ?? {}) as { message?: unknown; code?: unknown; issues?: unknown };
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      if (res.status === 403 && token !== undefined && this.tokens.canRenew && !renewedToken) {
        this.tokens.invalidate(token);
        renewedToken = true;
        continue;
      }
      if (res.status === 429 && attempt < retries && retryAfterMs !== undefined && retryAfterMs <= (this.opts.maxRetryAfterMs ?? 5_000)) {
        attempt++;
        await delay(retryAfterMs);
        continue;
      }
      throw new ProxyApiError(typeof failure.message === 'string' ? failure.message : `${name} failed with HTTP ${res.status}`, {
        ...ctx,
        status: res.status,
        code: typeof failure.code === 'string' ? failure.code : undefined,
        issues: Array.isArray(failure.issues) ? failure.issues : undefined,
        retryAfterMs,
      });
    }
  }

  private url(path: string, o: CallOptions): string {
    const filled = path.replace(/\{(\w+)\}/g, (_m, key: string) => {
      const v = o.params?.[key];
      if (v === undefined) throw new TypeError(`missing path parameter ${key}`);
      return encodeURIComponent(String(v));
    });
    const query = Object.entries(o.query ?? {})
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    return `${this.baseUrl}${filled}${query ? `?${query}` : ''}`;
  }

  /** The response and its whole body, or a Timeout once `ms` have passed (the request is aborted). */
  private fetchWithin(url: string, init: FetchInit, ms: number): Promise<{ res: ResponseLike; text: string }> {
    const abort = newAbortController();
    return new Promise((resolve, reject) => {
      const timer = startTimer(() => {
        abort?.abort();
        reject(new Timeout(ms));
      }, ms);
      const withSignal = abort ? { ...init, signal: abort.signal } : init;
      this.fetchFn(url, withSignal)
        .then(async (res) => ({ res, text: await res.text() }))
        .then(resolve, reject)
        .finally(() => cancelTimer(timer));
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds or as an HTTP date, as ms from now. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

function describe(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown } } | null)?.cause?.code;
  const text = e instanceof Error ? e.message : String(e);
  return typeof cause === 'string' ? `${text}: ${cause}` : text;
}

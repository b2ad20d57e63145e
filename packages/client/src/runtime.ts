/**
 * What the client needs from its runtime, typed by hand and read from globalThis when used: the package must
 * compile and run in browsers and in Node 20 without DOM or Node type definitions, and without importing either.
 */

export interface ResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * `fetch` as the client calls it. The client also passes an AbortSignal as `init.signal` (not in this type, so
 * that the platform's own fetch, whose signal type differs per runtime, is assignable) to end a call that timed out.
 */
export type FetchLike = (url: string, init: FetchInit) => Promise<ResponseLike>;

interface AbortControllerLike {
  readonly signal: unknown;
  abort(): void;
}

/** An opaque timer: the client only ever hands it back to cancelTimer. */
export type TimerHandle = { readonly __timerBrand: never };

interface RuntimeGlobals {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  fetch?: FetchLike;
  AbortController?: new () => AbortControllerLike;
  crypto?: { randomUUID?: () => string; getRandomValues?: <T extends Uint8Array>(a: T) => T };
  atob?: (data: string) => string;
  reportError?: (error: unknown) => void;
  console?: { error(...data: unknown[]): void };
}

const g = globalThis as unknown as RuntimeGlobals;

export function platformFetch(): FetchLike | undefined {
  return typeof g.fetch === 'function' ? g.fetch.bind(globalThis) : undefined;
}

export function newAbortController(): AbortControllerLike | undefined {
  return g.AbortController ? new g.AbortController() : undefined;
}

/** A random UUID; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function randomId(): string {
  const c = g.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** base64url → text, for reading a JWT's claims (never for verifying it: that is the server's job). */
export function decodeBase64Url(data: string): string | null {
  if (!g.atob) return null;
  const b64 = data.replace(/-/g, '+').replace(/_/g, '/');
  try {
    return g.atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  } catch {
    return null;
  }
}

export function startTimer(fn: () => void, ms: number): TimerHandle {
  return g.setTimeout(fn, Math.max(0, ms));
}

export function cancelTimer(handle: TimerHandle | null | undefined): void {
  if (handle != null) g.clearTimeout(handle);
}

/**
 * An exception thrown by a caller's event listener: reported as the platform reports one from its own events
 * (browsers: reportError; elsewhere the console), never thrown into the client's socket handling.
 */
export function reportListenerError(error: unknown): void {
  if (g.reportError) g.reportError(error);
  else g.console?.error('[ibkr-proxy-client] an event listener threw:', error);
}

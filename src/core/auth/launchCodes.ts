/**
 * The banner's one-time console link, Jupyter style: `http://127.0.0.1:3001/#launch=<code>`. The code is
 *
 *  - single use: redeeming it forgets it (wrong guesses count against the login's rate limit instead);
 *  - short-lived: it expires `ttlMs` after it was made (10 minutes by default);
 *  - kept as a hash only, and registered with the logger as a secret, so no log line can show it;
 *  - in the URL's fragment, which browsers never send to a server (no access log, no Referer, no proxy sees it):
 *    the console's page reads it, removes it from the address bar, and exchanges it over POST.
 *
 * It is exchanged for an ordinary session token; the access token itself never appears in a URL.
 */
import crypto from 'node:crypto';

export const LAUNCH_CODE_TTL_MS = 10 * 60 * 1000;

const digest = (code: string) => crypto.createHash('sha256').update(code, 'utf8').digest();

export class LaunchCodes {
  private pending: { hash: Buffer; expiresAt: number } | null = null;

  constructor(
    private readonly o: { ttlMs?: number; now?: () => number; addSecret?: (literal: string) => void } = {},
  ) {}

  /** A new code; the previous one, if unused, stops working. */
  issue(): string {
    const code = crypto.randomBytes(24).toString('base64url');
    this.o.addSecret?.(code);
    this.pending = { hash: digest(code), expiresAt: this.now() + (this.o.ttlMs ?? LAUNCH_CODE_TTL_MS) };
    return code;
  }

  /** true once for the current code, within its lifetime (an expired code is used up by the attempt too). */
  redeem(code: string): boolean {
    const pending = this.pending;
    if (!pending) return false;
    const matches = crypto.timingSafeEqual(pending.hash, digest(code));
    if (!matches) return false;
    this.pending = null;
    return this.now() <= pending.expiresAt;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }
}

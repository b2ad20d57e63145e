/**
 * A ceiling on REST requests per client IP (default 1200 per minute: generous for a trading UI polling a few
 * routes, low enough that a runaway script cannot starve the proxy or push TWS past its pacing limits).
 *
 * Synchronous on purpose. express-rate-limit (still used for the login brake, where a request costs a scrypt
 * anyway) costs about as much per request as everything else in front of a cheap route: several awaits, header
 * validations and a SHA-256 of the key for every request. Here: one Map lookup, and the same observable behaviour:
 * a fixed window per client (IPv6 grouped by /56, as express-rate-limit does), IETF draft-8 `RateLimit` /
 * `RateLimit-Policy` headers on every answer, and past the limit `Retry-After` plus the shared 429 JSON reply.
 */
import { createHash } from 'node:crypto';
import { ipKeyGenerator } from 'express-rate-limit';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimitedHandler } from './rateLimitResponse.js';

export interface ApiRateLimitOptions {
  perMinute?: number;
  windowMs?: number;
}

interface Bucket {
  hits: number;
  resetAt: number;
  /** `"<name>"; q=…; w=…; pk=:…:`, fixed per client: computed once, not hashed per request. */
  policy: string;
}

const MAX_CLIENTS_BEFORE_SWEEP = 10_000;

function windowName(limit: number, windowMs: number): string {
  const seconds = windowMs / 1e3;
  const minutes = seconds / 60;
  const hours = minutes / 60;
  const days = hours / 24;
  const duration =
    seconds < 60 ? `${seconds}sec` : minutes < 60 ? `${minutes}min` : hours < 24 ? `${hours}hr${hours > 1 ? 's' : ''}` : `${days}day${days > 1 ? 's' : ''}`;
  return `${limit}-in-${duration}`;
}

function partitionKey(key: string): string {
  return Buffer.from(createHash('sha256').update(key).digest('hex').slice(0, 12)).toString('base64');
}

export function apiRateLimit(options: ApiRateLimitOptions = {}): RequestHandler {
  const windowMs = options.windowMs ?? 60 * 1000;
  const limit = options.perMinute ?? 1_200;
  const name = windowName(limit, windowMs);
  const windowSeconds = Math.ceil(windowMs / 1e3);
  const refuse = rateLimitedHandler('Too many requests');
  const buckets = new Map<string, Bucket>();
  /** Raw address → client key (the IPv6 /56 grouping parses the address: do it once per address). */
  const keys = new Map<string, string>();

  const sweep = (now: number): void => {
    for (const [k, b] of buckets) if (b.resetAt <= now) buckets.delete(k);
    keys.clear();
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    // req.ip runs proxy-addr over X-Forwarded-For on every call; with no proxy trusted (this app's setting: it
    // listens on loopback) it is the socket's address, so read that directly.
    const ip = (req.app.get('trust proxy') ? req.ip : undefined) ?? req.socket.remoteAddress ?? '';
    let key = keys.get(ip);
    if (key === undefined) {
      key = ipKeyGenerator(ip);
      keys.set(ip, key);
    }
    const now = Date.now();
    let b = buckets.get(key);
    if (b === undefined || b.resetAt <= now) {
      if (b === undefined && buckets.size >= MAX_CLIENTS_BEFORE_SWEEP) sweep(now);
      b = { hits: 0, resetAt: now + windowMs, policy: b?.policy ?? `"${name}"; q=${limit}; w=${windowSeconds}; pk=:${partitionKey(key)}:` };
      buckets.set(key, b);
    }
    b.hits++;
    const resetSeconds = Math.max(0, Math.ceil((b.resetAt - now) / 1e3));
    if (!res.headersSent) {
      res.append('RateLimit', `"${name}"; r=${Math.max(limit - b.hits, 0)}; t=${resetSeconds}`);
      res.append('RateLimit-Policy', b.policy);
    }
    if (b.hits > limit) {
      if (!res.headersSent) res.setHeader('Retry-After', String(resetSeconds));
      refuse(req, res);
      return;
    }
    next();
  };
}

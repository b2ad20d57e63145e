/**
 * A ceiling on REST requests per client IP (default 1200 per minute: generous for a trading UI polling a few
 * routes, low enough that a runaway script cannot starve the proxy or push TWS past its pacing limits).
 */
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { rateLimitedHandler } from './rateLimitResponse.js';

export interface ApiRateLimitOptions {
  perMinute?: number;
  windowMs?: number;
}

export function apiRateLimit(options: ApiRateLimitOptions = {}): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs ?? 60 * 1000,
    limit: options.perMinute ?? 1_200,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: rateLimitedHandler('Too many requests'),
  });
}

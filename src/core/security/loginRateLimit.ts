/**
 * Brute-force brake on POST /api/auth/login: at most `maxFailures` failed attempts per client IP per window
 * (default 10 per 15 minutes). Successful logins do not count, so a trader who types the password right is
 * never locked out by their own reconnects. Every client of a local proxy is 127.0.0.1, so in practice this is
 * one shared budget for all local processes, which is what a brute-force brake on a personal proxy wants.
 */
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { rateLimitedHandler } from './rateLimitResponse.js';

export interface LoginRateLimitOptions {
  maxFailures?: number;
  windowMs?: number;
}

export function loginRateLimit(options: LoginRateLimitOptions = {}): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs ?? 15 * 60 * 1000,
    limit: options.maxFailures ?? 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: rateLimitedHandler('Too many failed login attempts'),
  });
}

/**
 * Express plumbing shared by the routes: bearer authentication with the contract's exact messages, body and
 * parameter parsing through the shared zod schemas, and the JSON error / 404 handlers that make every failure a
 * `{success: false, message}` body without internals.
 */
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { ApiError, parseOrThrow, toPublicError } from '../errors.js';
import type { ApiAuth, ApiLogger } from '../ports.js';

export interface AuthedLocals {
  user: { userId: string; username: string };
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function requireAuth(auth: ApiAuth): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    const m = header === undefined ? null : BEARER.exec(header);
    if (!m || m[1] === undefined) {
      res.status(401).json({ success: false, message: 'Access token required' });
      return;
    }
    const user = auth.verifyToken(m[1]);
    if (!user) {
      res.status(403).json({ success: false, message: 'Invalid or expired token' });
      return;
    }
    (res.locals as AuthedLocals).user = user;
    next();
  };
}

/**
 * express.json(), entered only by requests that carry a body. Profiling GET /api/positions showed body-parser at a
 * tenth of what the proxy adds to a bare express route: for a request without a body it still walks its checks
 * (finished? has a body? content type?) and its debug calls before skipping. Without Content-Length and
 * Transfer-Encoding there is no body (RFC 9112 §6.3; the same test body-parser makes with type-is), and req.body
 * stays undefined exactly as when body-parser skips.
 */
export function jsonBody(options: { limit: number; strict: boolean }): RequestHandler {
  const parse = express.json(options);
  return (req, res, next) => {
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      next();
      return;
    }
    parse(req, res, next);
  };
}

export function userOf(res: Response): AuthedLocals['user'] {
  return (res.locals as AuthedLocals).user;
}

/** Validates a JSON body; a missing body gets a sentence that says how to send one. */
export function body<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  if (req.body === undefined) {
    throw new ApiError(400, 'invalid_payload', 'Send a JSON body with Content-Type: application/json');
  }
  return parseOrThrow(schema, req.body);
}

export function query<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  return parseOrThrow(schema, req.query);
}

export function param<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  return parseOrThrow(schema, value);
}

/** Where a request came from, for the orders journal. */
export function clientOf(req: Request): string {
  return `${req.socket.remoteAddress ?? 'unknown'}:${req.socket.remotePort ?? 0}`;
}

export function notFound(req: Request, res: Response): void {
  res.status(404).json({ success: false, message: `Not found: ${req.method} ${req.path.slice(0, 200)}` });
}

interface HttpError {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
  /** Set by zlib (gzip, deflate, brotli) on a stream it cannot decompress. */
  errno?: number;
}

/**
 * A client mistake found by express or body-parser before any route ran, as the sentence to answer with; null
 * when `err` is not one. These errors carry a 4xx `statusCode` (http-errors, and the router's failed param
 * decode; our own ApiError has only `status`), and body-parser's own a `type`.
 */
function requestReadingMistake(err: unknown, req: Request): { status: number; message: string } | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as HttpError;
  const status = e.statusCode ?? e.status;
  if (typeof e.type !== 'string' && !(typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)) return null;
  const message =
    e.type === 'entity.parse.failed'
      ? 'Malformed JSON in the request body'
      : e.type === 'entity.too.large'
        ? `Request body is too large (at most ${e.limit ?? 'the configured'} bytes)`
        : e.type === 'encoding.unsupported' || e.type === 'charset.unsupported'
          ? 'Unsupported request body encoding; send UTF-8 JSON'
          : err instanceof URIError
            ? 'The request path holds a malformed percent-escape (such as %ZZ); write a literal % as %25'
            : typeof e.errno === 'number' && (req.headers['content-encoding'] ?? 'identity') !== 'identity'
              ? 'The request body could not be decompressed; send it as its Content-Encoding header says, or uncompressed'
              : 'The request could not be read';
  return { status: typeof status === 'number' && status >= 400 && status < 500 ? status : 400, message };
}

/** The last middleware: turns anything thrown into a JSON failure without internals. */
export function errorHandler(logger: ApiLogger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const mistake = requestReadingMistake(err, req);
    if (mistake) {
      // One short line at debug level, never a stack: anyone can send these without logging in, so they must
      // not be able to fill (and rotate away) the log.
      logger.debug(`${req.method} ${req.path.slice(0, 100)} refused with ${mistake.status}: ${mistake.message}`);
      if (!res.headersSent) res.status(mistake.status).json({ success: false, message: mistake.message });
      return;
    }
    const pub = toPublicError(err);
    if (pub.internal) logger.error(`${req.method} ${req.path} failed`, err);
    if (res.headersSent) return;
    res.status(pub.status).json({
      success: false,
      message: pub.message,
      code: pub.code,
      ...(pub.issues ? { issues: pub.issues } : {}),
    });
  };
}

/**
 * Express plumbing shared by the routes: bearer authentication with the contract's exact messages, body and
 * parameter parsing through the shared zod schemas, and the JSON error / 404 handlers that make every failure a
 * `{success: false, message}` body without internals.
 */
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
}

/** The last middleware: turns anything thrown into a JSON failure without internals. */
export function errorHandler(logger: ApiLogger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const e = err as HttpError;
    // body-parser's errors carry a `type`; map them to sentences instead of its default HTML page.
    if (e && typeof e === 'object' && typeof e.type === 'string') {
      const status = e.status ?? e.statusCode ?? 400;
      const message =
        e.type === 'entity.parse.failed'
          ? 'Malformed JSON in the request body'
          : e.type === 'entity.too.large'
            ? `Request body is too large (at most ${e.limit ?? 'the configured'} bytes)`
            : e.type === 'encoding.unsupported' || e.type === 'charset.unsupported'
              ? 'Unsupported request body encoding; send UTF-8 JSON'
              : 'The request body could not be read';
      if (!res.headersSent) res.status(status >= 400 && status < 500 ? status : 400).json({ success: false, message });
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

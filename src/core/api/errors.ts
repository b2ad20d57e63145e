/**
 * Errors as clients see them. Every failure the API reports is an ApiError with a stable code, an HTTP status and a
 * sentence written for a person; anything else (a bug, a library throw) becomes a generic 500 whose details go to
 * the log only, so stack traces and internal messages never leak.
 */
import type { z } from 'zod';
import { GatewayError } from '../gateway/errors.js';
import { OrderError } from '../orders/orderError.js';

/** What a refusal lists: zod's issues (input stripped), or the settings sentences (path, message) of the console. */
export type PublicIssue = z.core.$ZodIssue | { path: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues?: PublicIssue[];

  constructor(status: number, code: string, message: string, issues?: PublicIssue[]) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    if (issues) this.issues = issues;
  }
}

export interface PublicError {
  status: number;
  code: string;
  message: string;
  issues?: PublicIssue[];
  /** true when the error was unexpected and its details must be logged. */
  internal: boolean;
}

/** Turns anything thrown into what may be shown to a client. */
export function toPublicError(err: unknown): PublicError {
  if (err instanceof ApiError) {
    return { status: err.status, code: err.code, message: err.message, internal: false, ...(err.issues ? { issues: err.issues } : {}) };
  }
  if (err instanceof OrderError) {
    return { status: err.status, code: err.code, message: err.message, internal: false };
  }
  if (err instanceof GatewayError) {
    // Gateway messages are written for traders (e.g. "risk check failed: order value 50000 exceeds 10000").
    return { status: err.httpStatus, code: err.code, message: err.message, internal: false };
  }
  return { status: 500, code: 'internal_error', message: 'Internal server error', internal: true };
}

/** A readable sentence from zod issues: "quantity: quantity must be greater than 0; price: LMT orders need ...". */
export function describeIssues(issues: readonly z.core.$ZodIssue[], max = 5): string {
  const parts = issues.slice(0, max).map((i) => {
    const where = i.path.length > 0 ? i.path.map(String).join('.') : '';
    return where && !i.message.startsWith(where) ? `${where}: ${i.message}` : i.message;
  });
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : '';
  return `Invalid request: ${parts.join('; ')}${more}`;
}

/** Parses `data` with `schema` or throws a 400 ApiError carrying the issues. */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, code = 'invalid_payload'): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issues = r.error.issues.map(stripInput);
  throw new ApiError(400, code, describeIssues(issues), issues);
}

/** Zod 4 issues may carry the offending input; never echo arbitrary client input back verbatim. */
function stripInput(i: z.core.$ZodIssue): z.core.$ZodIssue {
  const { input: _input, ...rest } = i as z.core.$ZodIssue & { input?: unknown };
  return rest as z.core.$ZodIssue;
}

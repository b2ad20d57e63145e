/**
 * Which browser origins may use the API. Browsers attach Origin to cross-origin requests and to every
 * WebSocket handshake, so checking it stops other web sites from driving the proxy with the trader's session
 * (CSRF, cross-site WebSocket hijacking). Clients that are not browsers (curl, scripts) send no Origin and are
 * allowed: they must still log in.
 *
 * Origin "null" (sandboxed iframes, file:// pages, data: URLs) is never allowed: any web site can produce it.
 * That is why the desktop renderer must be served from its own scheme (app://edgerunner), not from file://.
 *
 * The proxy's own origin is allowed too: the web console is served by the proxy itself (http://127.0.0.1:3001/)
 * and its POSTs and WebSocket carry that origin. "Own" means the scheme and Host of the very request, and the
 * Host has passed the Host check first (hostGuard.ts), so a page of another site cannot claim it: its requests
 * name its own host, and a rebinding page's Host is refused before the Origin is looked at.
 */
import cors from 'cors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Origins of the desktop app's own windows; the desktop shell registers the `app` scheme to serve them. */
export const DESKTOP_RENDERER_ORIGINS: readonly string[] = ['app://edgerunner'];

export function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/** The origin of a page served by this proxy to a request with this Host (already checked) and scheme. */
export function ownOrigin(host: string | undefined, secure: boolean): string | null {
  return host ? `${secure ? 'https' : 'http'}://${host}` : null;
}

/**
 * Missing Origin: allowed. Configured, desktop or the proxy's own origin (`own`, see above): allowed. Anything
 * else (including "null"): refused.
 */
export function isAllowedOrigin(origin: string | undefined, allowList: readonly string[], own: string | null = null): boolean {
  if (origin === undefined) return true;
  const o = normalizeOrigin(origin);
  if (o === '' || o === 'null') return false;
  if (DESKTOP_RENDERER_ORIGINS.includes(o)) return true;
  if (own !== null && normalizeOrigin(own) === o) return true;
  return allowList.some((allowed) => normalizeOrigin(allowed) === o);
}

export const ORIGIN_REJECTED_MESSAGE = 'Requests from this web origin are not allowed; add it to CORS_ORIGINS to allow it.';

/**
 * Refuses a foreign Origin with 403 before any route runs. CORS alone would only hide the response from the
 * page, while a "simple" cross-site POST would still execute, so the refusal happens here.
 */
export function originGuard(allowList: readonly string[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (isAllowedOrigin(typeof origin === 'string' ? origin : undefined, allowList, ownOrigin(req.headers.host, req.secure))) {
      next();
      return;
    }
    res.status(403).json({ success: false, message: ORIGIN_REJECTED_MESSAGE });
  };
}

/** CORS headers for the allowed origins (preflight included). Put originGuard before it. */
export function corsMiddleware(allowList: readonly string[]): RequestHandler {
  return cors({
    origin: (origin, callback) => callback(null, isAllowedOrigin(origin, allowList)),
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['Retry-After', 'RateLimit', 'RateLimit-Policy', 'X-Request-Id'],
    credentials: false,
    maxAge: 600,
  });
}

/**
 * DNS-rebinding protection. A web page on evil.example can make its own name resolve to 127.0.0.1 and then talk
 * to this proxy as if it were same-origin; the one thing it cannot fake is the Host header, which still says
 * evil.example. So every request (HTTP and WebSocket upgrade) must name a loopback host and our port.
 */
import type { Request, Response, NextFunction, RequestHandler } from 'express';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * true when `hostHeader` is localhost, 127.0.0.1 or [::1] followed by `:port` (the port may be left out only
 * when it is 80, as browsers do). Case-insensitive; anything else, including a missing header, is false.
 */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (typeof hostHeader !== 'string' || hostHeader.length === 0 || hostHeader.length > 300) return false;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(hostHeader.trim());
  if (!m) return false;
  const name = (m[1] as string).toLowerCase();
  if (!LOOPBACK_NAMES.has(name)) return false;
  const given = m[2] === undefined ? 80 : Number(m[2]);
  return given === port;
}

export const HOST_REJECTED_MESSAGE =
  'This proxy only answers requests addressed to localhost, 127.0.0.1 or [::1] on its own port.';

/**
 * Express middleware. `port` may be a function because with PORT=0 the real port is known only after listen().
 */
export function hostGuard(port: number | (() => number)): RequestHandler {
  const currentPort = typeof port === 'function' ? port : () => port;
  // Every request of a client names the same Host: remember the last one allowed (with the port it was judged
  // for) rather than running the parse again per request.
  let allowedHost: string | undefined;
  let allowedPort = -1;
  return (req: Request, res: Response, next: NextFunction) => {
    const host = req.headers.host;
    const p = currentPort();
    if (host !== undefined && host === allowedHost && p === allowedPort) {
      next();
      return;
    }
    if (isAllowedHost(host, p)) {
      allowedHost = host;
      allowedPort = p;
      next();
      return;
    }
    res.status(403).json({ success: false, message: HOST_REJECTED_MESSAGE });
  };
}

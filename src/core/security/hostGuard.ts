/**
 * DNS-rebinding protection. A web page on evil.example can make its own name resolve to this proxy's address and
 * then talk to it as if it were same-origin; the one thing it cannot fake is the Host header, which still says
 * evil.example. So every request (HTTP and WebSocket upgrade) must name a host we know: a loopback name with our
 * port, or, when the proxy listens beyond loopback, one of the configured ALLOWED_HOSTS.
 */
import type { Request, Response, NextFunction, RequestHandler } from 'express';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const HOST_RE = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i;

function split(host: string): { name: string; port: number | undefined } | null {
  const m = HOST_RE.exec(host.trim());
  if (!m) return null;
  return { name: (m[1] as string).toLowerCase(), port: m[2] === undefined ? undefined : Number(m[2]) };
}

/**
 * true when `hostHeader` names one of our hosts on one of `ports` (the listeners' ports: the API's and the
 * WebSocket's). Loopback names (localhost, 127.0.0.1, [::1]) need the port; it may be left out only when it is
 * 80 or 443, as browsers do. An `allowedHosts` entry with a port must match exactly; one without a port matches
 * our ports and no port at all (a firewall or load balancer forwarding 443 to PORT). Case-insensitive; anything
 * else, including a missing header, is false.
 */
export function isAllowedHost(hostHeader: string | undefined, ports: number | readonly number[], allowedHosts: readonly string[] = []): boolean {
  if (typeof hostHeader !== 'string' || hostHeader.length === 0 || hostHeader.length > 300) return false;
  const given = split(hostHeader);
  if (!given) return false;
  const own = typeof ports === 'number' ? [ports] : ports;
  const onOwnPort = given.port === undefined ? own.some((p) => p === 80 || p === 443) : own.includes(given.port);
  if (LOOPBACK_NAMES.has(given.name)) return onOwnPort;
  return allowedHosts.some((entry) => {
    const allowed = split(entry);
    if (!allowed || allowed.name !== given.name) return false;
    return allowed.port === undefined ? given.port === undefined || onOwnPort : allowed.port === given.port;
  });
}

export const HOST_REJECTED_MESSAGE =
  'This proxy only answers requests addressed to localhost, 127.0.0.1, [::1] or a name in ALLOWED_HOSTS, on its own port.';

/**
 * Express middleware. `port` may be a function because with PORT=0 the real port is known only after listen().
 */
export function hostGuard(port: number | (() => number), allowedHosts: readonly string[] = []): RequestHandler {
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
    if (isAllowedHost(host, p, allowedHosts)) {
      allowedHost = host;
      allowedPort = p;
      next();
      return;
    }
    res.status(403).json({ success: false, message: HOST_REJECTED_MESSAGE });
  };
}

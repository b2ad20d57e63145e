/**
 * helmet, tuned for a JSON API on loopback: a CSP that allows nothing (no response here is meant to render),
 * no framing, no MIME sniffing, no referrer. HSTS only when asked for (the proxy serves HTTPS to other machines):
 * sent from localhost it would make the browser force HTTPS on every other localhost dev server the trader runs.
 * Without includeSubDomains, so it binds the proxy's own host name only.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function securityHeaders(opts: { hsts?: boolean } = {}): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: opts.hsts ? { maxAge: 180 * 24 * 60 * 60, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' },
  });
}

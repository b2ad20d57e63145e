/**
 * helmet, tuned for a JSON API on loopback: a CSP that allows nothing (no response here is meant to render),
 * no framing, no MIME sniffing, no referrer. HSTS is OFF on purpose: sent from http://localhost it would make
 * the browser force HTTPS on every other localhost dev server the trader runs.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
  });
}

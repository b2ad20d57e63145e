/**
 * The web console's page and assets, served by the proxy at its own origin (`/`, `/assets/*`), from the Vite
 * build of renderer/ (dist-renderer: `npm run build`, or built on demand by `npm run serve` / `npm run demo`). Public, like the login page they are: the console asks for
 * a session itself, and every API call it makes needs the token. Nothing else on disk is reachable: only
 * `index.html` and flat file names under `assets/` with a known type.
 *
 * Its own Content-Security-Policy, replacing the API's `default-src 'none'`: our own scripts, styles and images,
 * connections to this origin only (its WebSocket named explicitly), no inline script or style, no eval, no
 * framing by anyone (frame-ancestors, with helmet's X-Frame-Options beside it). Where the console was not
 * built (a production install without dev dependencies), `/` says so instead of failing.
 *
 * Mounted as middleware, not as routes: these are pages, not API operations (apiRoutes.ts lists those).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';

const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
const PAGE = 'index.html';
/** One flat name, not starting with a dot: no folders, no `..`, no hidden files. */
const ASSET_PATH = /^\/assets\/([A-Za-z0-9_-][A-Za-z0-9._-]{0,127})$/;

/** The console's policy for a page answered to `host` (already checked by hostGuard). */
export function consoleContentSecurityPolicy(host: string, secure: boolean): string {
  const ws = `${secure ? 'wss' : 'ws'}://${host}`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self' ${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export const CONSOLE_NOT_BUILT =
  'The web console is not built here (dist-renderer/index.html is missing). npm run build, npm run serve and npm run demo build it where the dev ' +
  'dependencies (Vite) are installed; or copy dist-renderer/ from a machine that built it. The API itself works without it.';

/** The file a console URL names, or null when the URL is not one of the console's. */
function consoleFile(urlPath: string): { name: string; type: string; page: boolean } | null {
  if (urlPath === '/' || urlPath === `/${PAGE}`) return { name: PAGE, type: 'text/html; charset=utf-8', page: true };
  const asset = ASSET_PATH.exec(urlPath)?.[1];
  const type = asset ? ASSET_TYPES[path.extname(asset).toLowerCase()] : undefined;
  return asset && type ? { name: `assets/${asset}`, type, page: false } : null;
}

export function consolePages(dir: string | null | undefined): RequestHandler {
  const root = dir ? path.resolve(dir) : null;
  return (req: Request, res: Response, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // Browsers ask for it on their own; the console has none, and a 404 would be an error line in their console.
    if (req.path === '/favicon.ico') return void res.status(204).end();
    const target = consoleFile(req.path);
    if (!target) return next();
    const file = root === null ? null : path.join(root, target.name);
    if (file === null || !fs.existsSync(file)) {
      if (!target.page) return next();
      // No script, no style: nothing for the API's `default-src 'none'` policy to refuse.
      res.status(503).type('html').send(`<!doctype html><html lang="en"><title>Edgerunner IBKR Proxy</title><h1>Web console not built</h1><p>${CONSOLE_NOT_BUILT}</p></html>`);
      return;
    }
    res.setHeader('Content-Security-Policy', consoleContentSecurityPolicy(req.headers.host ?? '', req.secure));
    res.setHeader('Content-Type', target.type);
    // Asset names carry their content hash (Vite); the page names them, so it is always asked for again.
    res.setHeader('Cache-Control', target.page ? 'no-cache' : 'public, max-age=31536000, immutable');
    res.sendFile(file, { dotfiles: 'deny', etag: false, lastModified: false, cacheControl: false }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  };
}

/**
 * Serves the built renderer (dist-renderer/) on app://renderer/ instead of file://. A custom privileged
 * scheme gives the window a real origin (so the CSP's 'self' means "our files" and nothing on disk besides),
 * lets us attach the security headers to every response, and gives the IPC sender check a URL to verify.
 */
import fs from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { RENDERER_SCHEME } from '../ipc/ipcGuard.js';
import { rendererResponseHeaders } from './windowSecurity.js';
import { resolveRendererFile } from './rendererFiles.js';

/** Must run before app 'ready'. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // corsEnabled: Vite emits <script type="module" crossorigin>, which Chromium fetches in CORS mode.
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

export function serveRenderer(session: Session, rootDir: string): void {
  session.protocol.handle(RENDERER_SCHEME, async (request) => {
    const target = resolveRendererFile(request.url, rootDir);
    if (!target || request.method !== 'GET') return new Response('Not found', { status: 404 });
    try {
      const body = await fs.readFile(target.file);
      return new Response(body, { status: 200, headers: rendererResponseHeaders(target.contentType) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

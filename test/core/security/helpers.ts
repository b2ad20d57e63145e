import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { request as apiRequest, type Reply } from '../../support/apiClient.js';

export type { Reply };

/** Listen on 127.0.0.1:0 and return the port and a closer. */
export async function listen(app: Express): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Raw HTTP so that Host and Origin can be set to anything, as an attacker's browser would. */
export function request(port: number, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: unknown }): Promise<Reply> {
  return apiRequest({ url: `http://127.0.0.1:${port}` }, { ...opts, path: opts.path ?? '/' });
}

/**
 * Every request the proxy understands has a typed method in the client: each REST route (as the express router
 * really serves it, and as the OpenAPI document lists it) is in the client's REST_ROUTES with its method on
 * ProxyRestClient, and each WebSocket request type (the server's WS_REQUESTS table, and the document's
 * `x-websocket`) has its method on ProxyWsClient; every push type is an event. A route or message added to the
 * server without its client method fails here.
 */
import { describe, expect, it } from 'vitest';
import {
  ProxyRestClient,
  ProxyWsClient,
  REST_ROUTES,
  WS_PUSH_TYPES,
  WS_REQUESTS,
  WS_REQUEST_METHODS,
} from '../../packages/client/src/index.js';
import type { ProxyClient } from '../../packages/client/src/index.js';
import type { RealStack } from '../core/api/realStack.js';
import { useStackWithClient } from './support.js';

let s: RealStack;
let client: ProxyClient;
useStackWithClient({ sim: { backgroundTicksPerSecond: 0 } }, (stack, c) => {
  s = stack;
  client = c;
});

const clientRoutes = () => Object.values(REST_ROUTES).map((r) => `${r.method} ${r.path}`).sort();

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** "METHOD /path/{param}" for every route the express app serves, nested routers included. */
function servedRoutes(stack: RouterLayer[], out: string[] = []): string[] {
  for (const layer of stack) {
    if (layer.route) {
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      for (const [method, on] of Object.entries(layer.route.methods)) if (on) out.push(`${method.toUpperCase()} ${path}`);
    } else if (layer.handle?.stack) {
      servedRoutes(layer.handle.stack, out);
    }
  }
  return out;
}

describe('REST', () => {
  it('every route the server serves is a route of the client, and no client route is made up', () => {
    const app = s.server.httpServer.listeners('request')[0] as unknown as { router: { stack: RouterLayer[] } };
    expect(clientRoutes()).toEqual(servedRoutes(app.router.stack).sort());
  });

  it('every operation of the OpenAPI document is a route of the client', async () => {
    const doc = await client.rest.getOpenApiDocument();
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(clientRoutes()).toEqual(operations.sort());
  });

  it('every client route has its method on ProxyRestClient', () => {
    for (const name of Object.keys(REST_ROUTES)) {
      expect(typeof (ProxyRestClient.prototype as unknown as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});

describe('WebSocket', () => {
  it('every request type of the server (WS_REQUESTS, x-websocket) has its method on ProxyWsClient', async () => {
    const doc = (await client.rest.getOpenApiDocument()) as { 'x-websocket'?: { requests: Record<string, unknown>; pushes: string[] } };
    const documented = Object.keys(doc['x-websocket']?.requests ?? {}).sort();
    expect(Object.keys(WS_REQUESTS).sort()).toEqual(documented);
    expect(Object.keys(WS_REQUEST_METHODS).sort()).toEqual(documented);
    for (const [type, method] of Object.entries(WS_REQUEST_METHODS)) {
      expect(typeof (ProxyWsClient.prototype as unknown as Record<string, unknown>)[method], type).toBe('function');
    }
  });

  it('every push type of the server is an event of the client', async () => {
    const doc = (await client.rest.getOpenApiDocument()) as { 'x-websocket'?: { pushes: string[] } };
    expect([...WS_PUSH_TYPES].sort()).toEqual([...(doc['x-websocket']?.pushes ?? [])].sort());
  });
});

/**
 * The package as it will be published: built (packages/client/scripts/build.ts) into a temp folder, installed
 * into a consumer project of its own (only zod and ws beside it), and used from there: in Node 20 against a real
 * proxy, type-checked as a browser project (no Node types), and in Chromium from a page of an allowed origin,
 * with the browser's own fetch and WebSocket.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TYPES_ENTRY, buildClient } from '../../packages/client/scripts/build.js';
import { TEST_PASSWORD } from '../core/api/harness.js';
import { startRealStack } from '../core/api/realStack.js';
import type { RealStack } from '../core/api/realStack.js';
import { chromiumUnavailableReason, launchChromium } from '../renderer/browser.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(REPO, 'packages/client/package.json'), 'utf8')) as {
  name: string;
  types: string;
  exports: { '.': { types: string; import: string } };
  dependencies: Record<string, string>;
};

let consumer: string;
let installed: string;

beforeAll(async () => {
  consumer = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-client-consumer-'));
  installed = path.join(consumer, 'node_modules', ...PACKAGE_JSON.name.split('/'));
  await buildClient(path.join(installed, 'dist'));
  fs.copyFileSync(path.join(REPO, 'packages/client/package.json'), path.join(installed, 'package.json'));
  for (const dep of ['zod', 'ws']) fs.symlinkSync(path.join(REPO, 'node_modules', dep), path.join(consumer, 'node_modules', dep), 'dir');
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}, 120_000);
afterAll(() => {
  if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
});

describe('the built package', () => {
  it('is one ES module importing nothing but zod, with its declarations where package.json says', () => {
    const bundle = fs.readFileSync(path.join(installed, 'dist/index.js'), 'utf8');
    const imports = [...bundle.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['zod']));
    expect(bundle).not.toMatch(/\brequire\(|import\(["']/);
    expect(Object.keys(PACKAGE_JSON.dependencies)).toEqual(['zod']);
    expect(PACKAGE_JSON.types).toBe(`./dist/${TYPES_ENTRY}`);
    expect(PACKAGE_JSON.exports['.'].types).toBe(PACKAGE_JSON.types);
    expect(fs.existsSync(path.join(installed, PACKAGE_JSON.types))).toBe(true);
    expect(fs.existsSync(path.join(installed, PACKAGE_JSON.exports['.'].import))).toBe(true);
  });

  it('type-checks a browser project (DOM, no Node types); its types are real: a wrong order type is an error', () => {
    const file = path.join(consumer, 'app.ts');
    fs.writeFileSync(
      file,
      `import { ProxyClient, isApiError } from '${PACKAGE_JSON.name}';
import type { MarketDataUpdate, Order, OrderRequestInput } from '${PACKAGE_JSON.name}';

const client = new ProxyClient({ baseUrl: 'http://127.0.0.1:3001', credentials: { username: 'trader', password: 'token' } });
const order: OrderRequestInput = { symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT' };
// @ts-expect-error -- FOO is no order type
const wrong: OrderRequestInput = { ...order, orderType: 'FOO' };
void wrong;

export async function run(): Promise<Order[]> {
  client.ws.on('orderStatus', (o: Order) => console.log(o.orderId, o.status));
  client.ws.on('state', (state) => console.log(state === 'reconnecting'));
  await client.ws.connect();
  const sub = await client.ws.subscribeMarketData({ symbols: ['AAPL'] }, { onData: (u: MarketDataUpdate) => console.log(u.value) });
  sub.on('restored', (serverId: string) => console.log(serverId));
  const placed = await client.ws.placeOrder(order);
  const filled: number = placed.filled;
  void filled;
  try {
    return await client.rest.getOrders();
  } catch (e) {
    if (isApiError(e, 'trading_blocked') && e.status === 423) return [];
    throw e;
  }
}
`,
    );
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      // Not zod's declarations (slow, and not ours to check): an import of ours that did not resolve would make
      // its types \`any\`, and then the @ts-expect-error above would fail instead.
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  describe('against a real proxy', () => {
    let s: RealStack;
    let page: { origin: string; close: () => Promise<void> } | null = null;

    beforeAll(async () => {
      page = await servePage(installed);
      s = await startRealStack({ settings: { server: { corsOrigins: [page.origin] } } });
    });
    afterAll(async () => {
      await s?.close();
      await page?.close();
    });

    it('runs in Node 20 from the consumer project (ws passed in), with typed errors', async () => {
      fs.writeFileSync(
        path.join(consumer, 'node-consumer.mjs'),
        `import WebSocket from 'ws';
import { ProxyClient, ProxyApiError } from '${PACKAGE_JSON.name}';
const [baseUrl, password] = process.argv.slice(2);
const client = new ProxyClient({ baseUrl, credentials: { username: 'trader', password }, WebSocket });
const health = await client.rest.health();
await client.ws.connect();
const orders = await client.ws.getOrders();
const refused = await client.rest.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT' }).catch((e) => e);
client.close();
console.log(JSON.stringify({ mode: health.mode, orders: Array.isArray(orders), typed: refused instanceof ProxyApiError, code: refused.code, status: refused.status }));
`,
      );
      const { stdout } = await promisify(execFile)(process.execPath, ['node-consumer.mjs', s.baseUrl, TEST_PASSWORD], { cwd: consumer, timeout: 60_000 });
      expect(JSON.parse(stdout)).toEqual({ mode: 'demo', orders: true, typed: true, code: 'invalid_payload', status: 400 });
    });

    const skipReason = chromiumUnavailableReason();
    it.skipIf(skipReason !== null)(`runs in Chromium with the browser's fetch and WebSocket${skipReason ? ` (skipped: ${skipReason})` : ''}`, async () => {
      const browser = await launchChromium();
      try {
        const tab = await browser.newPage();
        await tab.goto(`${page!.origin}/index.html`);
        const result = (await tab.evaluate(BROWSER_SCRIPT.replace('%ARGS%', JSON.stringify({ baseUrl: s.baseUrl, password: TEST_PASSWORD })))) as Record<string, unknown>;
        expect(result).toMatchObject({ mode: 'demo', state: 'open', tickSymbol: 'AAPL', placed: true, keyed: true, errorCode: 'invalid_payload' });
      } finally {
        await browser.close();
      }
    });
  });
});

/** Runs in the page: the package by its import map, the browser's own fetch and WebSocket. */
const BROWSER_SCRIPT = `(async (args) => {
  const { ProxyClient, ProxyApiError } = await import('/pkg/dist/index.js');
  const client = new ProxyClient({ baseUrl: args.baseUrl, credentials: { username: 'trader', password: args.password } });
  const health = await client.rest.health();
  await client.ws.connect();
  const tick = await new Promise((resolve) => client.ws.subscribeMarketData({ symbols: ['AAPL'] }, { onData: resolve }));
  const placed = await client.ws.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'MKT' });
  const refused = await client.rest.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT' }).catch((e) => e);
  const state = client.ws.state;
  client.close();
  return {
    mode: health.mode, state, tickSymbol: tick.symbol, placed: placed.orderId > 0,
    keyed: placed.order.idempotencyKey.startsWith('er-'), errorCode: refused instanceof ProxyApiError ? refused.code : String(refused),
  };
})(%ARGS%)`;

/** A page on its own origin: index.html with an import map for zod, the installed package under /pkg/. */
async function servePage(packageDir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const roots: Record<string, string> = { '/pkg/': packageDir, '/zod/': path.join(REPO, 'node_modules/zod') };
  const html = '<!doctype html><html><head><script type="importmap">{"imports":{"zod":"/zod/index.js"}}</script></head><body></body></html>';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/index.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    const prefix = Object.keys(roots).find((p) => url.pathname.startsWith(p));
    const file = prefix ? path.join(roots[prefix]!, path.normalize(url.pathname.slice(prefix.length))) : null;
    if (!file || !file.startsWith(roots[prefix!]!) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

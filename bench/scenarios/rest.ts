/**
 * Scenario 3: REST throughput and latency with autocannon (in a child process) at fixed concurrency, against a
 * bare express "hello" endpoint served by this same process as the baseline (same Node, same loopback, no auth,
 * no guards): the difference is what the proxy's middleware and handlers cost.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Child } from '../lib/rpc.js';
import { startProxy, waitFor } from '../lib/proxyStack.js';
import { writeResult } from '../lib/results.js';
import { ratio, round } from '../lib/stats.js';
import { printTable, type Row } from '../lib/table.js';

const CONNECTIONS = 10;
const procUrl = (name: string) => new URL(`../procs/${name}.ts`, import.meta.url);

interface Cannon {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export async function runRestScenario(o: { quick: boolean; seed: number }): Promise<void> {
  const duration = o.quick ? 3 : 8;
  const sim = await Child.start(procUrl('simulator'), 'simulator');
  const cannon = await Child.start(procUrl('clients'), 'autocannon');
  let stopProxy: (() => Promise<void>) | null = null;
  const hello = express();
  hello.get('/hello', (_req, res) => {
    res.json({ hello: 'world' });
  });
  const helloServer = hello.listen(0, '127.0.0.1');
  try {
    await new Promise<void>((resolve) => helloServer.once('listening', () => resolve()));
    const helloUrl = `http://127.0.0.1:${(helloServer.address() as AddressInfo).port}`;
    const { port } = await sim.call<{ port: number }>('start', { seed: o.seed, instruments: 0 });
    const proxy = await startProxy(port);
    stopProxy = proxy.stop;
    const auth = { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' };

    // A few real positions, so GET /api/positions serialises something.
    for (const symbol of ['AAPL', 'MSFT', 'NVDA']) {
      await fetch(`${proxy.baseUrl}/api/orders`, { method: 'POST', headers: auth, body: JSON.stringify({ symbol, action: 'BUY', quantity: 10, orderType: 'MKT' }) });
    }
    await waitFor(async () => {
      const r = (await (await fetch(`${proxy.baseUrl}/api/positions`, { headers: auth })).json()) as { positions?: unknown[] };
      return (r.positions?.length ?? 0) >= 3;
    }, 10_000, 'three positions').catch(() => undefined);

    const run = (url: string, path: string, method: string, extra: Record<string, unknown> = {}) =>
      cannon.call<Cannon>('autocannon', { url, path, method, connections: CONNECTIONS, duration, ...extra }, (duration + 60) * 1000);
    const base = await run(helloUrl, '/hello', 'GET');
    const positions = await run(proxy.baseUrl, '/api/positions', 'GET', { token: proxy.token });
    const orders = await run(proxy.baseUrl, '/api/orders', 'POST', {
      token: proxy.token,
      uniqueIdempotencyKey: true,
      // Far below the market: rests at the simulator, never fills.
      body: { symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT', price: 1, timeInForce: 'GTC' },
    });
    const rows: Row[] = [];
    const add = (name: string, c: Cannon) =>
      rows.push({ endpoint: name, 'req/s': round(c.rps), 'p50 ms': c.p50, 'p99 ms': c.p99, 'max ms': c.max, requests: c.total, 'non-2xx': c.non2xx, errors: c.errors + c.timeouts });
    add('baseline: express hello (same process)', base);
    add('GET /api/positions', positions);
    add('POST /api/orders (LMT far from market)', orders);
    rows.push({ endpoint: 'positions / baseline', 'req/s': ratio(positions.rps, base.rps), 'p50 ms': ratio(positions.p50, base.p50), 'p99 ms': ratio(positions.p99, base.p99) });
    rows.push({ endpoint: 'orders / baseline', 'req/s': ratio(orders.rps, base.rps), 'p50 ms': ratio(orders.p50, base.p50), 'p99 ms': ratio(orders.p99, base.p99) });
    printTable(`3) REST, autocannon, ${CONNECTIONS} connections, ${duration} s each`, rows);
    const status = proxy.gateway.getStatus();
    writeResult('rest', { connections: CONNECTIONS, durationSec: duration, rows, raw: { base, positions, orders }, maxReqPerSecToTws: 40, messagesOut: status.messagesOut }, {
      quick: o.quick,
      notes: [
        'Order placement is bounded by the TWS message pacing (@stoqey/ib limiter at ibkr.maxReqPerSec, default 40/s, TWS allows 50): every placement is one placeOrder message and the reply waits for TWS to acknowledge it.',
        'REST rate limit raised to 100,000 requests/min for the run (default 1,200/min would answer 429).',
      ],
    });
  } finally {
    helloServer.close();
    await stopProxy?.().catch(() => undefined);
    await cannon.stop();
    await sim.stop();
  }
}

/**
 * The order desk belongs to the app, not to a transport (issue 12, design): with the local API closed, an order
 * placed through the desk (as the desktop does) is journaled with its fill, and the kill switch works (it used to
 * fail with "The local API is not running.", and fills were journaled only while HTTP was up).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../gateway/helpers.js';
import { dataFolder, oneSimulatorForTheFile, startProxy } from './proxyHarness.js';

const tws = oneSimulatorForTheFile();

const journal = (dataDir: string) =>
  fs
    .readFileSync(path.join(dataDir, 'orders-journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { event: string; source?: string; orderId?: number; execution?: { execId: string } });

describe('the order desk without the local API', () => {
  it('journals a fill and throws the kill switch while the API server is closed', async () => {
    const dataDir = dataFolder();
    const p = await startProxy({ simPort: tws.port(), dataDir, authPassword: 'correct horse battery' });
    await p.app.api!.close();
    await expect(fetch(`${p.info.url}/health`)).rejects.toThrow();

    const desk = p.app.orders!;
    const ctx = { source: 'desktop' as const, client: 'test' };
    const order = await desk.place({ symbol: 'AAPL', action: 'BUY', quantity: 3, orderType: 'MKT', timeInForce: 'DAY' }, ctx);
    await waitFor(() => journal(dataDir).some((e) => e.event === 'execution' && e.orderId === order.orderId), 'the fill in the journal');
    const entries = journal(dataDir).filter((e) => e.orderId === order.orderId || e.event === 'request');
    expect(entries.map((e) => e.event)).toEqual(expect.arrayContaining(['request', 'response', 'status', 'execution']));
    expect(tws.sim().broker.executions().some((x) => x.execution.orderId === order.orderId)).toBe(true);

    const resting = await desk.place({ symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT', price: 1, timeInForce: 'DAY' }, ctx);
    expect(await desk.cancelAll(ctx)).toEqual({ cancelled: 1 });
    expect(p.app.gateway!.getStatus().tradingBlocked).toBe(true);
    await waitFor(() => tws.sim().broker.order(21, resting.orderId)?.status === 'Cancelled', 'the resting order cancelled at TWS');
    expect(journal(dataDir).some((e) => e.event === 'cancel_all' && e.source === 'desktop')).toBe(true);
  });
});

/**
 * The orders journal: lines on disk once append() resolves, group commit under concurrency, today's orders read
 * back after a restart, a torn last line tolerated, a new day starting empty.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Order } from '../../../src/common/contract.js';
import { OrdersJournal } from '../../../src/core/journal/ordersJournal.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-journal-'));
  dirs.push(d);
  return d;
}
function order(orderId: number, status: Order['status'] = 'Submitted'): Order {
  return {
    orderId, permId: orderId + 1000, symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT', price: 1, status,
    filled: 0, remaining: 1, avgFillPrice: 0, lastFillPrice: 0, commission: 0, timestamp: new Date().toISOString(), strategyId: '', account: 'DU1',
  };
}
const lines = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('OrdersJournal', () => {
  it('an append is on disk when it resolves, one readable JSON line per event', async () => {
    const dir = tmp();
    const j = await OrdersJournal.open({ dir });
    await j.append({ event: 'request', source: 'rest', client: '127.0.0.1:5', request: { symbol: 'AAPL' } });
    expect(lines(j.path)).toHaveLength(1);
    await j.append({ event: 'response', source: 'rest', orderId: 1, order: order(1) });
    const all = lines(j.path);
    expect(all.map((l) => l.event)).toEqual(['request', 'response']);
    expect(Date.parse(all[0].ts)).not.toBeNaN();
    expect(fs.readFileSync(j.path, 'utf8')).toContain('"event":"request"');
    await j.close();
  });

  it('concurrent appends all land, in order, sharing flushes', async () => {
    const j = await OrdersJournal.open({ dir: tmp() });
    await Promise.all(Array.from({ length: 200 }, (_, i) => j.append({ event: 'status', orderId: i, order: order(i) })));
    const all = lines(j.path);
    expect(all.map((l) => l.orderId)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(j.stats().linesWritten).toBe(200);
    await j.close();
  });

  it('survives a restart: today\'s orders come back with their latest state; a torn line is skipped', async () => {
    const dir = tmp();
    const a = await OrdersJournal.open({ dir });
    await a.append({ event: 'response', orderId: 7, order: order(7) });
    await a.append({ event: 'status', orderId: 7, order: order(7, 'Filled') });
    await a.append({ event: 'response', orderId: 3, order: order(3) });
    await a.close();
    fs.appendFileSync(path.join(dir, 'orders-journal.jsonl'), '{"ts":"2025-01-0'); // crash mid-write
    const b = await OrdersJournal.open({ dir });
    expect(b.todaysOrders().map((o) => [o.orderId, o.status])).toEqual([[3, 'Submitted'], [7, 'Filled']]);
    expect(b.repairedTornLine).toBe(true);
    await b.append({ event: 'status', orderId: 3, order: order(3, 'Cancelled') });
    expect(b.todaysOrders().find((o) => o.orderId === 3)?.status).toBe('Cancelled');
    await b.close();
    // The entry written after the torn line is on a line of its own: a reader after the next restart sees it.
    const c = await OrdersJournal.open({ dir });
    expect(c.repairedTornLine).toBe(false);
    expect(c.todaysOrders().find((o) => o.orderId === 3)?.status).toBe('Cancelled');
    const text = fs.readFileSync(c.path, 'utf8').split('\n');
    expect(text.at(-2)).toContain('"status":"Cancelled"');
    expect(text.filter((l) => l.startsWith('{"ts":"2025-01-0') && !l.endsWith('}'))).toEqual(['{"ts":"2025-01-0']);
    await c.close();
  });

  it('orders of another day are not today\'s orders; close() refuses later appends', async () => {
    const dir = tmp();
    let now = new Date(2025, 0, 2, 15, 0, 0);
    const a = await OrdersJournal.open({ dir, now: () => now });
    await a.append({ event: 'response', orderId: 1, order: order(1) });
    now = new Date(2025, 0, 3, 9, 0, 0);
    await a.append({ event: 'response', orderId: 2, order: order(2) });
    expect(a.todaysOrders().map((o) => o.orderId)).toEqual([2]);
    await a.close();
    await expect(a.append({ event: 'cancel', orderId: 2 })).rejects.toThrow(/closed/);
    const b = await OrdersJournal.open({ dir, now: () => new Date(2025, 0, 3, 12, 0, 0) });
    expect(b.todaysOrders().map((o) => o.orderId)).toEqual([2]);
    await b.close();
  });
});

/**
 * One WebSocket client of the soak: authenticates, keeps market-data subscriptions, and records everything the
 * proxy pushes that matters for the verdict (orderStatus, executionReport, marketData per symbol).
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export class Observer {
  /** execId → how many executionReport pushes, and when the first came. */
  readonly fills = new Map<string, { count: number; firstAt: number }>();
  /** orderId → last pushed status. */
  readonly lastStatus = new Map<number, string>();
  /** symbol → last marketData receipt (Date.now()). */
  readonly lastTick = new Map<string, number>();
  /** subscriptionId → symbols */
  readonly subscriptions = new Map<string, string[]>();
  private readonly waiting = new Map<string, (f: { type: string; payload: unknown }) => void>();
  closed = false;

  private constructor(private readonly ws: WebSocket, readonly name: string) {
    ws.on('message', (data: Buffer) => {
      const f = JSON.parse(data.toString()) as { id: string; type: string; payload: Record<string, unknown> };
      const w = this.waiting.get(String(f.id));
      if (w) {
        this.waiting.delete(String(f.id));
        w(f);
        return;
      }
      if (f.type === 'marketData') this.lastTick.set(String(f.payload.symbol), Date.now());
      else if (f.type === 'marketDataBatch') for (const u of (f.payload.updates as Array<{ symbol: string }>)) this.lastTick.set(u.symbol, Date.now());
      else if (f.type === 'executionReport') {
        const id = String(f.payload.execId);
        const e = this.fills.get(id);
        if (e) e.count++;
        else this.fills.set(id, { count: 1, firstAt: Date.now() });
      } else if (f.type === 'orderStatus') this.lastStatus.set(Number(f.payload.orderId), String(f.payload.status));
    });
    ws.on('close', () => {
      this.closed = true;
    });
  }

  static open(url: string, token: string, name: string): Promise<Observer> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('error', reject);
      ws.once('open', () => {
        const o = new Observer(ws, name);
        o.request('authenticate', { token }).then((r) => (r.type === 'authentication_success' ? resolve(o) : reject(new Error(`${name}: ${r.type}`))), reject);
      });
    });
  }

  request(type: string, payload: unknown, timeoutMs = 15_000): Promise<{ type: string; payload: unknown }> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: ${type} got no reply`));
      }, timeoutMs);
      this.waiting.set(id, (f) => {
        clearTimeout(t);
        resolve(f);
      });
      this.ws.send(JSON.stringify({ id, type, payload, timestamp: Date.now() }));
    });
  }

  async subscribe(symbols: string[]): Promise<void> {
    const r = await this.request('subscribe_market_data', { symbols });
    if (r.type === 'subscription_confirmed') this.subscriptions.set(String((r.payload as { subscriptionId: string }).subscriptionId), symbols);
  }

  async unsubscribe(subscriptionId: string): Promise<void> {
    const r = await this.request('unsubscribe_market_data', { subscriptionId });
    if (r.type === 'unsubscription_confirmed') this.subscriptions.delete(subscriptionId);
  }

  close(): void {
    this.ws.terminate();
  }
}

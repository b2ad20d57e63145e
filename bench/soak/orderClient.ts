/**
 * What the clients were told about each placement. A placement is identified by its idempotency key; a request
 * that times out, fails on the network or gets a 5xx is retried with the SAME key (what a careful frontend does),
 * up to 4 attempts, so the proxy's idempotency is exercised across outages.
 */
export interface Placement {
  key: string;
  symbol: string;
  attempts: number;
  /** Every orderId any reply carried (more than one = the proxy reported a duplicate). */
  orderIds: Set<number>;
  outcome: 'pending' | 'placed' | 'rejected' | 'unresolved';
  lastError: string;
}

export interface OpenRef {
  orderId: number;
  symbol: string;
}

export class OrderClient {
  readonly placements = new Map<string, Placement>();
  /** Orders the clients believe may still be open (targets for modify / cancel). */
  readonly open: OpenRef[] = [];
  inFlight = 0;
  counts = { modifies: 0, modifyErrors: 0, cancels: 0, cancelErrors: 0 };

  constructor(private readonly baseUrl: string, private readonly token: string) {}

  private async call(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
    if (key) headers['idempotency-key'] = key;
    const res = await fetch(this.baseUrl + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(15_000) });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  }

  async place(key: string, body: { symbol: string } & Record<string, unknown>): Promise<void> {
    const p: Placement = { key, symbol: body.symbol, attempts: 0, orderIds: new Set(), outcome: 'pending', lastError: '' };
    this.placements.set(key, p);
    this.inFlight++;
    try {
      for (let attempt = 0; attempt < 4; attempt++) {
        p.attempts++;
        try {
          const r = await this.call('POST', '/api/orders', body, key);
          const order = (r.json.order as { orderId?: number } | undefined) ?? undefined;
          if (r.status === 200 && order?.orderId !== undefined) {
            p.orderIds.add(order.orderId);
            p.outcome = 'placed';
            this.open.push({ orderId: order.orderId, symbol: body.symbol });
            return;
          }
          p.lastError = `${r.status} ${String(r.json.message ?? '')}`;
          // 4xx other than 408/429: the proxy refused it for good (validation, risk, blocked): no retry.
          if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) {
            p.outcome = 'rejected';
            return;
          }
        } catch (e) {
          p.lastError = e instanceof Error ? e.message : String(e);
        }
        await new Promise((r) => setTimeout(r, 1_500));
      }
      p.outcome = 'unresolved';
    } finally {
      this.inFlight--;
    }
  }

  async modify(ref: OpenRef, price: number): Promise<void> {
    this.counts.modifies++;
    try {
      const r = await this.call('PUT', `/api/orders/${ref.orderId}`, { price });
      if (r.status !== 200) this.counts.modifyErrors++;
    } catch {
      this.counts.modifyErrors++;
    }
  }

  async cancel(ref: OpenRef): Promise<void> {
    this.counts.cancels++;
    const i = this.open.indexOf(ref);
    if (i >= 0) this.open.splice(i, 1);
    try {
      const r = await this.call('DELETE', `/api/orders/${ref.orderId}`);
      if (r.status !== 200) this.counts.cancelErrors++;
    } catch {
      this.counts.cancelErrors++;
    }
  }

  async get<T>(path: string): Promise<T> {
    return (await this.call('GET', path)).json as T;
  }
}

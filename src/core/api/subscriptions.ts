/**
 * Market-data subscriptions, shared by REST and WebSocket. A subscription holds one gateway lease per symbol (the
 * gateway shares TWS lines between leases) and has an id that both unsubscribe routes accept.
 *
 * Delivery: a WebSocket subscription delivers to its client only. A REST subscription (the frontend may subscribe
 * over REST and listen on the socket) delivers to the WebSocket clients authenticated as the same user.
 * The per-line recipient list is computed when subscriptions or clients change, never per tick.
 */
import { randomUUID } from 'node:crypto';
import type { SubscribeMarketData } from '../../common/apiMessages.js';
import type { MarketDataLease } from '../gateway/types.js';
import type { ApiGateway } from './ports.js';
import type { WsClient } from './ws/wsClient.js';

export type SubscriptionOwner = { kind: 'ws'; client: WsClient } | { kind: 'user'; userId: string };

export interface Subscription {
  id: string;
  owner: SubscriptionOwner;
  symbols: string[];
  leases: MarketDataLease[];
  /** IB tick types the subscriber asked for; null = all. */
  fields: ReadonlySet<number> | null;
  createdAt: string;
}

export interface Recipient {
  client: WsClient;
  fields: ReadonlySet<number> | null;
}

const NONE: readonly Recipient[] = Object.freeze([]);

export class SubscriptionRegistry {
  private readonly subs = new Map<string, Subscription>();
  private recipientCache: Map<string, readonly Recipient[]> | null = null;

  constructor(
    private readonly gateway: ApiGateway,
    private readonly clients: () => Iterable<WsClient>,
  ) {}

  /** Acquires every line or none: a failure releases what was taken and rethrows. */
  async subscribe(owner: SubscriptionOwner, req: SubscribeMarketData): Promise<Subscription> {
    const symbols = [...new Set(req.symbols)];
    const snapshot = req.frequency === 'snapshot';
    const results = await Promise.allSettled(symbols.map((symbol) => this.gateway.acquireMarketData({ symbol }, { snapshot })));
    const leases = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      for (const l of leases) l.release();
      throw failed.reason;
    }
    if (owner.kind === 'ws' && owner.client.ws.readyState !== owner.client.ws.OPEN) {
      // The client left while TWS was answering: give the lines back at once.
      for (const l of leases) l.release();
      throw new Error('client disconnected');
    }
    const sub: Subscription = {
      id: randomUUID(),
      owner,
      symbols,
      leases,
      fields: req.fields && req.fields.length > 0 ? new Set(req.fields) : null,
      createdAt: new Date().toISOString(),
    };
    this.subs.set(sub.id, sub);
    this.invalidate();
    return sub;
  }

  get(id: string): Subscription | undefined {
    return this.subs.get(id);
  }

  remove(id: string): boolean {
    const sub = this.subs.get(id);
    if (!sub) return false;
    this.subs.delete(id);
    for (const l of sub.leases) l.release();
    this.invalidate();
    return true;
  }

  /** Drops every subscription of a client that went away. */
  removeClient(client: WsClient): void {
    for (const sub of [...this.subs.values()]) {
      if (sub.owner.kind === 'ws' && sub.owner.client === client) this.remove(sub.id);
    }
    this.invalidate();
  }

  ofClient(client: WsClient): Subscription[] {
    return [...this.subs.values()].filter((s) => s.owner.kind === 'ws' && s.owner.client === client);
  }

  /** Subscriptions a client is served by: its own plus its user's REST subscriptions. */
  servingClient(client: WsClient): Subscription[] {
    return [...this.subs.values()].filter(
      (s) => (s.owner.kind === 'ws' && s.owner.client === client) || (s.owner.kind === 'user' && s.owner.userId === client.userId),
    );
  }

  /** Who receives ticks of a line. */
  recipients(key: string): readonly Recipient[] {
    if (!this.recipientCache) this.recipientCache = this.build();
    return this.recipientCache.get(key) ?? NONE;
  }

  /** Call when a subscription or a client's authentication changes. */
  invalidate(): void {
    this.recipientCache = null;
  }

  get size(): number {
    return this.subs.size;
  }

  /** Releases every lease (server shutdown). */
  clear(): void {
    for (const id of [...this.subs.keys()]) this.remove(id);
  }

  private build(): Map<string, readonly Recipient[]> {
    // key -> client -> merged field filter (null = everything)
    const byKey = new Map<string, Map<WsClient, Set<number> | null>>();
    const add = (key: string, client: WsClient, fields: ReadonlySet<number> | null): void => {
      let m = byKey.get(key);
      if (!m) byKey.set(key, (m = new Map()));
      const prev = m.get(client);
      if (prev === null) return;
      if (fields === null) m.set(client, null);
      else m.set(client, new Set([...(prev ?? []), ...fields]));
    };
    const authenticatedByUser = new Map<string, WsClient[]>();
    for (const c of this.clients()) {
      if (c.userId === null) continue;
      const list = authenticatedByUser.get(c.userId) ?? [];
      list.push(c);
      authenticatedByUser.set(c.userId, list);
    }
    for (const sub of this.subs.values()) {
      const targets = sub.owner.kind === 'ws' ? [sub.owner.client] : (authenticatedByUser.get(sub.owner.userId) ?? []);
      for (const lease of sub.leases) for (const c of targets) add(lease.key, c, sub.fields);
    }
    const out = new Map<string, readonly Recipient[]>();
    for (const [key, m] of byKey) out.set(key, [...m].map(([client, fields]) => ({ client, fields })));
    return out;
  }
}

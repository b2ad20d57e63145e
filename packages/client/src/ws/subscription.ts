/**
 * Market-data subscriptions under a stable client-side handle. The proxy's subscription id belongs to one
 * connection: after a reconnect (or a proxy restart) the client subscribes again and the handle takes the new
 * id, so the caller keeps listening on the same object and never sees the change (except as a `restored` event).
 */
import { TypedEmitter } from '../emitter.js';
import type { ProxyClientError } from '../errors.js';
import type { MarketDataUpdate, SubscribeMarketDataInput } from '../shapes.js';

export type SubscriptionState = 'subscribing' | 'active' | 'restoring' | 'closed';

export interface SubscriptionEvents {
  /** A tick of one of the subscription's symbols (and fields, when it asked for some). */
  data: [update: MarketDataUpdate];
  /** Subscribed again after a reconnect, under a new server id. */
  restored: [serverId: string];
  /** Restoring failed for good (e.g. the symbol is no longer known); the handle is closed. */
  error: [error: ProxyClientError];
}

export interface SubscriptionOwner {
  /** Asks the proxy to drop the subscription (when it still has it). */
  release(sub: MarketDataSubscription): Promise<void>;
}

let handles = 0;

export class MarketDataSubscription extends TypedEmitter<SubscriptionEvents> {
  /** Stable for the handle's whole life, unlike serverId. */
  readonly handle = `md-${++handles}`;
  private _state: SubscriptionState = 'subscribing';
  private _serverId: string | null = null;
  private _symbols: readonly string[];
  private readonly fields: ReadonlySet<number> | null;

  constructor(
    readonly request: Readonly<SubscribeMarketDataInput>,
    private readonly owner: SubscriptionOwner,
  ) {
    super();
    this._symbols = request.symbols.map((s) => s.trim().toUpperCase());
    this.fields = request.fields && request.fields.length > 0 ? new Set(request.fields) : null;
  }

  get state(): SubscriptionState {
    return this._state;
  }

  get closed(): boolean {
    return this._state === 'closed';
  }

  /** The proxy's id for it on the current connection (null while it is being restored). */
  get serverId(): string | null {
    return this._serverId;
  }

  /** The symbols as the proxy confirmed them (upper case). */
  get symbols(): readonly string[] {
    return this._symbols;
  }

  /** Shorthand for on('data', listener); returns the function that removes it. */
  onData(listener: (update: MarketDataUpdate) => void): () => void {
    return this.on('data', listener);
  }

  /** Stops the subscription, at the proxy too. Safe to call more than once. */
  async unsubscribe(): Promise<void> {
    if (this._state === 'closed') return;
    this._state = 'closed';
    await this.owner.release(this);
    this._serverId = null;
    this.removeAllListeners();
  }

  // --- driven by the client ----------------------------------------------------------------------------------

  /** @internal */
  confirmed(serverId: string, symbols: readonly string[]): void {
    const restoring = this._state === 'restoring';
    this._serverId = serverId;
    this._symbols = symbols;
    this._state = 'active';
    if (restoring) this.emit('restored', serverId);
  }

  /** @internal The connection is gone: the proxy's id with it. */
  detached(): void {
    if (this._state === 'closed') return;
    this._serverId = null;
    if (this._state === 'active') this._state = 'restoring';
  }

  /** @internal */
  failed(error: ProxyClientError): void {
    if (this._state === 'closed') return;
    this._state = 'closed';
    this._serverId = null;
    this.emit('error', error);
    this.removeAllListeners();
  }

  /** @internal */
  deliver(update: MarketDataUpdate): void {
    if (this._state !== 'active') return;
    if (this.fields !== null && !this.fields.has(update.field)) return;
    if (this._symbols.includes(update.symbol)) this.emit('data', update);
  }
}

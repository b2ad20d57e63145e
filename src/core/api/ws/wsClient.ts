/**
 * One WebSocket connection: identity, authentication state, liveness and its outbound path.
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { WsClientInfo } from '../../../common/apiMessages.js';
import { Outbound } from './outbound.js';
import type { CorkableStream, OutboundCounters, OutboundLimits } from './outbound.js';
import type { RequestBudget } from './requestBudget.js';
import type { TickCycle } from './tickCycle.js';

export class WsClient {
  readonly id = randomUUID();
  readonly connectionTime = new Date();
  readonly outbound: Outbound;
  userId: string | null = null;
  username: string | null = null;
  lastPing: Date | null = null;
  /** Cleared by each heartbeat round, set again by any pong or message. */
  alive = true;
  /** Set when the hub let go of the client: nothing more is read from it or computed for it. */
  closed = false;
  /** The web console's pushes (consoleStatus, trafficSample, logLine), asked for with set_options. */
  consoleEvents = false;

  constructor(
    readonly ws: WebSocket,
    readonly remote: string,
    /** The upgrade's Origin header (allow-listed by the hub), null when there was none (curl, scripts). */
    readonly origin: string | null,
    limits: OutboundLimits,
    counters: OutboundCounters,
    onStuck: (client: WsClient, reason: string) => void,
    /** What this client may ask (rate, requests in flight). */
    readonly budget: RequestBudget,
    /** The TCP socket under `ws` (tick frames are written to it pre-encoded) and the hub's tick flush cycle. */
    stream: CorkableStream,
    cycle: TickCycle,
  ) {
    this.outbound = new Outbound(ws, limits, counters, (reason) => onStuck(this, reason), stream, cycle);
  }

  get authenticated(): boolean {
    return this.userId !== null;
  }

  /** Sends `{id, type, payload, timestamp}`; `id` is the request's for replies, a fresh uuid for pushes. */
  send(type: string, payload: unknown, id?: string | number): void {
    this.outbound.sendControl(frame(type, payload, id));
  }

  info(subscriptionIds: string[], symbols: string[]): WsClientInfo {
    return {
      id: this.id,
      userId: this.userId,
      authenticated: this.authenticated,
      connectionTime: this.connectionTime.toISOString(),
      lastPing: this.lastPing ? this.lastPing.toISOString() : null,
      subscriptions: symbols,
      subscriptionIds,
      batchMarketData: this.outbound.batchMode,
      conflating: this.outbound.conflating,
      bufferedAmount: this.ws.bufferedAmount,
      ...(this.origin !== null ? { origin: this.origin } : {}),
    };
  }
}

/** Serialises a frame once; pushes to many clients reuse the string. */
export function frame(type: string, payload: unknown, id?: string | number): string {
  return JSON.stringify({ id: id ?? randomUUID(), type, payload, timestamp: new Date().toISOString() });
}

/**
 * What the service gives each of its modules: the live session (if any), request ids, time, logging and the typed
 * event outlet. Modules never reach into each other's state; they talk through the service.
 */
import { GatewayError } from './errors.js';
import type { Session } from './session.js';
import type { GatewayEvents, GatewayLogger } from './types.js';

export interface GatewayContext {
  readonly logger: GatewayLogger;
  session(): Session | null;
  nextReqId(): number;
  requestTimeoutMs(): number;
  emit<K extends keyof GatewayEvents>(event: K, ...args: GatewayEvents[K]): void;
  /** Whether anyone listens: lets optional, costlier events (full quote copies) cost nothing when unused. */
  wants(event: keyof GatewayEvents): boolean;
  /** Why there is no session, in a sentence naming the phase (e.g. TWS restarting, back by 23:50). */
  notConnectedReason(): string;
}

export function requireSession(ctx: GatewayContext): Session {
  const s = ctx.session();
  if (!s) throw new GatewayError('not_connected', ctx.notConnectedReason());
  return s;
}

/** Request ids live far above order ids so an error's id can be routed to the right owner without guessing. */
export const FIRST_REQ_ID = 100_000_000;

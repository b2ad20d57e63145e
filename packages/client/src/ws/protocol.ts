/**
 * The WebSocket protocol at the type level, derived from the server's own tables in src/common: WS_REQUESTS
 * (each request type, its payload schema and its reply type) and WS_SERVER_PAYLOADS (each server message's
 * payload schema). Nothing here restates a shape.
 */
import type { z } from 'zod';
import { WS_REQUESTS, WS_SERVER_PAYLOADS } from '../shapes.js';
import type { WsPushType } from '../shapes.js';

export type WsRequestType = keyof typeof WS_REQUESTS;
export type WsServerMessageType = keyof typeof WS_SERVER_PAYLOADS;
/** What a request type takes (the schema's input side). */
export type WsRequestPayload<T extends WsRequestType> = z.input<(typeof WS_REQUESTS)[T]['payload']>;
export type WsReplyType<T extends WsRequestType> = (typeof WS_REQUESTS)[T]['reply'];
/** The payload of a server message, decoded. */
export type WsServerPayload<T extends WsServerMessageType> = z.output<(typeof WS_SERVER_PAYLOADS)[T]>;
/** What a request type is answered with. */
export type WsReply<T extends WsRequestType> = WsServerPayload<WsReplyType<T>>;
export type WsPushPayload<T extends WsPushType> = WsServerPayload<T>;

/** A frame as it comes off the socket, before its payload is decoded. */
export interface ServerFrame {
  id: string | number;
  type: string;
  payload: unknown;
  timestamp?: string;
}

export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const f = v as Partial<ServerFrame>;
  if (typeof f.type !== 'string' || (typeof f.id !== 'string' && typeof f.id !== 'number')) return null;
  return { id: f.id, type: f.type, payload: f.payload, ...(typeof f.timestamp === 'string' ? { timestamp: f.timestamp } : {}) };
}

/*
 * keepAsSent: an answer that passes its schema is handed on as the proxy sent it, not as zod's parse returns it.
 * The schemas hold no defaults or transforms for what the proxy sends, so the two differ only in what parsing
 * strips: fields a newer proxy added (the contract only ever adds), and the fields of an IB error push, whose
 * schema is a union that the looser protocol-error shape matches first.
 */

export function replyTypeOf(type: WsRequestType): WsServerMessageType {
  return WS_REQUESTS[type].reply;
}

export function serverPayloadSchema(type: WsServerMessageType): z.ZodType {
  return WS_SERVER_PAYLOADS[type];
}

/**
 * Whether a request still waiting for its reply when the connection dropped is sent again on the next connection.
 * The proxy may or may not have carried it out, so only requests whose repetition does no harm are repeated; the
 * others fail with ProxyConnectionError (outcome unknown). Requests that were never sent always wait.
 */
export const RESEND_AFTER_RECONNECT: Record<WsRequestType, boolean> = {
  authenticate: false, // each connection authenticates afresh
  ping: true,
  subscribe_market_data: false, // subscriptions are restored by the client itself, under their stable handle
  unsubscribe_market_data: false, // the proxy ended the connection's subscriptions with it
  place_order: true, // the Idempotency-Key returns the first placement
  place_bracket_order: true, // likewise
  cancel_order: true, // cancelled is cancelled
  modify_order: true, // absolute values: applying them twice changes nothing more
  cancel_all_orders: true, // the kill switch: again blocks and cancels what is open, as asked
  enable_trading: false, // again could undo a kill switch pulled in between
  get_trading_status: true,
  get_positions: true,
  get_account_summary: true,
  get_connection_health: true,
  get_orders: true,
  get_executions: true,
  get_pnl: true,
  get_market_data_snapshot: true,
  set_options: false, // restored by the client from the options it was last given
};

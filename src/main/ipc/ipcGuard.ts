/**
 * The two checks every IPC message passes before main acts on it:
 *  1. the sender is our monitor window's MAIN frame showing OUR renderer (not an iframe, not a page the window
 *     was somehow navigated to, not another webContents);
 *  2. the payload matches the channel's zod schema from the shared contract.
 * Pure, so both are unit tested without Electron; registerIpc.ts only feeds them Electron's event fields.
 */
import type { z } from 'zod';
import { IPC_REQUEST_SCHEMAS, SEND_SCHEMAS, type InvokeChannel, type SendChannel } from '../../common/ipc.js';

/** The renderer is served from this privileged custom scheme (see window/rendererProtocol.ts). */
export const RENDERER_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const RENDERER_URL = `${RENDERER_SCHEME}://${RENDERER_HOST}/index.html`;

export interface SenderInfo {
  /** event.sender.id */
  webContentsId: number;
  /** event.senderFrame?.url; null when the frame is gone. */
  frameUrl: string | null;
  /** event.senderFrame?.parent === null */
  isMainFrame: boolean;
}

export interface TrustedWindow {
  /** webContents.id of the monitor window, null while it does not exist. */
  webContentsId: number | null;
}

export type GuardResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function isRendererUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Compare scheme and host: URL.origin is "null" for custom schemes, so it cannot be used here.
  return parsed.protocol === `${RENDERER_SCHEME}:` && parsed.host === RENDERER_HOST && parsed.username === '' && parsed.password === '';
}

export function checkSender(sender: SenderInfo, trusted: TrustedWindow): GuardResult<true> {
  if (trusted.webContentsId === null || sender.webContentsId !== trusted.webContentsId) {
    return { ok: false, error: 'IPC from an unknown window' };
  }
  if (!sender.isMainFrame) return { ok: false, error: 'IPC from a sub-frame' };
  if (sender.frameUrl === null || !isRendererUrl(sender.frameUrl)) {
    return { ok: false, error: `IPC from an unexpected page (${sender.frameUrl ?? 'no frame'})` };
  }
  return { ok: true, value: true };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export function isInvokeChannel(channel: string): channel is InvokeChannel {
  return Object.hasOwn(IPC_REQUEST_SCHEMAS, channel);
}

export function validateInvokePayload<C extends InvokeChannel>(channel: C, payload: unknown): GuardResult<z.output<(typeof IPC_REQUEST_SCHEMAS)[C]>> {
  const schema: z.ZodType = IPC_REQUEST_SCHEMAS[channel];
  const result = schema.safeParse(payload);
  if (!result.success) return { ok: false, error: `Invalid ${channel} request: ${describe(result.error)}` };
  return { ok: true, value: result.data as z.output<(typeof IPC_REQUEST_SCHEMAS)[C]> };
}

export function validateSendPayload<C extends SendChannel>(channel: C, payload: unknown): GuardResult<z.output<(typeof SEND_SCHEMAS)[C]>> {
  const result = SEND_SCHEMAS[channel].safeParse(payload);
  if (!result.success) return { ok: false, error: `Invalid ${channel} message: ${describe(result.error)}` };
  return { ok: true, value: result.data };
}

/** Both checks, in the order that leaks least: an untrusted sender learns nothing about payload rules. */
export function guardInvoke<C extends InvokeChannel>(
  channel: C,
  sender: SenderInfo,
  trusted: TrustedWindow,
  payload: unknown,
): GuardResult<z.output<(typeof IPC_REQUEST_SCHEMAS)[C]>> {
  const from = checkSender(sender, trusted);
  if (!from.ok) return from;
  return validateInvokePayload(channel, payload);
}

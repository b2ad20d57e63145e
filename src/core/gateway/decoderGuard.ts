/**
 * Guards one @stoqey/ib connection against the library's decoder crashing the process.
 *
 * The known case: the decoder JSON.parse()s an error message's `advancedOrderRejectJson` unguarded, inside the
 * socket's 'data' handler, so one malformed frame from TWS throws an uncaught SyntaxError and kills Node.
 * A process-wide 'uncaughtException' handler would hide every other bug in the host app too, so instead we patch
 * the two call paths of *this* IBApi instance's (private) controller:
 *
 *  1. `onMessage(tokens)` sees each complete frame before the decoder does. For an error frame we apply the same
 *     unescaping the decoder does and try the parse ourselves; if it fails, the JSON field is blanked so the error
 *     itself (code, id, text) still reaches us, and the raw text is handed to `onMalformed` for the log.
 *  2. `processIngressQueue()` is wrapped in try/catch as a backstop for any other decoder exception. A throw there
 *     leaves the decoder's token queue mid-message, so the connection cannot be trusted: `onCrash` recycles it.
 *
 * The library is pinned at 1.6.10 (unmodified). If its internals ever change shape, install() returns false and the
 * caller logs that the guard is off rather than failing to connect.
 */
import type { IBApi } from '@stoqey/ib';

/** Server version from which ERR_MSG carries advancedOrderRejectJson (MIN_SERVER_VER.ADVANCED_ORDER_REJECT). */
const ADVANCED_ORDER_REJECT = 166;
const ERR_MSG = '4';

interface ControllerLike {
  onMessage(tokens: string[]): void;
  processIngressQueue(): void;
  serverVersion: number;
  decoder?: { decodeUnicodeEscapedString?(s: string): string };
}

export interface DecoderGuardHooks {
  onMalformed(info: { id: number; code: number; raw: string }): void;
  onCrash(error: unknown): void;
}

/** Same unescaping as the decoder's decodeUnicodeEscapedString, so we judge exactly the string it would parse. */
export function unescapeUnicode(str: string): string {
  return str.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Returns true when the frame is an error message whose advancedOrderRejectJson would make the decoder throw. */
export function sanitizeErrorFrame(
  tokens: string[],
  serverVersion: number,
  unescape: (s: string) => string = unescapeUnicode,
): { id: number; code: number; raw: string } | null {
  if (tokens[0] !== ERR_MSG || serverVersion < ADVANCED_ORDER_REJECT) return null;
  const raw = tokens[5];
  if (raw === undefined || raw.length === 0) return null;
  try {
    JSON.parse(unescape(raw));
    return null;
  } catch {
    tokens[5] = '';
    return { id: Number(tokens[2]), code: Number(tokens[3]), raw };
  }
}

export function installDecoderGuard(api: IBApi, hooks: DecoderGuardHooks): boolean {
  const controller = (api as unknown as { controller?: ControllerLike }).controller;
  if (!controller || typeof controller.onMessage !== 'function' || typeof controller.processIngressQueue !== 'function') {
    return false;
  }
  const onMessage = controller.onMessage.bind(controller);
  const processIngressQueue = controller.processIngressQueue.bind(controller);
  // Prefer the decoder's own unescaping (exactly what it will parse); ours is the fallback.
  const decoder = controller.decoder;
  const unescape =
    decoder && typeof decoder.decodeUnicodeEscapedString === 'function'
      ? (s: string): string => decoder.decodeUnicodeEscapedString!(s)
      : unescapeUnicode;
  controller.onMessage = (tokens: string[]): void => {
    const bad = sanitizeErrorFrame(tokens, controller.serverVersion, unescape);
    if (bad) hooks.onMalformed(bad);
    onMessage(tokens);
  };
  let crashed = false;
  controller.processIngressQueue = (): void => {
    if (crashed) return; // the queue is corrupt; the connection is being recycled
    try {
      processIngressQueue();
    } catch (error) {
      crashed = true;
      hooks.onCrash(error);
    }
  };
  return true;
}

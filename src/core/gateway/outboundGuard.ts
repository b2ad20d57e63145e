/**
 * The last line before the TWS socket: no field containing a NUL ever leaves the gateway, whoever asks.
 *
 * TWS frames are NUL-separated fields, and @stoqey/ib writes strings as they are: a NUL inside a string (an
 * orderRef, an account, an exchange, a search pattern) becomes a field separator, every later field shifts, and
 * TWS acts on a different message from the one we built (a plain order became the child of another). The API's
 * schemas refuse control characters long before this, but the gateway must not depend on every caller having
 * validated: so the IBApi each session uses is wrapped here, and no other reference to it is kept.
 *
 *  1. Every method call on the wrapped IBApi has its arguments scanned (contracts, orders, nested legs and tag
 *     values included). A NUL anywhere refuses the call synchronously with a GatewayError('invalid_request'):
 *     the caller hears why, and nothing is queued.
 *  2. Backstop on the wire side: the controller's `sendMsg`, through which the encoder hands over every encoded
 *     message, drops any message with a NUL inside a field and reports it. Only a path that bypassed (1), such as
 *     the library sending on its own, could reach it; it must never fire.
 *
 * The library is pinned at 1.6.10 (unmodified); if `sendMsg` is not where we expect it, (1) still holds and
 * `installed.wire` says the backstop is off.
 */
import type { IBApi } from '@stoqey/ib';
import { GatewayError } from './errors.js';

export interface OutboundGuardHooks {
  /** A message was refused; `where` names the method and the offending field, never its value. */
  onRefused(where: string): void;
}

/** Nested objects deeper than this are not scanned (contracts and orders are 3 levels at most). */
const MAX_DEPTH = 8;

/** Path of the first string holding a NUL inside `value` ('' for `value` itself), or null when there is none. */
export function findNul(value: unknown, path = '', depth = 0, seen = new Set<object>()): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return null;
  seen.add(value);
  for (const [key, inner] of Object.entries(value)) {
    const found = findNul(inner, path ? `${path}.${key}` : key, depth + 1, seen);
    if (found !== null) return found;
  }
  return null;
}

/** '2.orderRef' (a path into the arguments array) → 'argument 3 field orderRef'. */
function describeArgument(path: string): string {
  const dot = path.indexOf('.');
  const index = Number(dot < 0 ? path : path.slice(0, dot));
  return dot < 0 ? `argument ${index + 1}` : `argument ${index + 1} field ${path.slice(dot + 1)}`;
}

function refusal(method: string, field: string): string {
  return `refused to send ${method} to TWS: ${field} contains a NUL character, which TWS reads as a field separator`;
}

interface ControllerLike {
  sendMsg(...tokens: unknown[]): void;
}

/** Wraps `api`; use only the returned object from then on. */
export function guardOutbound(api: IBApi, hooks: OutboundGuardHooks): { api: IBApi; installed: { wire: boolean } } {
  const wire = installWireBackstop(api, hooks);
  const wrappers = new Map<PropertyKey, unknown>();
  const guarded: IBApi = new Proxy(api, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      let wrapper = wrappers.get(prop);
      if (wrapper === undefined) {
        const method = String(prop);
        wrapper = (...args: unknown[]): unknown => {
          const at = findNul(args);
          if (at !== null) {
            const field = describeArgument(at);
            hooks.onRefused(`${method} (${field})`);
            throw new GatewayError('invalid_request', refusal(method, field));
          }
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          // IBApi's request methods return `this` for chaining: hand out the guarded object, never the raw one.
          return result === target ? guarded : result;
        };
        wrappers.set(prop, wrapper);
      }
      return wrapper;
    },
  });
  return { api: guarded, installed: { wire } };
}

function installWireBackstop(api: IBApi, hooks: OutboundGuardHooks): boolean {
  const controller = (api as unknown as { controller?: ControllerLike }).controller;
  if (!controller || typeof controller.sendMsg !== 'function') return false;
  const sendMsg = controller.sendMsg.bind(controller);
  controller.sendMsg = (...tokens: unknown[]): void => {
    const at = findNul(tokens);
    if (at !== null) {
      // Dropped, not thrown: a throw here would unwind through @stoqey/ib's command buffer and stall its queue.
      hooks.onRefused(`encoded message ${String((tokens.flat(Infinity) as unknown[])[0])} (token ${at})`);
      return;
    }
    sendMsg(...tokens);
  };
  return true;
}

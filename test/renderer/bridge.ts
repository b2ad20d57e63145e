/**
 * Stands in for src/preload in the browser: builds `window.edgerunner` with exactly the EdgerunnerDesktopApi
 * shape from the SAME method → channel table the preload uses (INVOKE_METHODS / EVENT_METHODS in
 * src/common/ipcChannels.ts). The page only forwards (method, arguments); Node turns them into (channel,
 * payload) with the preload's own payloadOf / logPayload, so a call here sends exactly what the preload would.
 * Node answers through one exposed binding that validates the payload with the same guard main uses
 * (src/main/ipc/ipcGuard.ts) and calls D's controller.
 */
import type { Page } from 'playwright-core';
import { EVENT_METHODS, INVOKE_METHODS, SEND, logPayload, payloadOf, type EventChannel, type LogLevelName } from '../../src/common/ipc.js';

/** Runs in the page before any of its scripts (addInitScript). Plain JS: it is sent to the browser as text. */
function bridgeScript(): string {
  return `(() => {
  const invokeMethods = ${JSON.stringify(Object.keys(INVOKE_METHODS))};
  const eventMethods = ${JSON.stringify(EVENT_METHODS)};
  const listeners = new Map();
  const api = {};
  for (const name of invokeMethods) {
    api[name] = (...args) => window.__edgerunnerInvoke(name, args);
  }
  for (const [name, channel] of Object.entries(eventMethods)) {
    api[name] = (listener) => {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => { set.delete(listener); };
    };
  }
  api.log = (level, message) => { void window.__edgerunnerLog(level, message); };
  Object.defineProperty(window, '__edgerunnerPush', {
    value: (channel, payload) => { for (const fn of [...(listeners.get(channel) || [])]) fn(payload); },
  });
  Object.defineProperty(window, 'edgerunner', { value: Object.freeze(api), enumerable: true });
})();`;
}

export interface BridgeBackend {
  /** Validated (channel, payload) → answer; throwing rejects the page's promise with the message. */
  invoke(channel: string, payload: unknown): Promise<unknown>;
  send(channel: string, payload: unknown): void;
  /** Subscribe to pushes; returns an unsubscribe. */
  onEvent(listener: (channel: EventChannel, payload: unknown) => void): () => void;
}

/** Installs the bridge on a page (before navigation) and forwards every backend push into it. */
export async function installBridge(page: Page, backend: BridgeBackend): Promise<() => void> {
  await page.exposeBinding('__edgerunnerInvoke', (_source, method: string, args: unknown[]) => {
    const m = Object.hasOwn(INVOKE_METHODS, method) ? INVOKE_METHODS[method as keyof typeof INVOKE_METHODS] : undefined;
    if (!m) throw new Error(`window.edgerunner has no method ${method}`);
    return backend.invoke(m.channel, payloadOf(m.payload, args));
  });
  await page.exposeBinding('__edgerunnerLog', (_source, level: LogLevelName, message: unknown) => backend.send(SEND.log, logPayload(level, message)));
  await page.addInitScript({ content: bridgeScript() });
  return backend.onEvent((channel, payload) => {
    // The page may be navigating or closed; a lost push is what a closed window would lose too.
    page.evaluate(`window.__edgerunnerPush && window.__edgerunnerPush(${JSON.stringify(channel)}, ${JSON.stringify(payload)})`).catch(() => undefined);
  });
}

/**
 * The one method → channel table (src/common/ipcChannels.ts): every `window.edgerunner` call, turned into its
 * payload the way the preload (and the renderer tests' bridge) do it, passes main's own guard; and the BUILT
 * preload bundle, run against a recording fake of `electron`, exposes exactly the API and sends what the table
 * says, so the shipped file and the test stand-in cannot differ.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs build script without type declarations
import { buildDesktop } from '../../build/build-desktop.mjs';
import {
  EVENT_METHODS,
  EVENTS,
  INVOKE_METHODS,
  LOG_MESSAGE_MAX,
  SEND,
  payloadOf,
  type EdgerunnerDesktopApi,
  type InvokeMethod,
} from '../../src/common/ipc.js';
import { validateInvokePayload, validateSendPayload } from '../../src/main/ipc/ipcGuard.js';

/** Typical calls of every request method, typed by the API itself (a new method without a row fails tsc). */
const CALLS: { [M in InvokeMethod]: Parameters<EdgerunnerDesktopApi[M]>[] } = {
  getStatus: [[]],
  connect: [[]],
  disconnect: [[]],
  setMode: [['live'], ['paper']],
  getSettings: [[]],
  validateSettings: [[{ server: { port: 3001 } }]],
  saveSettings: [[{ server: { port: 3001 } }], [{ a: 1 }, {}], [{ a: 1 }, { confirmServerRestart: true }], [{ a: 1 }, { confirmServerRestart: undefined }]],
  listClients: [[]],
  disconnectClient: [['client-1']],
  recentErrors: [[], [undefined], [20]],
  recentLogs: [[], [{ limit: 10 }], [{ level: 'warn' }]],
  todaysOrders: [[]],
  setKillSwitch: [[true], [false]],
  getAccessToken: [[]],
  copyAccessToken: [[]],
  rotateAccessToken: [[]],
  setCredentials: [['trader', 'long enough password']],
  getSecretStorageStatus: [[]],
  trafficHistory: [[]],
  checkForUpdates: [[]],
  getUpdateStatus: [[]],
  restartToUpdate: [[]],
  openLogsFolder: [[]],
  simulateFault: [['tws-restart'], ['competing-session-over']],
};

describe('the method → channel table', () => {
  it("turns every call into a payload main's guard accepts", () => {
    for (const [method, calls] of Object.entries(CALLS) as [InvokeMethod, unknown[][]][]) {
      const { channel, payload } = INVOKE_METHODS[method];
      for (const args of calls) {
        const checked = validateInvokePayload(channel, payloadOf(payload, args));
        expect(checked.ok ? 'ok' : checked.error, `${method}(${JSON.stringify(args)})`).toBe('ok');
      }
    }
  });

  it('leaves out what was not given (strict schemas treat a present undefined as a value)', () => {
    expect(payloadOf(INVOKE_METHODS.saveSettings.payload, [{ a: 1 }, { confirmServerRestart: undefined }])).toEqual({ settings: { a: 1 } });
    expect(payloadOf(INVOKE_METHODS.saveSettings.payload, [{ a: 1 }, { confirmServerRestart: false, extra: 1 }])).toEqual({
      settings: { a: 1 },
      confirmServerRestart: false,
    });
    expect(payloadOf(INVOKE_METHODS.recentErrors.payload, [])).toBeUndefined();
    expect(payloadOf(INVOKE_METHODS.setCredentials.payload, ['u', 'p'])).toEqual({ username: 'u', password: 'p' });
  });

  it('covers every event channel once', () => {
    expect(Object.values(EVENT_METHODS).sort()).toEqual(Object.values(EVENTS).sort());
    expect(new Set(Object.values(INVOKE_METHODS).map((m) => m.channel)).size).toBe(Object.keys(INVOKE_METHODS).length);
  });
});

interface Recorded {
  exposed: Map<string, Record<string, (...a: unknown[]) => unknown>>;
  invoked: [string, unknown][];
  sent: [string, unknown][];
  listeners: Map<string, Set<(...a: unknown[]) => void>>;
}

/** Runs the CommonJS preload bundle with `require('electron')` answered by a recording fake. */
function runPreload(code: string): Recorded {
  const r: Recorded = { exposed: new Map(), invoked: [], sent: [], listeners: new Map() };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...a: unknown[]) => unknown>) => r.exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, payload: unknown) => {
        r.invoked.push([channel, payload]);
        return Promise.resolve(`answer of ${channel}`);
      },
      send: (channel: string, payload: unknown) => void r.sent.push([channel, payload]),
      on: (channel: string, fn: (...a: unknown[]) => void) => {
        if (!r.listeners.has(channel)) r.listeners.set(channel, new Set());
        r.listeners.get(channel)!.add(fn);
      },
      removeListener: (channel: string, fn: (...a: unknown[]) => void) => void r.listeners.get(channel)?.delete(fn),
    },
  };
  const module = { exports: {} };
  const require = (id: string) => {
    if (id !== 'electron') throw new Error(`the preload required ${id}`);
    return electron;
  };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return r;
}

describe('the built preload', () => {
  it('exposes exactly the API, sending what the table says', async () => {
    const { preload } = (await buildDesktop({ write: false })) as { preload: { outputFiles: { path: string; text: string }[] } };
    const r = runPreload(preload.outputFiles.find((f) => f.path.endsWith('preload.cjs'))!.text);
    const api = r.exposed.get('edgerunner')!;
    expect([...r.exposed.keys()]).toEqual(['edgerunner']);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(INVOKE_METHODS), ...Object.keys(EVENT_METHODS), 'log'].sort());

    for (const [method, calls] of Object.entries(CALLS) as [InvokeMethod, unknown[][]][]) {
      for (const args of calls) {
        const { channel, payload } = INVOKE_METHODS[method];
        await expect(api[method]!(...args)).resolves.toBe(`answer of ${channel}`);
        expect(r.invoked.at(-1), method).toEqual([channel, payloadOf(payload, args)]);
      }
    }

    // A subscription hears its own channel, never gets the IpcRendererEvent, and unsubscribes.
    const heard: unknown[] = [];
    const off = api.onStatus!((s: unknown) => heard.push(s)) as () => void;
    for (const fn of r.listeners.get(EVENTS.status) ?? []) fn({ sender: 'ipcRenderer!' }, { status: 1 });
    expect(heard).toEqual([{ status: 1 }]);
    off();
    expect(r.listeners.get(EVENTS.status)?.size).toBe(0);

    api.log!('warn', 'x'.repeat(LOG_MESSAGE_MAX + 10));
    const [channel, payload] = r.sent.at(-1)!;
    expect(channel).toBe(SEND.log);
    expect(validateSendPayload(SEND.log, payload).ok).toBe(true);
  });
});

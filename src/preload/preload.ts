/**
 * The only bridge between the sandboxed window and main: exposes `window.edgerunner` (EdgerunnerDesktopApi)
 * through contextBridge. It forwards typed calls to fixed channels and nothing else: no ipcRenderer, no
 * Node, no generic "send any channel" escape hatch reaches the page. Main validates every payload anyway.
 *
 * Which method uses which channel, and how its arguments become the payload, is the shared table in
 * src/common/ipcChannels.ts (the renderer tests' stand-in bridge is built from the same table).
 *
 * Bundled as CommonJS (sandboxed preloads cannot be ES modules).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_METHODS, INVOKE_METHODS, SEND, logPayload, payloadOf, type EventChannel } from '../common/ipcChannels.js';
import type { EdgerunnerDesktopApi, LogLevelName } from '../common/ipc.js';

function subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void {
  // Never hand the IpcRendererEvent to the page: it carries `sender`, a handle to ipcRenderer itself.
  const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => void ipcRenderer.removeListener(channel, wrapped);
}

const api: Record<string, unknown> = {};
for (const [method, { channel, payload }] of Object.entries(INVOKE_METHODS)) {
  api[method] = (...args: unknown[]) => ipcRenderer.invoke(channel, payloadOf(payload, args));
}
for (const [method, channel] of Object.entries(EVENT_METHODS)) {
  api[method] = (listener: (payload: unknown) => void) => subscribe(channel, listener);
}
api.log = (level: LogLevelName, message: string) => ipcRenderer.send(SEND.log, logPayload(level, message));

// The tables are typed against EdgerunnerDesktopApi (every method has a row), so this object has its shape.
contextBridge.exposeInMainWorld('edgerunner', api as unknown as EdgerunnerDesktopApi);

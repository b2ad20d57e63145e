/**
 * The only bridge between the sandboxed window and main: exposes `window.edgerunner` (EdgerunnerDesktopApi)
 * through contextBridge. It forwards typed calls to fixed channels and nothing else: no ipcRenderer, no
 * Node, no generic "send any channel" escape hatch reaches the page. Main validates every payload anyway.
 *
 * Bundled as CommonJS (sandboxed preloads cannot be ES modules).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENTS, INVOKE, SEND, type EventChannel, type InvokeChannel } from '../common/ipcChannels.js';
import type { EdgerunnerDesktopApi, IpcEvents, IpcResponses } from '../common/ipc.js';

function invoke<C extends InvokeChannel>(channel: C, payload?: unknown): Promise<IpcResponses[C]> {
  return ipcRenderer.invoke(channel, payload) as Promise<IpcResponses[C]>;
}

function subscribe<C extends EventChannel>(channel: C, listener: (payload: IpcEvents[C]) => void): () => void {
  // Never hand the IpcRendererEvent to the page: it carries `sender`, a handle to ipcRenderer itself.
  const wrapped = (_event: IpcRendererEvent, payload: IpcEvents[C]) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => void ipcRenderer.removeListener(channel, wrapped);
}

const api: EdgerunnerDesktopApi = {
  getStatus: () => invoke(INVOKE.getStatus),
  onStatus: (l) => subscribe(EVENTS.status, l),
  connect: () => invoke(INVOKE.connect),
  disconnect: () => invoke(INVOKE.disconnect),
  setMode: (mode) => invoke(INVOKE.setMode, { mode }),
  getSettings: () => invoke(INVOKE.getSettings),
  validateSettings: (settings) => invoke(INVOKE.validateSettings, { settings }),
  saveSettings: (settings, options) =>
    invoke(INVOKE.saveSettings, options?.confirmServerRestart === undefined ? { settings } : { settings, confirmServerRestart: options.confirmServerRestart }),
  listClients: () => invoke(INVOKE.listClients),
  disconnectClient: (id) => invoke(INVOKE.disconnectClient, { id }),
  recentErrors: (limit) => invoke(INVOKE.recentErrors, limit === undefined ? undefined : { limit }),
  recentLogs: (query) => invoke(INVOKE.recentLogs, query),
  onLog: (l) => subscribe(EVENTS.log, l),
  onIbError: (l) => subscribe(EVENTS.ibError, l),
  todaysOrders: () => invoke(INVOKE.todaysOrders),
  onOrder: (l) => subscribe(EVENTS.order, l),
  setKillSwitch: (active) => invoke(INVOKE.setKillSwitch, { active }),
  getAccessToken: () => invoke(INVOKE.getAccessToken),
  copyAccessToken: () => invoke(INVOKE.copyAccessToken),
  rotateAccessToken: () => invoke(INVOKE.rotateAccessToken),
  setCredentials: (username, password) => invoke(INVOKE.setCredentials, { username, password }),
  getSecretStorageStatus: () => invoke(INVOKE.getSecretStorageStatus),
  trafficHistory: () => invoke(INVOKE.trafficHistory),
  onTraffic: (l) => subscribe(EVENTS.traffic, l),
  checkForUpdates: () => invoke(INVOKE.checkForUpdates),
  getUpdateStatus: () => invoke(INVOKE.getUpdateStatus),
  onUpdateStatus: (l) => subscribe(EVENTS.updateStatus, l),
  restartToUpdate: () => invoke(INVOKE.restartToUpdate),
  openLogsFolder: () => invoke(INVOKE.openLogsFolder),
  log: (level, message) => ipcRenderer.send(SEND.log, { level, message: String(message).slice(0, 8_192) }),
};

contextBridge.exposeInMainWorld('edgerunner', api);

/**
 * The IPC channel names of the desktop app (part of the contract in ipc.ts, which re-exports them). Plain
 * constants without zod, so the sandboxed preload can import them without bundling a schema library.
 */
/** Request / response channels (ipcRenderer.invoke → ipcMain.handle). */
export const INVOKE = {
  getStatus: 'status:get',
  connect: 'gateway:connect',
  disconnect: 'gateway:disconnect',
  setMode: 'gateway:set-mode',
  getSettings: 'settings:get',
  validateSettings: 'settings:validate',
  saveSettings: 'settings:save',
  listClients: 'clients:list',
  disconnectClient: 'clients:disconnect',
  recentErrors: 'errors:recent',
  recentLogs: 'logs:recent',
  todaysOrders: 'orders:today',
  setKillSwitch: 'trading:kill-switch',
  getAccessToken: 'auth:get-access-token',
  copyAccessToken: 'auth:copy-access-token',
  rotateAccessToken: 'auth:rotate-access-token',
  setCredentials: 'auth:set-credentials',
  trafficHistory: 'traffic:history',
  checkForUpdates: 'updates:check',
  getUpdateStatus: 'updates:get-status',
  restartToUpdate: 'updates:restart',
  getSecretStorageStatus: 'security:secret-storage',
  openLogsFolder: 'app:open-logs-folder',
} as const;
export type InvokeChannel = (typeof INVOKE)[keyof typeof INVOKE];

/** Fire-and-forget channels from the window (ipcRenderer.send → ipcMain.on). */
export const SEND = {
  log: 'log:write',
} as const;
export type SendChannel = (typeof SEND)[keyof typeof SEND];

/** Pushes from main to the window (webContents.send → ipcRenderer.on). */
export const EVENTS = {
  status: 'event:status',
  traffic: 'event:traffic',
  log: 'event:log',
  order: 'event:order',
  ibError: 'event:ib-error',
  updateStatus: 'event:update-status',
} as const;
export type EventChannel = (typeof EVENTS)[keyof typeof EVENTS];


/**
 * Electron entry point: the thin shell. It wires Electron's objects (tray, window, IPC, notifications,
 * updater, login items, keychain) to the DesktopController, which hosts the same proxy core as headless mode.
 * Every decision (menus, notifications, validation, settings recovery, update timing) lives in tested modules.
 */
import path from 'node:path';
import { app, clipboard, dialog, safeStorage, session, shell } from 'electron';
import ElectronStore from 'electron-store';
import { createLogger } from '../core/logging/index.js';
import { SECRETS_FILE } from '../core/app.js';
import { DesktopController } from './app/desktopController.js';
import { createDesktopCore } from './app/desktopCore.js';
import { parseLaunchOptions, shouldOpenMonitorOnStart } from './app/launchOptions.js';
import { registerIpc, forwardEvents } from './ipc/registerIpc.js';
import { showNotification } from './notifications/notifier.js';
import { chooseDesktopCipher } from './secrets/desktopCipher.js';
import { createSafeStorageCipher } from '../core/secrets/index.js';
import { secretStorageStatus } from './secrets/secretStorageStatus.js';
import { DesktopSettingsStore, type JsonStore } from './settings/desktopSettingsStore.js';
import { TrayController } from './tray/trayController.js';
import { modeSwitchNeedsConfirmation, type TrayAction } from './tray/trayMenuModel.js';
import { trayStateFrom } from './tray/trayState.js';
import { createAutoUpdate } from './updates/autoUpdate.js';
import { hardenSession, MonitorWindow } from './window/monitorWindow.js';
import { registerRendererScheme, serveRenderer } from './window/rendererProtocol.js';

const SHUTDOWN_DEADLINE_MS = 15_000;
const launch = parseLaunchOptions(process.argv, process.env);
if (launch.userDataDir) app.setPath('userData', path.resolve(launch.userDataDir));

// A second launch (double-clicked again, or started at login twice) focuses the first instead of fighting it for port 3001.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerRendererScheme();
  void main();
}

async function main(): Promise<void> {
  let quitting = false;
  let stopped = false;
  let controller: DesktopController | null = null;
  let monitor: MonitorWindow | null = null;
  let cleanupCore: () => Promise<void> = async () => {};

  // Tray app: closing the window must not quit, and macOS shows no dock icon.
  app.on('window-all-closed', () => {});
  app.on('second-instance', () => monitor?.show());

  const shutdown = async () => {
    const deadline = setTimeout(() => app.exit(1), SHUTDOWN_DEADLINE_MS);
    try {
      await controller?.stop();
      await cleanupCore();
    } finally {
      clearTimeout(deadline);
    }
  };
  // Quit from anywhere (tray, OS logout, Cmd+Q) runs the same graceful shutdown as headless before exiting.
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    void shutdown().finally(() => {
      stopped = true;
      app.quit();
    });
  });

  await app.whenReady();
  app.dock?.hide();

  const userData = app.getPath('userData');
  const store = DesktopSettingsStore.open(path.join(userData, 'settings.json'), () => new ElectronStore<Record<string, unknown>>({ cwd: userData, name: 'settings', clearInvalidConfig: false }) as unknown as JsonStore);
  const initial = store.get();
  const logger = createLogger({
    file: path.join(app.getPath('logs'), 'main.log'),
    level: initial.logging.level,
    maxFileSize: initial.logging.maxFileSize,
    console: !app.isPackaged,
  });
  if (store.warning) logger.warn(store.warning);

  const keychain = createSafeStorageCipher(safeStorage);
  const secrets = chooseDesktopCipher(keychain, secretStorageStatus(keychain, safeStorage, process.platform), path.join(launch.demo ? path.join(userData, 'demo') : userData, SECRETS_FILE));
  if (secrets.sessionOnly) logger.warn(`Secrets are session-only: ${secrets.status.warning ?? ''}`);

  // Electron's reading of package.json (inside the asar); the bundle's productVersion() says the same (build-time define).
  const version = app.getVersion();
  const rendererDir = path.join(app.getAppPath(), 'dist-renderer');
  const core = createDesktopCore({ mode: launch.demo ? 'demo' : 'desktop', dataDir: userData, logger, cipher: secrets.cipher, version, consoleDir: rendererDir });
  cleanupCore = core.cleanup;

  const updates = createAutoUpdate({
    version,
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    logger,
    // quitAndInstall closes the windows before 'before-quit': mark quitting first so the window lets itself close.
    beforeInstall: async () => {
      quitting = true;
      stopped = true;
      await shutdown();
    },
  });

  const ses = session.defaultSession;
  hardenSession(ses);
  serveRenderer(ses, rendererDir);
  monitor = new MonitorWindow({
    preloadPath: path.join(app.getAppPath(), 'dist', 'preload', 'preload.cjs'),
    session: ses,
    isQuitting: () => quitting,
    onRefused: (what) => logger.warn(`Monitor window: refused ${what}.`),
  });
  const win = monitor;

  const ctl = new DesktopController({
    appMode: launch.demo ? 'demo' : 'desktop',
    version,
    settings: store,
    logger,
    startCore: core.startCore,
    ...(core.faults ? { faults: core.faults } : {}),
    updates,
    secretStorage: secrets.status,
    shell: {
      writeClipboard: (text) => clipboard.writeText(text),
      openPath: (dir) => shell.openPath(dir),
      setStartAtLogin: (openAtLogin) => app.setLoginItemSettings({ openAtLogin, args: ['--hidden'] }),
      notify: (n) => showNotification(n, () => win.show()),
      logsDir: app.getPath('logs'),
    },
  });
  controller = ctl;

  registerIpc(ctl, () => ({ webContentsId: win.webContentsId }), logger);
  forwardEvents(ctl, (channel, payload) => win.send(channel, payload));

  const trayDir = app.isPackaged ? path.join(process.resourcesPath, 'tray') : path.join(app.getAppPath(), 'build', 'tray');
  const trayState = () => trayStateFrom(ctl.status(), ctl.settings.startup, process.platform);
  const confirm = async (message: string, detail: string, ok: string) =>
    (await dialog.showMessageBox({ type: 'warning', message, detail, buttons: [ok, 'Cancel'], defaultId: 1, cancelId: 1 })).response === 0;
  const report = (result: { ok: boolean; error?: string }) => {
    if (!result.ok) void dialog.showMessageBox({ type: 'error', message: 'Edgerunner IBKR Proxy', detail: result.error ?? 'Failed.' });
  };

  const onAction = async (action: TrayAction): Promise<void> => {
    switch (action) {
      case 'connect':
        return report(await ctl.connect());
      case 'disconnect':
        return report(await ctl.disconnect());
      case 'mode-live':
      case 'mode-paper': {
        const to = action === 'mode-live' ? 'live' : 'paper';
        if (modeSwitchNeedsConfirmation(trayState().mode, to) && !(await confirm('Switch to LIVE trading?', 'Orders placed from now on use real money.', 'Switch to live'))) return;
        return report(await ctl.setMode(to));
      }
      case 'open-monitor':
        return win.show();
      case 'open-settings':
        return win.show('settings');
      case 'copy-token':
        return report(ctl.copyAccessToken());
      case 'kill-switch-on':
        if (!(await confirm('Cancel all orders and block trading?', 'Every open order is cancelled and no new order is accepted until you re-enable trading.', 'Cancel all and block'))) return;
        return report(await ctl.setKillSwitch(true));
      case 'kill-switch-off':
        return report(await ctl.setKillSwitch(false));
      case 'toggle-start-at-login': {
        const s = ctl.settings;
        const r = await ctl.saveSettings({ ...s, startup: { ...s.startup, startAtLogin: !s.startup.startAtLogin } }, false);
        return report(r.status === 'saved' ? { ok: true } : { ok: false, error: 'Could not change the setting.' });
      }
      case 'check-updates':
        await updates.check();
        return;
      case 'restart-to-update':
        return report(updates.restartToUpdate());
      case 'open-logs':
        return report(await ctl.handlers['app:open-logs-folder'](undefined));
      case 'quit':
        return app.quit();
    }
  };

  const tray = new TrayController(trayDir, (a) => void onAction(a).catch((e: unknown) => logger.error('Tray action failed:', e)), trayState());
  ctl.on('status', () => tray.update(trayState()));

  try {
    const info = await ctl.start();
    if (info.generatedAccessToken) logger.info('A new access token was made; open the monitor or use "Copy access token" in the tray.');
  } catch (error) {
    // The tray stays up so the user can read why and fix the settings; nothing is retried silently.
    logger.error('The proxy could not start:', error);
    void dialog.showMessageBox({ type: 'error', message: 'The proxy could not start', detail: error instanceof Error ? error.message : String(error) });
  }
  tray.update(trayState());
  // Keep the OS login item in step with the setting (it may have been changed by hand in the OS).
  if (process.platform === 'darwin' || process.platform === 'win32') app.setLoginItemSettings({ openAtLogin: ctl.settings.startup.startAtLogin, args: ['--hidden'] });
  updates.setAutomatic(ctl.settings.updates.autoCheck);
  if (store.warning) showNotification({ title: 'Settings were reset', body: store.warning, urgency: 'critical' }, () => win.show('settings'));
  const openedAtLogin = process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
  if (shouldOpenMonitorOnStart({ ...launch, hidden: launch.hidden || openedAtLogin }, ctl.settings.startup.openMonitorOnStart)) win.show();
}

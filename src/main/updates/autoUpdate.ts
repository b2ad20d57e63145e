/**
 * electron-updater behind the UpdatesPort: background download, install on quit, "Restart to update" on
 * demand. The schedule (updateScheduler.ts) and the status (updateStatus.ts) are pure and tested; this file
 * only connects them to electron-updater's events. Any failure is logged and shown, never thrown at the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import electronUpdater from 'electron-updater';
import type { ActionResult, UpdateStatus } from '../../common/ipc.js';
import type { Logger } from '../../core/logging/index.js';
import type { UpdatesPort } from '../app/desktopController.js';
import { UpdateScheduler } from './updateScheduler.js';
import { initialUpdateStatus, reduceUpdateStatus, updatesDisabledReason, type UpdaterEvent } from './updateStatus.js';

export interface AutoUpdateOptions {
  version: string;
  isPackaged: boolean;
  resourcesPath: string;
  logger: Logger;
  /** Graceful core shutdown before the installer replaces the app. */
  beforeInstall: () => Promise<void>;
}

export function createAutoUpdate(o: AutoUpdateOptions): UpdatesPort {
  const log = o.logger.child('updates');
  const disabled = updatesDisabledReason({
    isPackaged: o.isPackaged,
    hasUpdateConfig: fs.existsSync(path.join(o.resourcesPath, 'app-update.yml')),
    platform: process.platform,
    isAppImage: Boolean(process.env.APPIMAGE),
  });
  let status: UpdateStatus = initialUpdateStatus(o.version, disabled);
  const listeners = new Set<(s: UpdateStatus) => void>();
  const apply = (e: UpdaterEvent) => {
    const next = reduceUpdateStatus(status, e);
    if (next === status) return;
    status = next;
    for (const l of listeners) l(status);
  };
  const now = () => new Date().toISOString();

  if (disabled) {
    log.info(`Auto-update off: ${disabled}`);
    return {
      status: () => status,
      check: async () => status,
      restartToUpdate: () => ({ ok: false, error: disabled }),
      setAutomatic: () => {},
      onChange: (l) => void listeners.add(l),
    };
  }

  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.logger = { info: (m: unknown) => log.info(String(m)), warn: (m: unknown) => log.warn(String(m)), error: (m: unknown) => log.error(String(m)), debug: (m: unknown) => log.debug(String(m)) };
  autoUpdater.on('checking-for-update', () => apply({ type: 'checking', at: now() }));
  autoUpdater.on('update-available', (info) => apply({ type: 'available', version: info.version }));
  autoUpdater.on('update-not-available', () => apply({ type: 'not-available', at: now() }));
  autoUpdater.on('download-progress', (p) => apply({ type: 'progress', percent: p.percent }));
  autoUpdater.on('update-downloaded', (info) => {
    log.info(`Update ${info.version} downloaded; it installs when the app quits (or now, with "Restart to update").`);
    apply({ type: 'downloaded', version: info.version });
    scheduler.stop();
  });
  autoUpdater.on('error', (error) => {
    log.warn(`Update failed: ${error.message}`);
    apply({ type: 'error', message: error.message, at: now() });
  });

  const scheduler = new UpdateScheduler(
    async () => {
      await autoUpdater.checkForUpdates();
    },
    { setTimeout: (fn, ms) => setTimeout(fn, ms).unref(), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout), now: Date.now },
    (error) => apply({ type: 'error', message: error instanceof Error ? error.message : String(error), at: now() }),
  );
  const publishNext = () => apply({ type: 'next-check', at: scheduler.nextCheckAt ? new Date(scheduler.nextCheckAt).toISOString() : null });

  return {
    status: () => status,
    async check() {
      await scheduler.checkNow();
      publishNext();
      return status;
    },
    restartToUpdate(): ActionResult {
      if (status.state !== 'downloaded') return { ok: false, error: 'No update has been downloaded yet.' };
      void o.beforeInstall().finally(() => autoUpdater.quitAndInstall(false, true));
      return { ok: true };
    },
    setAutomatic(enabled) {
      if (enabled && status.state !== 'downloaded') scheduler.start();
      else scheduler.stop();
      publishNext();
    },
    onChange: (l) => void listeners.add(l),
  };
}

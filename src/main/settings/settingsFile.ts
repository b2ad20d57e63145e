/**
 * Opens the settings file BEFORE electron-store does, and makes sure it is something the store and the core
 * schema accept: migrated to the current layout, validated by the core SettingsSchema, and, when it cannot be
 * read (bad JSON, wrong shape, invalid values), moved aside to a timestamped backup and replaced by defaults,
 * with a warning for the window and the tray. A damaged file must never stop the proxy from starting.
 *
 * Plain Node (fs only), so the recovery path is tested against a temp directory.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, safeParseSettings, type Settings } from '../../core/config/index.js';
import { CURRENT_SETTINGS_VERSION, migrateSettingsDocument, type SettingsDocument } from './migrations.js';

export type SettingsFileAction = 'created' | 'loaded' | 'migrated' | 'recovered' | 'newer';

export interface SettingsFileResult {
  settings: Settings;
  action: SettingsFileAction;
  /** A sentence to show when something was not as expected; null when all is well. */
  warning: string | null;
  backupPath: string | null;
}

export function backupName(filePath: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const ext = path.extname(filePath);
  return path.join(path.dirname(filePath), `${path.basename(filePath, ext)}.corrupt-${stamp}${ext}`);
}

/** Temp file + fsync + rename: a crash mid-write leaves the old file or the new one, never half of one. */
export function writeJsonAtomic(filePath: string, value: unknown): void {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const tmp = `${filePath}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(value, null, '\t')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, filePath);
}

export function settingsDocument(settings: Settings): SettingsDocument {
  return { schemaVersion: CURRENT_SETTINGS_VERSION, settings: structuredClone(settings) as unknown as Record<string, unknown> };
}

function recover(filePath: string, reason: string, now: Date): SettingsFileResult {
  const backupPath = backupName(filePath, now);
  fs.renameSync(filePath, backupPath);
  const settings = structuredClone(DEFAULT_SETTINGS);
  writeJsonAtomic(filePath, settingsDocument(settings));
  return {
    settings,
    action: 'recovered',
    backupPath,
    warning: `The settings file could not be used (${reason}). It was kept as ${path.basename(backupPath)} and the default settings are in use; review them in Settings.`,
  };
}

export function openSettingsFile(filePath: string, now: Date = new Date()): SettingsFileResult {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const settings = structuredClone(DEFAULT_SETTINGS);
    writeJsonAtomic(filePath, settingsDocument(settings));
    return { settings, action: 'created', warning: null, backupPath: null };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return recover(filePath, text.trim() === '' ? 'it is empty' : 'it is not valid JSON', now);
  }
  const outcome = migrateSettingsDocument(raw);
  if (outcome.kind === 'invalid') return recover(filePath, outcome.reason, now);
  const parsed = safeParseSettings(outcome.doc.settings);
  if (!parsed.ok) return recover(filePath, parsed.error.message.replace(/\.$/, ''), now);
  if (outcome.kind === 'newer') {
    return {
      settings: parsed.settings,
      action: 'newer',
      backupPath: null,
      warning: `The settings file was written by a newer version of the app (layout ${outcome.version}); settings this version does not know are ignored.`,
    };
  }
  if (outcome.kind === 'migrated') {
    writeJsonAtomic(filePath, { ...outcome.doc, settings: parsed.settings });
    return { settings: parsed.settings, action: 'migrated', warning: null, backupPath: null };
  }
  return { settings: parsed.settings, action: 'loaded', warning: null, backupPath: null };
}

/**
 * The desktop app's settings: electron-store underneath, the core SettingsSchema on top. openSettingsFile()
 * runs first (migrations, corrupt-file recovery), then the store is opened on a file known to be good.
 *
 * Depends only on the small `JsonStore` surface, which electron-store (and its plain-Node base, `conf`)
 * provide, so tests run it under Node against a temp directory.
 */
import { checkSettings, type Settings, type SettingsCheck } from '../../core/config/index.js';
import { openSettingsFile, type SettingsFileResult } from './settingsFile.js';
import { CURRENT_SETTINGS_VERSION } from './migrations.js';

/** The part of electron-store / conf this adapter uses. */
export interface JsonStore {
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export class DesktopSettingsStore {
  private current: Settings;
  private readonly listeners = new Set<(next: Settings, previous: Settings) => void>();

  private constructor(
    private readonly store: JsonStore,
    readonly opened: SettingsFileResult,
  ) {
    this.current = opened.settings;
  }

  /** `createStore` gets called only after the file was checked, so electron-store never sees a bad file. */
  static open(filePath: string, createStore: () => JsonStore, now?: Date): DesktopSettingsStore {
    const opened = openSettingsFile(filePath, now);
    return new DesktopSettingsStore(createStore(), opened);
  }

  get filePath(): string {
    return this.store.path;
  }

  /** Set when the file had to be recovered or was written by a newer version. */
  get warning(): string | null {
    return this.opened.warning;
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Validates with the core schema, stores, then tells listeners (who apply the change). */
  save(candidate: unknown): SettingsCheck {
    const result = checkSettings(candidate);
    if (!result.ok) return result;
    const previous = this.current;
    // A file from a newer version keeps its layout number, so that version can still read it.
    if (this.opened.action !== 'newer') this.store.set('schemaVersion', CURRENT_SETTINGS_VERSION);
    this.store.set('settings', result.settings);
    this.current = result.settings;
    for (const listener of this.listeners) listener(structuredClone(result.settings), previous);
    return { ok: true, settings: structuredClone(result.settings) };
  }

  onChange(listener: (next: Settings, previous: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

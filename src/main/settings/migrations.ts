/**
 * Versioned layout of the desktop settings file. The file is an electron-store JSON document:
 *
 *   { "schemaVersion": 1, "settings": { ...core SettingsSchema... } }
 *
 * Each migration lifts a document by one version; they run in order at startup, before the store is opened.
 * We number layouts ourselves instead of using electron-store's `migrations` option because that one keys on the
 * app's semver and runs inside the store constructor, where a failure is a crash and nothing is testable
 * without Electron. Migrations here are pure functions on plain objects.
 */
export const CURRENT_SETTINGS_VERSION = 1;

export type SettingsDocument = { schemaVersion: number; settings: Record<string, unknown> } & Record<string, unknown>;

export interface Migration {
  /** The version this migration produces; it runs on documents at `to - 1`. */
  to: number;
  description: string;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    // Version 0 is a bare settings object (what headless mode's schema looks like, and what a hand-written file
    // usually is): wrap it so desktop-only bookkeeping can live next to it.
    description: 'wrap a bare settings object as { schemaVersion, settings }',
    up: (doc) => ({ schemaVersion: 1, settings: doc }),
  },
];

export type MigrationOutcome =
  | { kind: 'current'; doc: SettingsDocument }
  | { kind: 'migrated'; doc: SettingsDocument; from: number; applied: string[] }
  /** Written by a newer app: read what we understand, but never rewrite it (a downgrade must not lose data). */
  | { kind: 'newer'; doc: SettingsDocument; version: number }
  | { kind: 'invalid'; reason: string };

export function documentVersion(raw: Record<string, unknown>): number | null {
  if (!Object.hasOwn(raw, 'schemaVersion')) return 0;
  const v = raw.schemaVersion;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
}

export function migrateSettingsDocument(
  raw: unknown,
  migrations: readonly Migration[] = MIGRATIONS,
  current: number = CURRENT_SETTINGS_VERSION,
): MigrationOutcome {
  if (!isRecord(raw)) return { kind: 'invalid', reason: 'the file does not hold a JSON object' };
  const from = documentVersion(raw);
  if (from === null) return { kind: 'invalid', reason: 'schemaVersion is not a whole number' };
  let doc: Record<string, unknown> = raw;
  const applied: string[] = [];
  for (let v = from; v < current; v++) {
    const step = migrations.find((m) => m.to === v + 1);
    if (!step) return { kind: 'invalid', reason: `no migration from settings version ${v} to ${v + 1}` };
    try {
      doc = step.up(structuredClone(doc));
    } catch (error) {
      return { kind: 'invalid', reason: `migration to version ${step.to} failed: ${(error as Error).message}` };
    }
    applied.push(step.description);
  }
  if (!isRecord(doc.settings)) return { kind: 'invalid', reason: '"settings" is not an object' };
  const shaped = { ...doc, schemaVersion: Math.max(from, current), settings: doc.settings } as SettingsDocument;
  if (from > current) return { kind: 'newer', doc: shaped, version: from };
  return applied.length ? { kind: 'migrated', doc: shaped, from, applied } : { kind: 'current', doc: shaped };
}

/**
 * Turns a zod failure of SettingsSchema into the one sentence a trader reads: the key, what is allowed, and
 * what was given. Headless names environment variables (PORT), the desktop names settings paths (server.port).
 */
import { z } from 'zod';
import type { SettingsIssue } from '../../common/consoleShapes.js';
import { ConfigError, quoteValue } from './configError.js';
import { fieldByPath, type SettingsField } from './settingsFields.js';
import { SettingsSchema, type Settings } from './settingsSchema.js';

export type KeyNamer = (field: SettingsField | undefined, path: string) => string;

const byPath: KeyNamer = (_field, path) => path;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

export function settingsIssueToError(error: z.ZodError, input: unknown, keyName: KeyNamer = byPath): ConfigError {
  const issue = error.issues[0];
  if (!issue) return new ConfigError('settings', 'The settings are invalid.');
  const path = issue.path.map(String).join('.');
  const field = fieldByPath(path);
  const key = keyName(field, path);
  if (issue.code === 'custom') {
    // Cross-field messages name the other key as {dotted.path}; name it the way the user names keys.
    const text = issue.message.replace(/\{([\w.]+)\}/g, (_m, other: string) => keyName(fieldByPath(other), other));
    return new ConfigError(key, `${key} must be ${text}.`);
  }
  const allowed = field?.allowed ?? issue.message;
  const got = valueAt(input, issue.path);
  const gotText = got === undefined ? '' : ` (got ${quoteValue(got)})`;
  return new ConfigError(key, `${key} must be ${allowed}${gotText}.`);
}

/** Parse a (possibly partial) settings object; throws ConfigError with one sentence naming the first bad key. */
export function parseSettings(input: unknown, keyName?: KeyNamer): Settings {
  const result = SettingsSchema.safeParse(input ?? {});
  if (!result.success) throw settingsIssueToError(result.error, input, keyName);
  return result.data;
}

/** Non-throwing variant for the desktop store, which shows the sentence and falls back to defaults. */
export function safeParseSettings(input: unknown): { ok: true; settings: Settings } | { ok: false; error: ConfigError } {
  try {
    return { ok: true, settings: parseSettings(input) };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, error };
    throw error;
  }
}

export type SettingsCheck = { ok: true; settings: Settings } | { ok: false; issues: SettingsIssue[] };

/**
 * Every failing key with its sentence (parseSettings reports the first one only; a settings form shows them
 * all). The desktop's settings store and the web console's validation both ask this.
 */
export function checkSettings(candidate: unknown): SettingsCheck {
  const result = SettingsSchema.safeParse(candidate ?? {});
  if (result.success) return { ok: true, settings: result.data };
  const seen = new Set<string>();
  const issues: SettingsIssue[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (seen.has(path)) continue;
    seen.add(path);
    issues.push({ path, message: settingsIssueToError(new z.ZodError([issue]), candidate).message });
  }
  return { ok: false, issues };
}

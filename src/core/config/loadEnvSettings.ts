/**
 * Headless configuration: `.env` (dotenv format) overlaid by the real environment (environment wins), read
 * into the shared SettingsSchema. A bad value throws a ConfigError whose message is one sentence naming the
 * environment variable, e.g. `PORT must be an integer from 0 to 65535 (0 picks a free port) (got "abc").`
 *
 * The .env file is parsed, never loaded into process.env, so a secret in it does not leak into child processes.
 */
import path from 'node:path';
import { ConfigError, quoteValue } from './configError.js';
import { demoClockConfig, type DemoClockConfig } from './demoClockConfig.js';
import { readEnvLayers } from './envLayers.js';
import { RUNTIME_ENV_KEYS, SETTINGS_FIELDS, type SettingsField } from './settingsFields.js';
import type { Settings } from './settingsSchema.js';
import { parseSettings } from './validateSettings.js';
import { secretsFromEnv, type HeadlessSecretsFromEnv } from './envSecrets.js';
import { present, type Env } from './envValue.js';

export type { Env } from './envValue.js';
export type { DemoClockConfig } from './demoClockConfig.js';
export { readEnvLayers } from './envLayers.js';

export type { HeadlessSecretsFromEnv } from './envSecrets.js';

export interface HeadlessConfig {
  settings: Settings;
  /** Absolute path of DATA_DIR (secrets file, generated encryption key, orders journal). */
  dataDir: string;
  /** Absolute path of the log file, or null when LOG_FILE is set empty. */
  logFile: string | null;
  secrets: HeadlessSecretsFromEnv;
  /** NODE_ENV=production: example secrets are refused instead of replaced (envSecrets.ts). */
  production: boolean;
  /** Demo mode's simulated market clock (ignored by `serve`). */
  demo: DemoClockConfig;
  /** Things worth a warning line at startup (unknown keys in .env), never fatal. */
  warnings: string[];
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function fail(key: string, field: SettingsField, raw: string): never {
  throw new ConfigError(key, `${key} must be ${field.allowed} (got ${quoteValue(raw)}).`);
}

/** `key` is the variable the value came from (the field's own name or its seedEnv), for the error sentence. */
function convert(field: SettingsField, raw: string, key: string): unknown {
  switch (field.kind) {
    case 'int':
      return /^-?\d{1,16}$/.test(raw) ? Number(raw) : fail(key, field, raw);
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : fail(key, field, raw);
    case 'bool': {
      const v = raw.toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      return fail(key, field, raw);
    }
    case 'bytes': {
      const m = /^(\d{1,12})\s*(b|kb|mb)?$/i.exec(raw);
      if (!m) return fail(key, field, raw);
      const unit = (m[2] ?? 'b').toLowerCase();
      return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
    }
    case 'list': {
      const items = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      return field.path.endsWith('allowedOrderTypes') ? items.map((s) => s.toUpperCase()) : items;
    }
    case 'string':
      // HOST=[::1] is how people write IPv6 in URLs; the schema wants the bare address.
      return field.path === 'server.host' ? raw.replace(/^\[(.*)\]$/, '$1') : raw;
  }
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let cur = target;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (next === undefined || next === null || typeof next !== 'object') cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1] as string] = value;
}

/**
 * The value of a field from its own variable or from the original proxy's name for it (seedEnv). Both given:
 * the same value is fine (an old .env next to a new key), different values stop startup with one sentence.
 */
function readField(env: Env, field: SettingsField): { key: string; value: unknown } | undefined {
  const ownKey = field.env as string;
  const own = present(env, ownKey);
  const seed = field.seedEnv ? present(env, field.seedEnv) : undefined;
  if (seed === undefined || field.seedEnv === undefined) return own === undefined ? undefined : { key: ownKey, value: convert(field, own, ownKey) };
  const seedValue = convert(field, seed, field.seedEnv);
  if (own === undefined) return { key: field.seedEnv, value: seedValue };
  const ownValue = convert(field, own, ownKey);
  if (JSON.stringify(ownValue) !== JSON.stringify(seedValue)) {
    throw new ConfigError(
      field.seedEnv,
      `${field.seedEnv} (the original proxy's name) and ${ownKey} set the same setting to different values (${quoteValue(seed)} and ${quoteValue(own)}); keep one of them.`,
    );
  }
  return { key: ownKey, value: ownValue };
}

export function settingsFromEnvVars(env: Env): Settings {
  const input: Record<string, unknown> = {};
  // Which variable each setting came from, so an error names the key the user actually wrote.
  const keyOf = new Map<string, string>();
  for (const field of SETTINGS_FIELDS) {
    if (!field.env) continue;
    const read = readField(env, field);
    if (read === undefined) continue;
    setPath(input, field.path, read.value);
    keyOf.set(field.path, read.key);
  }
  return parseSettings(input, (field, p) => (field ? keyOf.get(field.path) ?? field.env ?? p : p));
}

export function loadSettingsFromEnv(env: Env = process.env, dotenvPath?: string): Settings {
  return settingsFromEnvVars(readEnvLayers(env, dotenvPath).merged);
}

/** Everything headless mode needs from .env + environment: settings, paths and the secrets given there. */
export function loadHeadlessConfig(env: Env = process.env, dotenvPath?: string, cwd = process.cwd()): HeadlessConfig {
  const { merged, fileKeys } = readEnvLayers(env, dotenvPath);
  const settings = settingsFromEnvVars(merged);
  const known = new Set<string>([
    ...SETTINGS_FIELDS.flatMap((f) => [f.env, f.seedEnv].filter((k): k is string => k !== undefined)),
    ...Object.keys(RUNTIME_ENV_KEYS),
    'DOTENV_PATH',
  ]);
  const warnings = fileKeys.filter((k) => !known.has(k)).map((k) => `Unknown key ${k} in .env is ignored.`);
  const production = present(merged, 'NODE_ENV')?.toLowerCase() === 'production';
  const secrets = secretsFromEnv(merged, production, warnings);
  warnings.push(...seedProfileWarnings(merged, settings));
  const logFileRaw = merged.LOG_FILE;
  return {
    settings,
    production,
    dataDir: path.resolve(cwd, present(merged, 'DATA_DIR') ?? 'data'),
    logFile: logFileRaw !== undefined && logFileRaw.trim() === '' ? null : path.resolve(cwd, logFileRaw ?? path.join('logs', 'app.log')),
    secrets,
    demo: demoClockConfig(merged),
    warnings,
  };
}

/**
 * The original proxy called the live connection IBKR_HOST / IBKR_PORT / IBKR_CLIENT_ID and chose live or paper at
 * connect time. Here IBKR_MODE chooses at startup (paper unless set), so someone who only edited IBKR_PORT is told
 * which connection the proxy will use, instead of wondering why it knocks at the paper port.
 */
function seedProfileWarnings(env: Env, settings: Settings): string[] {
  const seedKeys = ['IBKR_HOST', 'IBKR_PORT', 'IBKR_CLIENT_ID'].filter((k) => present(env, k) !== undefined);
  if (seedKeys.length === 0 || settings.ibkr.mode !== 'paper') return [];
  const { paper, live } = settings.ibkr;
  return [
    `${seedKeys.join(', ')} set the live connection (${live.host}:${live.port}, client id ${live.clientId}); IBKR_MODE is paper, so the proxy connects to IBKR_PAPER_HOST:IBKR_PAPER_PORT (${paper.host}:${paper.port}, client id ${paper.clientId}) until IBKR_MODE=live or a frontend asks for live.`,
  ];
}

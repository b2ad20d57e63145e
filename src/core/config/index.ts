export { ConfigError } from './configError.js';
export { SettingsSchema, DEFAULT_SETTINGS, LogLevelSchema, LOOPBACK_HOSTS } from './settingsSchema.js';
export type { Settings, SettingsInput, LogLevel } from './settingsSchema.js';
export { SETTINGS_FIELDS, RUNTIME_ENV_KEYS } from './settingsFields.js';
export type { SettingsField } from './settingsFields.js';
export { parseSettings, safeParseSettings, settingsIssueToError } from './validateSettings.js';
export { demoSettings } from './demoSettings.js';
export { loadSettingsFromEnv, loadHeadlessConfig, settingsFromEnvVars } from './loadEnvSettings.js';
export type { Env, HeadlessConfig, HeadlessSecretsFromEnv } from './loadEnvSettings.js';

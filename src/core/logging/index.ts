export { createLogger, createSilentLogger } from './logger.js';
export type { Logger, LoggerOptions, LogEntry, LogLevel } from './logger.js';
export { redact, redactValue, isSensitiveKey, REDACTED } from './redact.js';
export { LogRing, LEVEL_RANK } from './logRing.js';

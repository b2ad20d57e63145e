/**
 * The proxy's logger: levels error / warn / info / debug, written through electron-log's Node entry to the
 * console and to a rotating file (headless: logs/app.log; it becomes app.old.log past maxFileSize), plus an
 * in-memory ring of recent entries for the monitor window.
 *
 * Every line is formatted and redacted HERE, before any transport sees it, so no transport can leak a token.
 * Call style matches the gateway's logger (`...args: unknown[]`): strings are joined, objects are shown as
 * JSON with sensitive fields replaced, Errors as name, message (and stack for error level).
 */
import path from 'node:path';
import electronLog from 'electron-log/node';
import { OWNER_ONLY_FILE_MODE, ensureOwnerOnlyDir, tightenFileToOwnerOnly } from '../security/ownerOnly.js';
import { LEVEL_RANK, LogRing, type LogEntry, type LogLevel } from './logRing.js';
import { redact, redactValue } from './redact.js';

export type { LogEntry, LogLevel } from './logRing.js';

export interface Logger {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  /** Same sinks, lines prefixed with [scope]. */
  child(scope: string): Logger;
  readonly level: LogLevel;
  setLevel(level: LogLevel): void;
  /** Newest last; `level` keeps that level and more severe ones. */
  getRecentLogs(limit?: number, level?: LogLevel): LogEntry[];
  /** Scrub this literal from every future line (generated access token, keys). Ignored below 8 characters. */
  addSecret(literal: string): void;
  /** Live tail (desktop monitor window). Returns an unsubscribe function. */
  onEntry(listener: (entry: LogEntry) => void): () => void;
  /** Absolute path of the log file, null when logging to file is off. */
  readonly filePath: string | null;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Log file path; null or undefined: no file. */
  file?: string | null;
  /** Write to the console (stdout for info/debug, stderr for warn/error). Default true. */
  console?: boolean;
  /** Rotate past this many bytes. Default 5 MiB. */
  maxFileSize?: number;
  /** Entries kept in memory for getRecentLogs. Default 1000. */
  ringSize?: number;
}

let instanceSeq = 0;
const FORMAT = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] {text}';

function formatArg(arg: unknown, level: LogLevel): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) {
    return level === 'error' && arg.stack ? arg.stack : `${arg.name}: ${arg.message}`;
  }
  if (arg === undefined) return 'undefined';
  try {
    return JSON.stringify(redactValue(arg)) ?? String(arg);
  } catch {
    return String(arg);
  }
}

interface Core {
  level: LogLevel;
  secrets: Set<string>;
  ring: LogRing;
  listeners: Set<(entry: LogEntry) => void>;
  sink: ReturnType<typeof electronLog.create> | null;
  filePath: string | null;
}

function write(core: Core, level: LogLevel, scope: string | undefined, args: unknown[]): void {
  if (LEVEL_RANK[level] > LEVEL_RANK[core.level]) return;
  const text = redact(args.map((a) => formatArg(a, level)).join(' '), core.secrets);
  const entry: LogEntry = { time: new Date().toISOString(), level, message: text, ...(scope ? { scope } : {}) };
  core.ring.push(entry);
  core.sink?.[level](scope ? `[${scope}] ${text}` : text);
  for (const listener of core.listeners) {
    try {
      listener(entry);
    } catch {
      // A broken listener (closed window) must not break logging.
    }
  }
}

function bind(core: Core, scope?: string): Logger {
  return {
    error: (...a) => write(core, 'error', scope, a),
    warn: (...a) => write(core, 'warn', scope, a),
    info: (...a) => write(core, 'info', scope, a),
    debug: (...a) => write(core, 'debug', scope, a),
    child: (name) => bind(core, scope ? `${scope}:${name}` : name),
    get level() {
      return core.level;
    },
    setLevel: (level) => {
      core.level = level;
    },
    getRecentLogs: (limit, level) => core.ring.recent(limit, level),
    addSecret: (literal) => {
      if (literal.length >= 8) core.secrets.add(literal);
    },
    onEntry: (listener) => {
      core.listeners.add(listener);
      return () => core.listeners.delete(listener);
    },
    get filePath() {
      return core.filePath;
    },
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const file = options.file ? path.resolve(options.file) : null;
  const useConsole = options.console ?? true;
  let sink: Core['sink'] = null;
  if (file || useConsole) {
    // A private electron-log instance per logger: tests and the desktop can hold several without sharing state.
    sink = electronLog.create({ logId: `edgerunner-proxy-${process.pid}-${++instanceSeq}` });
    sink.transports.file.level = file ? 'silly' : false;
    if (file) {
      // electron-log looks for the app name in a package.json near the cwd and silently drops every line when
      // it finds none (headless run from another folder); our path does not need it, so give it one.
      sink.transports.file.setAppName('edgerunner-ibkr-proxy');
      // Owner-only, like the secrets: the folder 0700, the file (and each new one after a rotation) 0600.
      ensureOwnerOnlyDir(path.dirname(file));
      tightenFileToOwnerOnly(file);
      sink.transports.file.writeOptions = { flag: 'a', mode: OWNER_ONLY_FILE_MODE, encoding: 'utf8' };
      sink.transports.file.resolvePathFn = () => file;
      sink.transports.file.maxSize = options.maxFileSize ?? 5 * 1024 * 1024;
      sink.transports.file.format = FORMAT;
    }
    sink.transports.console.level = useConsole ? 'silly' : false;
    sink.transports.console.format = '[{h}:{i}:{s}.{ms}] [{level}] {text}';
    for (const name of ['ipc', 'remote'] as const) {
      const transport = (sink.transports as unknown as Record<string, { level: unknown } | undefined>)[name];
      if (transport) transport.level = false;
    }
  }
  return bind({
    level: options.level ?? 'info',
    secrets: new Set(),
    ring: new LogRing(options.ringSize ?? 1_000),
    listeners: new Set(),
    sink,
    filePath: file,
  });
}

/** A logger that writes nowhere but still keeps the ring (tests, library use). */
export function createSilentLogger(level: LogLevel = 'debug'): Logger {
  return createLogger({ level, console: false, file: null });
}

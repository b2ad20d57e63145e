/**
 * The headless process around a ProxyApp, shared by `npm run serve` and `npm run demo`:
 * configuration → logger → cipher → app.start() → banner; SIGINT / SIGTERM → graceful stop → exit 0;
 * a bad configuration or a failed start → one sentence on stderr → exit 2 (fix the config) or 1 (anything else);
 * a crash while running → logged → graceful stop attempted → exit 1. Never exit 0 after a failure.
 */
import path from 'node:path';
import { ProxyApp, type AppGateway, type ProxyMode, type ProxyStartInfo } from '../core/app.js';
import { loadHeadlessConfig, type Env, type HeadlessConfig } from '../core/config/loadEnvSettings.js';
import type { Settings } from '../core/config/settingsSchema.js';
import type { SimulatorFaults } from '../core/console/consoleHost.js';
import type { GatewayOptions } from '../core/gateway/types.js';
import { createLogger, type Logger } from '../core/logging/logger.js';
import { createHeadlessCipher } from '../core/secrets/headlessCipher.js';
import { parseArgs, usage } from './args.js';
import { startupBanner } from './banner.js';
import { CONSOLE_DIR } from './consoleDir.js';
import { describeStartupError } from './exitErrors.js';

/** How long a graceful stop may take before the process gives up and exits 1 (PM2 / systemd wait longer). */
export const SHUTDOWN_DEADLINE_MS = 15_000;

export interface Prepared {
  settings: Settings;
  dataDir: string;
  /** Runs after the app has stopped (demo: stops the simulator). */
  cleanup?: () => Promise<void>;
  /** Demo: the simulator's faults, offered by the web console. */
  simulatorFaults?: SimulatorFaults;
}

export interface RunProxyOptions {
  mode: Exclude<ProxyMode, 'desktop'>;
  argv?: readonly string[];
  env?: Env;
  createGateway: (options: GatewayOptions) => AppGateway;
  /** Demo: start the simulator and point the paper profile at it. */
  prepare?: (config: HeadlessConfig, logger: Logger) => Promise<Prepared>;
  /** Reported by /health and the banner; the core's productVersion() when not given. */
  version?: string;
  /** The built web console served on `/` (tests point it elsewhere); dist-renderer of the checkout by default. */
  consoleDir?: string;
}

function reloadTls(app: ProxyApp | null, logger: Logger | null): void {
  try {
    if (app?.reloadTls()) logger?.info('SIGHUP: TLS certificate and key reloaded; new connections use them.');
    else logger?.info('SIGHUP: nothing to reload (TLS is off).');
  } catch (error) {
    logger?.error(`SIGHUP: the TLS files were not reloaded, the current certificate stays: ${(error as Error).message}`);
  }
}

export async function runProxy(opts: RunProxyOptions): Promise<void> {
  const env = opts.env ?? process.env;
  let port = 0;
  let host = '127.0.0.1';
  let logger: Logger | null = null;
  let app: ProxyApp | null = null;
  let cleanup: (() => Promise<void>) | undefined;
  let shuttingDown = false;

  const exitNow = (code: number): never => process.exit(code);

  async function shutdown(reason: string, exitCode: number): Promise<void> {
    if (shuttingDown) {
      logger?.warn(`${reason} during shutdown: exiting immediately.`);
      exitNow(1);
    }
    shuttingDown = true;
    logger?.info(`Shutting down (${reason})...`);
    const deadline = setTimeout(() => {
      logger?.error(`Shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} seconds; exiting.`);
      exitNow(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    try {
      await app?.stop();
      await cleanup?.();
    } catch (error) {
      logger?.error('Shutdown failed:', error);
      exitCode = 1;
    }
    exitNow(exitCode);
  }

  try {
    const args = parseArgs(opts.argv ?? process.argv.slice(2));
    if (args.help) {
      process.stdout.write(usage(opts.mode === 'demo' ? 'demo' : 'serve'));
      return;
    }
    const config = loadHeadlessConfig(env);
    host = config.settings.server.host;
    port = config.settings.server.port;
    logger = createLogger({ level: config.settings.logging.level, file: config.logFile, console: true, maxFileSize: config.settings.logging.maxFileSize });
    for (const warning of config.warnings) logger.warn(warning);
    for (const secret of [config.secrets.authPassword, config.secrets.jwtSecret, config.secrets.encryptionKey]) {
      if (secret) logger.addSecret(secret);
    }

    const prepared = opts.prepare ? await opts.prepare(config, logger) : { settings: config.settings, dataDir: config.dataDir };
    cleanup = prepared.cleanup;

    const cipher = createHeadlessCipher({ dataDir: prepared.dataDir, logger, ...(config.secrets.encryptionKey ? { encryptionKey: config.secrets.encryptionKey } : {}) });
    app = new ProxyApp({
      mode: opts.mode,
      settings: prepared.settings,
      dataDir: prepared.dataDir,
      logger,
      cipher,
      createGateway: opts.createGateway,
      envSecrets: {
        ...(config.secrets.authPassword ? { authPassword: config.secrets.authPassword } : {}),
        ...(config.secrets.jwtSecret ? { jwtSecret: config.secrets.jwtSecret } : {}),
      },
      resetAccessToken: args.resetAccessToken,
      ...(opts.version ? { version: opts.version } : {}),
      consoleDir: opts.consoleDir ?? CONSOLE_DIR,
      settingsSource: `${path.resolve(env.DOTENV_PATH ?? '.env')} and the environment`,
      ...(prepared.simulatorFaults ? { simulatorFaults: prepared.simulatorFaults } : {}),
    });

    const fatal = (kind: string) => (error: unknown) => {
      logger?.error(`${kind}:`, error);
      void shutdown(kind, 1);
    };
    process.on('uncaughtException', fatal('Unexpected error'));
    process.on('unhandledRejection', fatal('Unhandled promise rejection'));
    process.on('SIGINT', () => void shutdown('SIGINT', 0));
    process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
    // `systemctl reload` / `pm2 sendSignal SIGHUP`: a renewed certificate without a restart. Handled even without
    // TLS, because SIGHUP's default action would end the proxy.
    process.on('SIGHUP', () => reloadTls(app, logger));

    const info: ProxyStartInfo = await app.start();
    // The app's own version, so the banner and /health can never disagree.
    // The one-time console link goes to stdout with the banner, never to the log (the code is a logger secret).
    process.stdout.write(startupBanner(info, app.version, app.issueConsoleLink()));
    // PM2 (wait_ready) counts the process as online from here; elsewhere there is no IPC channel and nothing to do.
    process.send?.('ready');
  } catch (error) {
    const { message, exitCode } = describeStartupError(error, { host, port });
    logger?.debug('Startup failure details:', error);
    process.stderr.write(`${message}\n`);
    try {
      await app?.stop();
      await cleanup?.();
    } catch {
      // Already failing; the sentence above is what matters.
    }
    exitNow(exitCode);
  }
}

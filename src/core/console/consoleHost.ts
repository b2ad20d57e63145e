/**
 * What the web console's routes and pushes need from the program hosting the proxy: the same view of it the
 * desktop window has over IPC. Headless and demo mode answer with HeadlessConsole (settings from .env, read
 * only); the desktop app answers with its DesktopController (settings saved and applied, the live / paper
 * switch). The API layer (src/core/api) depends on this interface only, never on either host.
 *
 * Refusals that depend on the mode are declared in `status().abilities`, and the routes refuse with those
 * sentences before calling in; the remaining answers are the window's own shapes (consoleShapes.ts).
 */
import type { EventEmitter } from 'node:events';
import type { IBKRError, Order, TradingMode } from '../../common/contract.js';
import type {
  AccessTokenInfo,
  ActionResult,
  LogLine,
  ProxyStatus,
  SaveSettingsResult,
  SettingsObject,
  SettingsSnapshot,
  SettingsValidation,
  TrafficSample,
} from '../../common/consoleShapes.js';
import type { DemoFault } from '../../common/demoFaults.js';
import type { LogLevelName } from '../../common/ipcChannels.js';
import type { Logger } from '../logging/logger.js';

export interface ConsoleHostEvents {
  /** The status, when something a user can see changed. */
  status: [ProxyStatus];
  /** Rates of the last second. */
  traffic: [TrafficSample];
  /** Each log line, already redacted. */
  log: [LogLine];
}

export interface ConsoleHost {
  status(): ProxyStatus;
  trafficHistory(): TrafficSample[];
  todaysOrders(): Order[];
  recentLogs(limit: number, level?: LogLevelName): LogLine[];
  recentErrors(limit: number): IBKRError[];

  settingsSnapshot(): SettingsSnapshot;
  validateSettings(candidate: SettingsObject): SettingsValidation;
  /**
   * Only called where `abilities.settingsReadOnly` is null. A change that restarts the API server is applied by
   * `afterReply` when given (the web console's request is answered by that very server, so it restarts once the
   * answer is sent); `restarted` then names what is restarting.
   */
  saveSettings(candidate: SettingsObject, confirmServerRestart: boolean, afterReply?: (restart: () => void) => void): Promise<SaveSettingsResult>;

  /** Connects with the configured profile. */
  connect(): Promise<ActionResult>;
  /** Only called where `abilities.modeSwitchRefused` is null. */
  setMode(mode: TradingMode): Promise<ActionResult>;

  accessToken(): AccessTokenInfo;
  rotateAccessToken(): Promise<AccessTokenInfo>;
  setCredentials(username: string, password: string): Promise<ActionResult>;

  /** Only called where `abilities.simulatorFaults` is true. */
  simulateFault(fault: DemoFault): Promise<ActionResult>;

  /**
   * Calls `listener` on each `event` until the returned function is called. A method of its own rather than
   * EventEmitter's on / off, so a host whose emitter carries more events (the desktop's) still fits.
   */
  watch<K extends keyof ConsoleHostEvents>(event: K, listener: (...args: ConsoleHostEvents[K]) => void): () => void;
}

/** The demo's simulator, as the host of a demo reaches it (in this thread or in the demo's worker). */
export interface SimulatorFaults {
  simulate(fault: DemoFault): Promise<void>;
}

/**
 * ConsoleHost.simulateFault for any host (the headless demo's, the desktop's): refused with `refusal` where the
 * mode has no simulator, otherwise set off and logged; a fault the simulator cannot take now is its sentence.
 */
export async function setOffDemoFault(faults: SimulatorFaults | undefined, fault: DemoFault, refusal: string, logger: Logger): Promise<ActionResult> {
  if (!faults) return { ok: false, error: refusal };
  try {
    await faults.simulate(fault);
    logger.warn(`DEMO: simulator fault "${fault}" set off from the console.`);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * ConsoleHost.watch for a host that is a typed EventEmitter of these events (and maybe more): on now, off when
 * the returned function is called.
 */
export function watchEmitter<E extends Record<keyof E, unknown[]>, K extends keyof E & string>(
  emitter: EventEmitter<E>,
  event: K,
  listener: (...args: E[K]) => void,
): () => void {
  // Node's keyed EventEmitter typings cannot follow a generic key; the key and listener agree by the signature above.
  const untyped = emitter as unknown as EventEmitter;
  untyped.on(event, listener as (...args: unknown[]) => void);
  return () => void untyped.off(event, listener as (...args: unknown[]) => void);
}

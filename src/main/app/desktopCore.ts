/**
 * Builds the proxy core for the desktop app: the same ProxyApp as headless mode, with the desktop's cipher and
 * data folder. Demo mode starts the built-in TWS simulator once (it outlives core restarts, as a real TWS
 * would) and points the paper profile at it, exactly like `npm run demo`, and offers its faults (restart, lost
 * servers, a competing session) to the window and the web console, as `npm run demo` does.
 */
import path from 'node:path';
import { ProxyApp } from '../../core/app.js';
import { demoSettings } from '../../core/config/index.js';
import { GatewayService } from '../../core/gateway/index.js';
import type { SimulatorFaults } from '../../core/console/consoleHost.js';
import type { Logger } from '../../core/logging/index.js';
import type { SecretCipher } from '../../core/secrets/index.js';
import { DEMO_RESTART_DOWN_MS } from '../../common/demoFaults.js';
import { TwsSimulator, demoClock, demoPortfolio, describeClock, setOffNamedFault } from '../../simulator/index.js';
import type { CoreFactory } from './desktopController.js';

export interface DesktopCoreOptions {
  mode: 'desktop' | 'demo';
  dataDir: string;
  logger: Logger;
  cipher: SecretCipher;
  version: string;
  /** The built renderer (dist-renderer): the window's files on app://, the web console's on http://127.0.0.1:3001/. */
  consoleDir: string;
}

export interface DesktopCore {
  startCore: CoreFactory;
  cleanup: () => Promise<void>;
  /** The demo simulator's faults (demo mode only). */
  faults: SimulatorFaults | undefined;
}

export function createDesktopCore(o: DesktopCoreOptions): DesktopCore {
  let simulator: TwsSimulator | null = null;
  let simulatorPort = 0;
  const startCore: CoreFactory = async (settings, console) => {
    let effective = settings;
    let dataDir = o.dataDir;
    if (o.mode === 'demo') {
      if (!simulator) {
        const simLog = o.logger.child('simulator');
        // Like `npm run demo`: the simulated market is open whenever the demo starts (docs/simulator.md).
        const clock = demoClock();
        simulator = new TwsSimulator({ clock, initialPositions: demoPortfolio(clock.now()), log: (line: string) => simLog.debug(line) });
        simulatorPort = await simulator.start(0, '127.0.0.1');
        o.logger.info(`DEMO: TWS simulator listening on 127.0.0.1:${simulatorPort}; ${describeClock(clock)}.`);
      }
      effective = demoSettings(settings, simulatorPort);
      // Simulated orders never mix with the journal of a real account.
      dataDir = path.join(o.dataDir, 'demo');
    }
    const app = new ProxyApp({
      mode: o.mode,
      settings: effective,
      dataDir,
      logger: o.logger,
      cipher: o.cipher,
      createGateway: (options) => new GatewayService(options),
      keepAccessToken: true,
      version: o.version,
      console,
      consoleDir: o.consoleDir,
    });
    const info = await app.start();
    return { app, info };
  };
  const cleanup = async () => {
    await simulator?.stop();
    simulator = null;
  };
  const faults: SimulatorFaults | undefined =
    o.mode === 'demo'
      ? {
          simulate: async (fault) => {
            if (!simulator) throw new Error('The demo simulator is not running yet.');
            setOffNamedFault(simulator, fault, DEMO_RESTART_DOWN_MS, (error) => o.logger.error('DEMO: the simulated TWS restart failed', error));
          },
        }
      : undefined;
  return { startCore, cleanup, faults };
}

/**
 * `npm run demo`: the same proxy with the built-in TWS simulator on a free port of 127.0.0.1, the paper profile
 * pointed at it, auto-connect on. /health reports mode "demo" and the logs say DEMO.
 *
 * The simulator is started first, in a worker thread (demoSimulator.ts), and builds its market on the other core
 * while this thread loads and starts the proxy: that is what makes the demo ready about as soon as `npm start`.
 *
 * Demo keeps its own data (DATA_DIR/demo: secrets, orders journal) so simulated orders never mix with the
 * journal of a real account.
 */
import path from 'node:path';
import { parseArgs } from './args.js';
import { startDemoSimulator, type DemoSimulator } from './demoSimulator.js';

function wantsSimulator(): boolean {
  try {
    return !parseArgs(process.argv.slice(2)).help;
  } catch {
    return false; // a usage error: runProxy says so
  }
}

const simulator: DemoSimulator | null = wantsSimulator() ? startDemoSimulator() : null;

const [{ demoSettings }, { GatewayService }, { runProxy }] = await Promise.all([
  import('../core/config/demoSettings.js'),
  import('../core/gateway/index.js'),
  import('./runProxy.js'),
]);

await runProxy({
  mode: 'demo',
  createGateway: (options) => new GatewayService(options),
  async prepare(config, logger) {
    if (!simulator) throw new Error('The demo simulator was not started.');
    const simLog = logger.child('simulator');
    simulator.onLog((line) => simLog.debug(line));
    simulator.onCrash((error) => simLog.error("The demo's TWS simulator failed:", error));
    const { port, clock } = await simulator.listening;
    logger.info(`DEMO: TWS simulator listening on 127.0.0.1:${port}; ${clock}.`);
    return {
      settings: demoSettings(config.settings, port),
      dataDir: path.join(config.dataDir, 'demo'),
      cleanup: () => simulator.stop(),
      simulatorFaults: simulator,
    };
  },
});

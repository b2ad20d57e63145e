/**
 * `npm run demo`: the same proxy with the built-in TWS simulator started in-process on a free port, the paper
 * profile pointed at it, auto-connect on. /health reports mode "demo" and the logs say DEMO.
 *
 * Demo keeps its own data (DATA_DIR/demo: secrets, orders journal) so simulated orders never mix with the
 * journal of a real account.
 */
import path from 'node:path';
import { demoSettings } from '../core/config/index.js';
import { GatewayService } from '../core/gateway/index.js';
import { TwsSimulator, demoClock, demoPortfolio, describeClock } from '../simulator/index.js';
import { runProxy } from './runProxy.js';

await runProxy({
  mode: 'demo',
  createGateway: (options) => new GatewayService(options),
  async prepare(config, logger) {
    const simLog = logger.child('simulator');
    const clock = demoClock(config.demo.marketTime, config.demo.speed);
    const sim = new TwsSimulator({ clock, initialPositions: demoPortfolio(clock.now()), log: (line) => simLog.debug(line) });
    const port = await sim.start(0, '127.0.0.1');
    logger.info(`DEMO: TWS simulator listening on 127.0.0.1:${port}; ${describeClock(clock)}.`);
    return {
      settings: demoSettings(config.settings, port),
      dataDir: path.join(config.dataDir, 'demo'),
      cleanup: () => sim.stop(),
    };
  },
});

/**
 * The whole proxy for integration tests: TWS simulator → real GatewayService (@stoqey/ib over TCP) → API server,
 * all on 127.0.0.1 with free ports. Other suites may use it too:
 *
 *   const stack = await startRealStack();       // sim + gateway (connected) + API + journal
 *   const token = await stack.login();
 *   stack.sim.market.setPrice('AAPL', 190);
 *   await stack.close();
 */
import { GatewayService } from '../../../src/core/gateway/index.js';
import type { GatewayOptions } from '../../../src/core/gateway/types.js';
import { TwsSimulator } from '../../../src/simulator/index.js';
import type { TwsSimulatorOptions } from '../../../src/simulator/index.js';
import { tradingClock } from '../../support/tradingClock.js';
import { startApi } from './harness.js';
import type { ApiHarness, ApiHarnessOptions } from './harness.js';

export interface RealStack extends ApiHarness {
  sim: TwsSimulator;
  gateway: GatewayService;
}

export interface RealStackOptions extends Omit<ApiHarnessOptions, 'gateway'> {
  sim?: TwsSimulatorOptions;
  gateway?: Partial<GatewayOptions>;
}

export const SIM_ACCOUNT = 'DU1234567';

export async function startRealStack(opts: RealStackOptions = {}): Promise<RealStack> {
  const sim = new TwsSimulator({ clock: tradingClock(), seed: 7, accounts: [SIM_ACCOUNT], ...opts.sim });
  const port = await sim.start(0, '127.0.0.1');
  const profile = { host: '127.0.0.1', port, clientId: 11 };
  const gateway = new GatewayService({
    profiles: { paper: profile, live: profile },
    mode: 'paper',
    connectTimeoutMs: 10_000,
    reconnect: { initialDelayMs: 200, maxDelayMs: 2_000 },
    ...opts.gateway,
  });
  try {
    await gateway.connect();
    const { sim: _s, gateway: _g, ...apiOpts } = opts;
    const h = await startApi({ ...apiOpts, gateway, mode: apiOpts.mode ?? 'demo' });
    return {
      ...h,
      sim,
      gateway,
      async close() {
        await h.close();
        await gateway.disconnect();
        await sim.stop();
      },
    };
  } catch (e) {
    await gateway.disconnect();
    await sim.stop();
    throw e;
  }
}

/**
 * The demo's TWS simulator itself: its clock from DEMO_MARKET_TIME / DEMO_CLOCK_SPEED (read from .env and the
 * environment here, so that it can start before the proxy's configuration is loaded), the simulator on a free port
 * of 127.0.0.1, and what it tells the proxy. Hosted in a worker thread by the compiled demo, in the demo's own
 * thread under tsx (demoSimulator.ts says why).
 *
 * A bad clock value is reported by the proxy's own configuration check, as one sentence; the simulator only says
 * that it could not start.
 */
import { demoClockConfig } from '../core/config/demoClockConfig.js';
import { readEnvLayers } from '../core/config/envLayers.js';
import { TwsSimulator, demoClock, demoPortfolio, describeClock } from '../simulator/index.js';

export type DemoSimulatorMessage =
  | { type: 'listening'; port: number; clock: string }
  | { type: 'log'; line: string }
  | { type: 'failed'; message: string };

/** Starts the simulator and reports through `send`; resolves with its stop function (null if it failed). */
export async function hostDemoSimulator(send: (m: DemoSimulatorMessage) => void): Promise<(() => Promise<void>) | null> {
  try {
    const env = readEnvLayers(process.env).merged;
    const { marketTime, speed } = demoClockConfig(env);
    const clock = demoClock(marketTime, speed);
    // Its lines cross to the proxy's log only when that log shows them (debug).
    const forwardLog = env.LOG_LEVEL?.trim().toLowerCase() === 'debug';
    // A small USD / EUR portfolio from the first second, so a newcomer sees positions, P&L and account values.
    const sim = new TwsSimulator({
      clock,
      initialPositions: demoPortfolio(clock.now()),
      ...(forwardLog ? { log: (line: string) => send({ type: 'log', line }) } : {}),
    });
    const port = await sim.start(0, '127.0.0.1');
    send({ type: 'listening', port, clock: describeClock(clock) });
    return () => sim.stop();
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

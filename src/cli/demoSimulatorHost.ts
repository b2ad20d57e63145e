/**
 * The demo's TWS simulator itself: its clock from DEMO_MARKET_TIME / DEMO_CLOCK_SPEED (read from .env and the
 * environment here, so that it can start before the proxy's configuration is loaded), the simulator on a free port
 * of 127.0.0.1, and what it tells the proxy. Hosted in a worker thread by the compiled demo, in the demo's own
 * thread under tsx (demoSimulator.ts says why).
 *
 * A bad clock value is reported by the proxy's own configuration check, as one sentence; the simulator only says
 * that it could not start.
 */
import { DEMO_RESTART_DOWN_MS, type DemoFault } from '../common/demoFaults.js';
import { demoClockConfig } from '../core/config/demoClockConfig.js';
import { readEnvLayers } from '../core/config/envLayers.js';
import { TwsSimulator, demoClock, demoPortfolio, describeClock, setOffNamedFault } from '../simulator/index.js';

export type DemoSimulatorMessage =
  | { type: 'listening'; port: number; clock: string }
  | { type: 'log'; line: string }
  | { type: 'failed'; message: string }
  /** The answer to a fault request of the same id: null when it was set off, else why not (a sentence). */
  | { type: 'fault-done'; id: number; error: string | null };

/** What the demo's process asks of its simulator (demoSimulator.ts; across the worker boundary when compiled). */
export type DemoSimulatorRequest = { type: 'stop' } | { type: 'fault'; id: number; fault: DemoFault };

export interface HostedSimulator {
  stop(): Promise<void>;
  /** Sets off one of the web console's faults; throws a sentence when it cannot be done now. */
  fault(fault: DemoFault): void;
}

/** Starts the simulator and reports through `send`; resolves with its controls (null if it failed). */
export async function hostDemoSimulator(send: (m: DemoSimulatorMessage) => void): Promise<HostedSimulator | null> {
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
    return {
      stop: () => sim.stop(),
      fault: (fault) => setOffNamedFault(sim, fault, DEMO_RESTART_DOWN_MS, (error) => send({ type: 'log', line: `restart failed: ${String(error)}` })),
    };
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

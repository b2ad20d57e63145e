/** Helpers for the gateway's socket tests: a simulator on a free port and a gateway with test-sized timings. */
import { TwsSimulator, type TwsSimulatorOptions } from '../../../src/simulator/index.js';
import { tradingClock } from '../../support/tradingClock.js';
import { GatewayService, type GatewayEvents, type GatewayOptions } from '../../../src/core/gateway/index.js';

/** Polls until `predicate` is truthy or the deadline passes (no fixed sleeps: the machine is shared). */
export async function waitFor<T>(predicate: () => T | undefined | false | null, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function startSim(options: TwsSimulatorOptions = {}): Promise<{ sim: TwsSimulator; port: number }> {
  const sim = new TwsSimulator({ clock: tradingClock(), backgroundTicksPerSecond: 0, ...options });
  const port = await sim.start(0, '127.0.0.1');
  return { sim, port };
}

export function makeGateway(port: number, overrides: Partial<GatewayOptions> = {}, clientId = 1): GatewayService {
  return new GatewayService({
    profiles: {
      paper: { host: '127.0.0.1', port, clientId },
      live: { host: '127.0.0.1', port, clientId: clientId + 100 },
    },
    mode: 'paper',
    connectTimeoutMs: 5000,
    reconnect: { initialDelayMs: 50, maxDelayMs: 400, jitter: 0.2 },
    heartbeatIntervalMs: 200,
    heartbeatTimeoutMs: 1000,
    requestTimeoutMs: 8000,
    commissionWaitMs: 300,
    ...overrides,
  });
}

/** Records every payload of the given events, in order. */
export function record<K extends keyof GatewayEvents>(gw: GatewayService, event: K): Array<GatewayEvents[K][0]> {
  const out: Array<GatewayEvents[K][0]> = [];
  gw.on(event, ((payload: GatewayEvents[K][0]) => out.push(payload)) as never);
  return out;
}

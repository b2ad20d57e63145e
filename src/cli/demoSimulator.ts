/**
 * Starts the demo's TWS simulator (demoSimulatorHost.ts) as early as possible, before the proxy's code is loaded
 * (demo.ts), and talks to it: where it listens, what its clock says, its log lines, a graceful stop.
 *
 * The compiled demo hosts it in a worker thread: building its market takes a few hundred milliseconds of CPU, which
 * then runs on the other core while this thread loads and starts the proxy, and later its ticks and the proxy's
 * event loop never wait for each other, as with a real TWS. Under tsx (the tests, `npm run dev`-style runs of
 * src/) it runs in this thread, because a worker does not get tsx's loader on Node 20; the same host code either way.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DemoFault } from '../common/demoFaults.js';
import type { SimulatorFaults } from '../core/console/consoleHost.js';
import type { DemoSimulatorMessage, DemoSimulatorRequest } from './demoSimulatorHost.js';

export interface DemoSimulator extends SimulatorFaults {
  /** Resolves once the simulator listens on 127.0.0.1; rejects if it could not start. */
  listening: Promise<{ port: number; clock: string }>;
  /** Its log lines (forwarded only at LOG_LEVEL=debug, the only level that shows them). */
  onLog(listener: (line: string) => void): void;
  /** The worker failed after it started (the proxy then sees TWS go away and keeps reconnecting). */
  onCrash(listener: (error: Error) => void): void;
  stop(): Promise<void>;
}

function receiver() {
  const logListeners: Array<(line: string) => void> = [];
  let settle: { resolve: (v: { port: number; clock: string }) => void; reject: (e: Error) => void } | null = null;
  const listening = new Promise<{ port: number; clock: string }>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody may be waiting yet (a configuration error stops the process first): never an unhandled rejection.
  listening.catch(() => undefined);
  const faultsPending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  const receive = (m: DemoSimulatorMessage): void => {
    if (m.type === 'listening') settle?.resolve({ port: m.port, clock: m.clock });
    else if (m.type === 'failed') settle?.reject(new Error(`The demo's TWS simulator could not start: ${m.message}`));
    else if (m.type === 'fault-done') {
      const pending = faultsPending.get(m.id);
      faultsPending.delete(m.id);
      if (m.error === null) pending?.resolve();
      else pending?.reject(new Error(m.error));
    } else for (const l of logListeners) l(m.line);
  };
  let nextFaultId = 0;
  /** A fault request for the worker, answered by its `fault-done` of the same id. */
  const faultRequest = (fault: DemoFault, post: (r: DemoSimulatorRequest) => void): Promise<void> =>
    new Promise((resolve, reject) => {
      const id = ++nextFaultId;
      faultsPending.set(id, { resolve, reject });
      post({ type: 'fault', id, fault });
    });
  return {
    listening,
    receive,
    faultRequest,
    fail: (e: Error) => {
      settle?.reject(e);
      for (const pending of faultsPending.values()) pending.reject(e);
      faultsPending.clear();
    },
    onLog: (l: (line: string) => void) => void logListeners.push(l),
  };
}

function inWorker(file: URL): DemoSimulator {
  const r = receiver();
  const crashListeners: Array<(error: Error) => void> = [];
  let stopping = false;
  const worker = new Worker(file);
  worker.on('message', r.receive);
  worker.once('error', (error) => {
    r.fail(error);
    for (const l of crashListeners) l(error);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => {
    if (!stopping) r.fail(new Error("The demo's TWS simulator stopped."));
  });
  return {
    listening: r.listening,
    onLog: r.onLog,
    onCrash: (l) => void crashListeners.push(l),
    simulate: (fault) => r.faultRequest(fault, (m) => worker.postMessage(m)),
    async stop() {
      stopping = true;
      worker.postMessage({ type: 'stop' } satisfies DemoSimulatorRequest);
      await exited;
    },
  };
}

function inThisThread(): DemoSimulator {
  const r = receiver();
  const hosted = import('./demoSimulatorHost.js').then(({ hostDemoSimulator }) => hostDemoSimulator(r.receive));
  // In this thread an error in the simulator is an error of the process: runProxy's handler reports it.
  return {
    listening: r.listening,
    onLog: r.onLog,
    onCrash: () => undefined,
    async simulate(fault) {
      const sim = await hosted;
      if (!sim) throw new Error("The demo's TWS simulator is not running.");
      sim.fault(fault);
    },
    stop: async () => (await hosted)?.stop(),
  };
}

export function startDemoSimulator(): DemoSimulator {
  const self = fileURLToPath(import.meta.url);
  return path.extname(self) === '.js' ? inWorker(new URL('./demoSimulatorWorker.js', import.meta.url)) : inThisThread();
}

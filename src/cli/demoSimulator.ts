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
import type { DemoSimulatorMessage } from './demoSimulatorHost.js';

export interface DemoSimulator {
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
  const receive = (m: DemoSimulatorMessage): void => {
    if (m.type === 'listening') settle?.resolve({ port: m.port, clock: m.clock });
    else if (m.type === 'failed') settle?.reject(new Error(`The demo's TWS simulator could not start: ${m.message}`));
    else for (const l of logListeners) l(m.line);
  };
  return { listening, receive, fail: (e: Error) => settle?.reject(e), onLog: (l: (line: string) => void) => void logListeners.push(l) };
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
    async stop() {
      stopping = true;
      worker.postMessage({ type: 'stop' });
      await exited;
    },
  };
}

function inThisThread(): DemoSimulator {
  const r = receiver();
  const stopping = import('./demoSimulatorHost.js').then(({ hostDemoSimulator }) => hostDemoSimulator(r.receive));
  // In this thread an error in the simulator is an error of the process: runProxy's handler reports it.
  return { listening: r.listening, onLog: r.onLog, onCrash: () => undefined, stop: async () => (await stopping)?.() };
}

export function startDemoSimulator(): DemoSimulator {
  const self = fileURLToPath(import.meta.url);
  return path.extname(self) === '.js' ? inWorker(new URL('./demoSimulatorWorker.js', import.meta.url)) : inThisThread();
}

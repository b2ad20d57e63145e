/**
 * Worker-thread entry of the compiled demo's simulator (dist/cli/demoSimulatorWorker.js, started by
 * demoSimulator.ts): hosts it and stops it on request.
 */
import { parentPort } from 'node:worker_threads';
import { hostDemoSimulator } from './demoSimulatorHost.js';

const port = parentPort;
if (!port) throw new Error('demoSimulatorWorker runs as a worker thread (see demoSimulator.ts).');

const stop = await hostDemoSimulator((m) => port.postMessage(m));
port.on('message', (m: { type: 'stop' }) => {
  if (m.type !== 'stop') return;
  void (stop ? stop() : Promise.resolve()).finally(() => port.close());
});

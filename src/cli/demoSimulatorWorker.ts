/**
 * Worker-thread entry of the compiled demo's simulator (dist/cli/demoSimulatorWorker.js, started by
 * demoSimulator.ts): hosts it and stops it on request.
 */
import { parentPort } from 'node:worker_threads';
import { hostDemoSimulator, type DemoSimulatorRequest } from './demoSimulatorHost.js';

const port = parentPort;
if (!port) throw new Error('demoSimulatorWorker runs as a worker thread (see demoSimulator.ts).');

const hosted = await hostDemoSimulator((m) => port.postMessage(m));
port.on('message', (m: DemoSimulatorRequest) => {
  if (m.type === 'fault') {
    let error: string | null = null;
    try {
      if (!hosted) throw new Error("The demo's TWS simulator is not running.");
      hosted.fault(m.fault);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    port.postMessage({ type: 'fault-done', id: m.id, error });
    return;
  }
  void (hosted ? hosted.stop() : Promise.resolve()).finally(() => port.close());
});

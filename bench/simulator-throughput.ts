/**
 * How many market data messages per second the simulator delivers to a real @stoqey/ib client.
 *
 * The simulator runs here; the client runs in a worker thread (its own core), subscribes to N instruments and
 * counts the tickPrice/tickSize/tickString events stoqey decodes. The simulator is put in load mode
 * (setTicksPerSecond) and the 'tickEmitted' hook counts what it produced, so the figure shows both what was
 * generated and what arrived decoded. A figure, not a test: `npm run bench:simulator [-- --seconds 5 --instruments 20 --rate 5000]`.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { TwsSimulator, demoClock } from '../src/simulator/index.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    instruments: { type: 'string', default: '20' },
    rate: { type: 'string', default: '5000' },
  },
});
const seconds = Number(values.seconds);
const instruments = Number(values.instruments);
const rate = Number(values.rate);

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'SPY', 'QQQ', 'IWM', 'JPM', 'V', 'XOM', 'GLD', 'TLT', 'DIA', 'XLF', 'EEM', 'VTI', 'ARKK'];

const clientCode = `
const { parentPort, workerData } = require('node:worker_threads');
const { IBApi, EventName } = require(workerData.stoqey);
const ib = new IBApi({ host: '127.0.0.1', port: workerData.port, clientId: 77, maxReqPerSec: 40 });
let count = 0;
let prices = 0;
let errors505 = 0;
ib.on(EventName.tickPrice, () => { count++; prices++; });
ib.on(EventName.tickSize, () => count++);
ib.on(EventName.tickString, () => count++);
ib.on(EventName.error, (_e, code) => { if (code === 505) errors505++; });
ib.once(EventName.nextValidId, () => {
  workerData.symbols.forEach((symbol, i) => ib.reqMktData(i + 1, { symbol, secType: 'STK', exchange: 'SMART', currency: 'USD' }, '', false, false));
  parentPort.postMessage({ type: 'subscribed' });
});
parentPort.on('message', (m) => {
  if (m === 'report') parentPort.postMessage({ type: 'report', count, prices, errors505 });
  if (m === 'stop') { ib.disconnect(); parentPort.close(); }
});
ib.connect();
`;

interface Report {
  count: number;
  prices: number;
  errors505: number;
}

async function main(): Promise<void> {
  const sim = new TwsSimulator({ clock: demoClock(), ticksPerSecond: 4, backgroundTicksPerSecond: 0 });
  const port = await sim.start(0, '127.0.0.1');
  let emitted = 0;
  sim.on('tickEmitted', () => emitted++);
  const require = createRequire(import.meta.url);
  const worker = new Worker(clientCode, {
    eval: true,
    workerData: { port, stoqey: require.resolve('@stoqey/ib'), symbols: SYMBOLS.slice(0, instruments) },
  });
  const reports: Report[] = [];
  const subscribed = new Promise<void>((resolve) =>
    worker.on('message', (m: Report & { type: string }) => {
      if (m.type === 'subscribed') resolve();
      if (m.type === 'report') reports.push(m);
    }),
  );
  await subscribed;
  await waitUntil(() => sim.marketDataLines() === Math.min(instruments, SYMBOLS.length));
  sim.setTicksPerSecond(rate);
  await sleep(1000); // warm-up
  const report = async () => {
    const n = reports.length;
    worker.postMessage('report');
    await waitUntil(() => reports.length > n);
    return reports[reports.length - 1] as Report;
  };
  const start = await report();
  const emittedAtStart = emitted;
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const end = await report();
  const elapsed = (performance.now() - t0) / 1000;
  const delivered = (end.count - start.count) / elapsed;
  const tickPrices = (end.prices - start.prices) / elapsed;
  const changes = (emitted - emittedAtStart) / elapsed;
  console.log(`simulator → @stoqey/ib: ${instruments} instruments, ${rate} quote changes/s each requested, ${elapsed.toFixed(1)} s measured`);
  console.log(`  quote changes produced by the model : ${Math.round(changes).toLocaleString('en-US')} /s`);
  console.log(`  tickPrice messages decoded           : ${Math.round(tickPrices).toLocaleString('en-US')} /s`);
  console.log(`  all tick events raised by the client : ${Math.round(delivered).toLocaleString('en-US')} /s (tickPrice + tickSize + tickString; stoqey also raises a tickSize for each BID/ASK/LAST price)`);
  console.log(`  decoder errors (505)                 : ${end.errors505}`);
  sim.setTicksPerSecond(0);
  worker.postMessage('stop');
  await sim.stop();
  await worker.terminate();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await sleep(5);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

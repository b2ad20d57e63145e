/**
 * Child process: the TWS simulator under load, and the clock of every tick it emits.
 *
 * "A tick" in every figure = one market-data field update the simulator sends for a quote change (tickPrice or
 * tickSize: BID, ASK, sizes, LAST, LAST_SIZE, VOLUME, HIGH, LOW), i.e. one MarketDataUpdate at the proxy. The
 * LAST_TIMESTAMP tickString is not counted (the proxy does not forward it). The simulator's rate knob is in quote
 * changes (steps) per instrument; `setTickRate` converts with the model's measured fields-per-step.
 *
 * Emit clock: a `market.onChange` listener added after the simulator's own (so it runs right after the frames
 * for that change are queued) stamps each change that moved VOLUME. Volume only grows, so (symbol, volume) names
 * one tick uniquely and a receiver can match it without ambiguity; about a quarter of the changes are trades, an
 * unbiased sample of the stream.
 */
import { TwsSimulator, demoClock } from '../../src/simulator/index.js';
import { createMarket } from '../../src/simulator/market/index.js';
import { QuoteField } from '../../src/simulator/market/types.js';
import { now, serveRpc } from '../lib/rpc.js';

const FORWARDED = QuoteField.BID | QuoteField.ASK | QuoteField.BID_SIZE | QuoteField.ASK_SIZE | QuoteField.LAST | QuoteField.LAST_SIZE | QuoteField.VOLUME | QuoteField.HIGH | QuoteField.LOW;

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

let sim: TwsSimulator | null = null;
let symbols: string[] = [];
let fieldsPerStep = 1;
let recording = false;
let emittedTicks = 0;
let emittedSteps = 0;
let recStart = 0;
/** The window ends on this process's clock (an IPC request may arrive late when the machine is saturated). */
let recEnd = Infinity;
/** key "SYMBOL|volume" → emit time (this process's clock). */
let emits = new Map<string, number>();
const symbolByConId = new Map<number, string>();

interface StartArgs {
  seed: number;
  instruments: number;
  maxClients?: number;
}

/** Average forwarded fields per step of this model, measured on a private copy of the market (same seed). */
function measureFieldsPerStep(seed: number, synthetic: number, conIds: number[]): number {
  const m = createMarket({ seed, syntheticInstruments: synthetic });
  let fields = 0;
  let steps = 0;
  m.onChange((_c, mask) => {
    fields += popcount(mask & FORWARDED);
  });
  for (let k = 0; k < 300; k++) for (const c of conIds) {
    m.step(c);
    steps++;
  }
  return fields / steps;
}

serveRpc(
  {
    async start(a: StartArgs) {
      // US stocks only: they all keep New York hours, so every instrument ticks for the whole run.
      const usStock = (d: { contract: { secType: string; currency: string } }): boolean => d.contract.secType === 'STK' && d.contract.currency === 'USD';
      const base = createMarket({ seed: a.seed }).catalogue.all().filter(usStock).length;
      const synthetic = Math.max(0, a.instruments - base);
      // The catalogue's stocks plus synthetic ones (SIM001…, at most 999) up to the requested count.
      const options = { seed: a.seed, ticksPerSecond: 0, backgroundTicksPerSecond: 0, maxMarketDataLines: 10_000, maxClients: a.maxClients ?? 32, syntheticInstruments: synthetic };
      // The market must be open whenever the benchmark runs (weekends included): the demo's clock.
      sim = new TwsSimulator({ clock: demoClock(), ...options });
      const port = await sim.start(0, '127.0.0.1');
      const stocks = sim.market.catalogue.all().filter(usStock);
      const chosen = stocks.slice(0, a.instruments);
      symbols = chosen.map((d) => d.contract.symbol);
      for (const d of chosen) symbolByConId.set(d.contract.conId, d.contract.symbol);
      fieldsPerStep = measureFieldsPerStep(a.seed, synthetic, chosen.map((d) => d.contract.conId));
      sim.market.onChange((conId, mask, q) => {
        if (!recording) return;
        if (now() > recEnd) {
          recording = false;
          return;
        }
        emittedSteps++;
        emittedTicks += popcount(mask & FORWARDED);
        if (mask & QuoteField.VOLUME) {
          const s = symbolByConId.get(conId);
          if (s !== undefined) emits.set(`${s}|${q.volume}`, now());
        }
      });
      // false only if the simulator ignored syntheticInstruments (then the scenario says how many it used).
      return { port, symbols, fieldsPerStep, syntheticSupported: stocks.length >= a.instruments };
    },
    /** Total forwarded ticks per second over all subscribed instruments. */
    setTickRate(a: { ticksPerSecond: number }) {
      const lines = Math.max(1, symbols.length);
      sim?.setTicksPerSecond(a.ticksPerSecond / (fieldsPerStep * lines));
      return true;
    },
    startRecording(a: { windowMs: number }) {
      emits = new Map();
      emittedTicks = 0;
      emittedSteps = 0;
      recStart = now();
      recEnd = recStart + a.windowMs;
      recording = true;
      return recStart;
    },
    stopRecording() {
      recording = false;
      const durationMs = Math.min(now(), recEnd) - recStart;
      const out = { durationMs, emittedTicks, emittedSteps, emits: [...emits.entries()] };
      emits = new Map();
      return out;
    },
    /** TWS restart: down for `downMs`; resolves with the moment it listens again (this process's clock). */
    async restart(a: { downMs: number }) {
      if (!sim) throw new Error('not started');
      await sim.faults.restart(a.downMs);
      return now();
    },
    lines() {
      return sim?.marketDataLines() ?? 0;
    },
    memory() {
      return process.memoryUsage().rss;
    },
  },
  async () => {
    await sim?.stop();
  },
);

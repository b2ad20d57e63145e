/**
 * Scenario 6: recovery after a TWS restart. The simulator goes down for `downMs` and listens again; from that
 * moment (the simulator's clock, corrected to each receiver's) we time how long until every subscribed symbol
 * delivers a tick again at every one of the 10 WebSocket clients, and when the gateway reports "connected".
 * Reconnect settings are the product defaults (first retry after ~1 s, doubling, with jitter): they dominate.
 */
import { TickRig } from '../lib/tickRig.js';
import { writeResult } from '../lib/results.js';
import { round, summarize } from '../lib/stats.js';
import { printTable, type Row } from '../lib/table.js';

const CLIENTS = 10;
const INSTRUMENTS = 100;
/** Total rate while measuring: each instrument ticks ~every 40 ms, the resolution of "delivering again". */
const RATE = 5_000;

export async function runRecoveryScenario(o: { quick: boolean; seed: number }): Promise<void> {
  const repeats = o.quick ? 1 : 3;
  const downMs = 2_000;
  const rig = await TickRig.start({ instruments: INSTRUMENTS, clients: CLIENTS, direct: false, seed: o.seed });
  const rows: Row[] = [];
  try {
    await rig.setRate(RATE);
    for (let i = 0; i < repeats; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      await rig.proxyStatusLog(); // from here on
      const upSim = await rig.sim.call<number>('restart', { downMs });
      const up = upSim - rig.sim.clockOffsetMs; // this process's clock
      await rig.armClients(up, true);
      // Bounded wait: every client has seen every symbol, or 30 s.
      const deadline = Date.now() + 30_000;
      let restored: Array<{ name: string; first: [string, number][] }> = [];
      while (Date.now() < deadline) {
        restored = await rig.armedClients();
        if (restored.every((r) => r.first.length >= rig.symbols.length)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const connectedAt = (await rig.proxyStatusLog()).find((e) => e.status === 'connected')?.at ?? NaN;
      const perClient = restored.map((r) => (r.first.length < rig.symbols.length ? NaN : Math.max(...r.first.map(([, t]) => t - up))));
      const missing = restored.reduce((n, r) => n + (rig.symbols.length - r.first.length), 0);
      const s = summarize(perClient.filter((x) => Number.isFinite(x)));
      rows.push({
        run: i + 1,
        'down ms': downMs,
        'up → gateway connected ms': round(connectedAt - up),
        'up → all subscriptions ticking ms (slowest client)': round(s.max),
        'fastest client ms': round(Math.min(...perClient)),
        'subscriptions not restored': missing,
      });
      await rig.armClients(Infinity, false);
    }
    printTable(`6) Recovery after a simulator restart (${rig.symbols.length} symbols × ${CLIENTS} clients, ${RATE} ticks/s)`, rows);
    writeResult('recovery', { rows, rateTicksPerSec: RATE }, { quick: o.quick, notes: ['Reconnect backoff: product defaults (ibkr.reconnect.initialDelayMs 1000, maxDelayMs 30000, jitter).'] });
  } finally {
    await rig.stop();
  }
}

/**
 * Scenarios 1 (tick latency and throughput, with the direct @stoqey/ib baseline), 2 (highest rate with p99 under
 * 5 ms) and 4 (memory around a 10k ticks/s run). They share one rig so the expensive start-up happens once.
 */
import { machineInfo } from '../lib/machine.js';
import { writeResult } from '../lib/results.js';
import { round, ratio } from '../lib/stats.js';
import { printTable, type Row } from '../lib/table.js';
import { searchLimits, type PathLimit } from '../lib/rateSearch.js';
import { TickRig, type PhaseResult, type ReceiverReport } from '../lib/tickRig.js';

export interface TickOptions {
  quick: boolean;
  seed: number;
  latency: boolean;
  search: boolean;
  memory: boolean;
}

const INSTRUMENTS = 100;
const CLIENTS = 10;
const P99_LIMIT_MS = 5;
const MB = 1024 * 1024;

function row(path: string, rate: number, emitted: number, r: ReceiverReport, perClient: number): Row {
  const sampled = r.matched + r.missed;
  return {
    'target ticks/s': rate,
    'emitted/s': emitted,
    path,
    'p50 ms': round(r.latency.p50),
    'p99 ms': round(r.latency.p99),
    'max ms': round(r.latency.max),
    'delivered/s per client': round(r.deliveredPerSec / perClient),
    'delivered/s total': round(r.deliveredPerSec),
    'missed %': sampled ? round((100 * r.missed) / sampled) : NaN,
  };
}

function ratioRow(rate: number, p: ReceiverReport, d: ReceiverReport): Row {
  return {
    'target ticks/s': rate,
    'emitted/s': '',
    path: 'proxy/direct',
    'p50 ms': ratio(p.latency.p50, d.latency.p50),
    'p99 ms': ratio(p.latency.p99, d.latency.p99),
    'max ms': ratio(p.latency.max, d.latency.max),
    'delivered/s per client': ratio(p.deliveredPerSec / CLIENTS, d.deliveredPerSec),
    'delivered/s total': '',
    'missed %': '',
  };
}

function proxyDiagRow(label: string, r: PhaseResult): Row {
  return {
    run: label,
    'target ticks/s': r.targetTicksPerSec,
    'proxy CPU %': r.proxyCpuPercent,
    'proxy event-loop delay p99 ms': Number.isNaN(r.proxyEventLoopDelayP99Ms) ? '' : r.proxyEventLoopDelayP99Ms,
    'proxy RSS max MB': Number.isNaN(r.proxyRssMaxBytes) ? '' : round(r.proxyRssMaxBytes / MB),
    'ticks conflated': r.ticksConflated,
    'emit→gateway p50 ms': r.emitToGateway ? round(r.emitToGateway.p50) : '',
    'emit→gateway p99 ms': r.emitToGateway ? round(r.emitToGateway.p99) : '',
    'simulator CPU %': r.simulatorCpuPercent,
    'ws client procs CPU %': r.wsClientProcsCpuPercent.join(' + '),
    'direct client CPU %': r.directCpuPercent,
  };
}

/** Added latency (path p50 − direct p50 of the same window) and p99 ratio, proxy next to the bare relay. */
function addedRow(p: PhaseResult, r: PhaseResult): Row {
  const pd = p.direct!;
  const rd = r.direct!;
  return {
    'target ticks/s': p.targetTicksPerSec,
    'proxy added p50 ms': round(p.proxy.latency.p50 - pd.latency.p50),
    'relay added p50 ms': round(r.proxy.latency.p50 - rd.latency.p50),
    'proxy p99 / direct': ratio(p.proxy.latency.p99, pd.latency.p99),
    'relay p99 / direct': ratio(r.proxy.latency.p99, rd.latency.p99),
    'proxy CPU %': p.proxyCpuPercent,
    'relay CPU %': r.proxyCpuPercent,
  };
}

export async function runTickScenarios(o: TickOptions): Promise<void> {
  machineInfo();
  const warm = o.quick ? 1_000 : 2_000;
  const win = o.quick ? 2_500 : 8_000;
  const rig = await TickRig.start({ instruments: INSTRUMENTS, clients: CLIENTS, direct: o.latency || o.search, seed: o.seed });
  const notes: string[] = [];
  if (!rig.syntheticSupported) {
    notes.push(`Only ${rig.symbols.length} instruments were available instead of ${INSTRUMENTS} (same total rate).`);
    process.stdout.write(`   warning: ${notes[0]}\n`);
  }
  notes.push(`${rig.symbols.length} instruments (${rig.symbols.filter((x) => x.startsWith('SIM')).length} of them synthetic SIM…), ${CLIENTS} WebSocket clients in ${rig.wsGroups.length} processes.`);
  notes.push(`Model: ${round(rig.fieldsPerStep)} forwarded ticks per quote change on average.`);
  try {
    const idle = await rig.proxyMemory();

    if (o.latency || o.memory) {
      const rates = o.latency ? [1_000, 10_000, 50_000] : [10_000];
      const rows: Row[] = [];
      const diag: Row[] = [];
      const phases: PhaseResult[] = [];
      for (const rate of rates) {
        const r = await rig.measure(rate, warm, win);
        phases.push(r);
        rows.push(row(`proxy (${CLIENTS} ws clients)`, rate, r.emittedTicksPerSec, r.proxy, CLIENTS));
        if (r.direct) {
          rows.push(row('direct @stoqey/ib', rate, r.emittedTicksPerSec, r.direct, 1));
          rows.push(ratioRow(rate, r.proxy, r.direct));
        }
        diag.push(proxyDiagRow('one frame per tick (default)', r));
      }
      const rssAfterMs = 3_000;
      const tenK = phases.find((p) => p.targetTicksPerSec === 10_000);
      await new Promise((r) => setTimeout(r, rssAfterMs));
      const after = await rig.proxyMemory();

      if (o.latency) {
        // The opt-in batch mode (one marketDataBatch frame per client per event-loop turn), same stream.
        await rig.reopenClients(true);
        for (const rate of [10_000, 50_000]) {
          const r = await rig.measure(rate, warm, win);
          phases.push(r);
          rows.push(row(`proxy batchMarketData (${CLIENTS})`, rate, r.emittedTicksPerSec, r.proxy, CLIENTS));
          diag.push(proxyDiagRow('batchMarketData (opt-in)', r));
        }
        // The same clients on the bare relay (procs/relay.ts), the default-mode rates: what any bridge's extra hop
        // costs on this machine, so what the proxy adds can be read against it (the issue's "physical limit").
        const relayPhases = await rig.withRelay(async () => {
          const out: PhaseResult[] = [];
          for (const rate of rates) out.push(await rig.measure(rate, warm, win));
          return out;
        });
        const added: Row[] = [];
        for (const r of relayPhases) {
          phases.push(r);
          rows.push(row(`bare relay (${CLIENTS} ws clients)`, r.targetTicksPerSec, r.emittedTicksPerSec, r.proxy, CLIENTS));
          if (r.direct) {
            rows.push(row('direct @stoqey/ib', r.targetTicksPerSec, r.emittedTicksPerSec, r.direct, 1));
            rows.push({ ...ratioRow(r.targetTicksPerSec, r.proxy, r.direct), path: 'relay/direct' });
          }
          diag.push(proxyDiagRow('bare relay (its process)', r));
          const p = phases.find((x) => x.path === 'proxy' && x.targetTicksPerSec === r.targetTicksPerSec && x.proxyClients.length === r.proxyClients.length);
          if (p?.direct && r.direct) added.push(addedRow(p, r));
        }
        printTable('1) Tick latency, simulator emit → client receipt (VOLUME ticks, every one matched), and delivered ticks/s', rows);
        printTable('1b) The proxy process during each window', diag);
        if (added.length) printTable('1c) What the proxy adds, next to what the bare relay adds (each against the direct client of its own window)', added);
        writeResult('tick-latency', { instruments: rig.symbols.length, clients: CLIENTS, windowMs: win, rows, diagnostics: diag, addedVsRelay: added, phases }, { quick: o.quick, notes });
      }

      if (o.memory && tenK) {
        const mem: Row[] = [
          { when: 'idle (10 clients subscribed, no ticks)', 'RSS MB': round(idle.rss / MB), 'heap used MB': round(idle.heapUsed / MB) },
          { when: 'under 10k ticks/s (max of 200 ms samples)', 'RSS MB': round(tenK.proxyRssMaxBytes / MB), 'heap used MB': '' },
          { when: `${rssAfterMs / 1000} s after the load ended`, 'RSS MB': round(after.rss / MB), 'heap used MB': round(after.heapUsed / MB) },
        ];
        printTable('4) Memory of the proxy process (the proxy alone; simulator, clients and the orchestrator run elsewhere)', mem);
        writeResult('memory', { rows: mem }, { quick: o.quick, notes });
      }
    }

    if (o.search) {
      // Proxy and direct client judged by the same probes: the direct client's limit under the same rule makes the
      // proxy's a ratio, not a figure of this machine. Then the bare relay's limit, searched the same way with the
      // same clients: the highest rate any bridge's extra hop sustains here.
      const probes: Row[] = [];
      const ok = (r: ReceiverReport) => r.latency.p99 < P99_LIMIT_MS && r.missed === 0;
      const searchOpts = { start: 1_000, floor: 250, cap: 128_000, step: 250, maxProbes: o.quick ? 10 : 16 };
      const probe = async (rate: number, path: string) => {
        const r = await rig.measure(rate, o.quick ? 800 : 1_000, o.quick ? 1_500 : 3_000);
        const verdict = { proxy: ok(r.proxy), direct: r.direct !== null && ok(r.direct) };
        probes.push({ ...row(`${path} (${CLIENTS} ws clients)`, rate, r.emittedTicksPerSec, r.proxy, CLIENTS), [`p99 < ${P99_LIMIT_MS} ms`]: verdict.proxy });
        if (r.direct) probes.push({ ...row('direct @stoqey/ib', rate, r.emittedTicksPerSec, r.direct, 1), [`p99 < ${P99_LIMIT_MS} ms`]: verdict.direct });
        return verdict;
      };
      const limits = await searchLimits(['proxy', 'direct'] as const, (rate) => probe(rate, 'proxy'), searchOpts);
      const relay = o.quick ? null : await rig.withRelay(() => searchLimits(['relay'] as const, async (rate) => ({ relay: (await probe(rate, 'bare relay')).proxy }), searchOpts));
      printTable(`2) Highest total rate with p99 < ${P99_LIMIT_MS} ms at all ${CLIENTS} clients (and nothing missed), proxy and direct client in the same probes, then the bare relay`, probes);
      const say = (l: PathLimit) => `${l.good ? `${l.good} ticks/s` : 'below 250 ticks/s'}${l.bad ? ` (fails at ${l.bad})` : ' (no failure up to the cap)'}`;
      const over = (a: number, b: number | undefined) => (b ? round(a / b) : null);
      const ratioOfLimits = over(limits.proxy.good, limits.direct.good);
      process.stdout.write(`   → proxy ${say(limits.proxy)}; direct @stoqey/ib ${say(limits.direct)}; proxy / direct ${ratioOfLimits ?? 'n/a'}\n`);
      if (relay) process.stdout.write(`   → bare relay ${say(relay.relay)}; relay / direct ${over(relay.relay.good, limits.direct.good) ?? 'n/a'}; proxy / relay ${over(limits.proxy.good, relay.relay.good) ?? 'n/a'}\n`);
      writeResult(
        'max-rate',
        {
          limitMs: P99_LIMIT_MS,
          highestPassingTicksPerSec: limits.proxy.good,
          lowestFailingTicksPerSec: limits.proxy.bad || null,
          direct: { highestPassingTicksPerSec: limits.direct.good, lowestFailingTicksPerSec: limits.direct.bad || null },
          relay: relay ? { highestPassingTicksPerSec: relay.relay.good, lowestFailingTicksPerSec: relay.relay.bad || null } : null,
          proxyOverDirect: ratioOfLimits,
          proxyOverRelay: relay ? over(limits.proxy.good, relay.relay.good) : null,
          probes,
        },
        { quick: o.quick, notes },
      );
    }
  } finally {
    await rig.stop();
  }
}

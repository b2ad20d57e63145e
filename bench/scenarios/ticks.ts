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
    'proxy event-loop delay p99 ms': r.proxyEventLoopDelayP99Ms,
    'proxy RSS max MB': round(r.proxyRssMaxBytes / MB),
    'ticks conflated': r.ticksConflated,
    'emit→gateway p50 ms': round(r.emitToGateway.p50),
    'emit→gateway p99 ms': round(r.emitToGateway.p99),
    'simulator CPU %': r.simulatorCpuPercent,
    'ws client procs CPU %': r.wsClientProcsCpuPercent.join(' + '),
    'direct client CPU %': r.directCpuPercent,
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
    const rssIdle = process.memoryUsage().rss;
    const heapIdle = process.memoryUsage().heapUsed;

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
      const rssAfter = process.memoryUsage().rss;
      const heapAfter = process.memoryUsage().heapUsed;

      if (o.latency) {
        // The opt-in batch mode (one marketDataBatch frame per client per event-loop turn), same stream.
        await rig.reopenClients(true);
        for (const rate of [10_000, 50_000]) {
          const r = await rig.measure(rate, warm, win);
          phases.push(r);
          rows.push(row(`proxy batchMarketData (${CLIENTS})`, rate, r.emittedTicksPerSec, r.proxy, CLIENTS));
          diag.push(proxyDiagRow('batchMarketData (opt-in)', r));
        }
        await rig.reopenClients(false);
        printTable('1) Tick latency, simulator emit → client receipt (VOLUME ticks, every one matched), and delivered ticks/s', rows);
        printTable('1b) The proxy process during each window', diag);
        writeResult('tick-latency', { instruments: rig.symbols.length, clients: CLIENTS, windowMs: win, rows, diagnostics: diag, phases }, { quick: o.quick, notes });
      }

      if (o.memory && tenK) {
        const mem: Row[] = [
          { when: 'idle (10 clients subscribed, no ticks)', 'RSS MB': round(rssIdle / MB), 'heap used MB': round(heapIdle / MB) },
          { when: 'under 10k ticks/s (max of 200 ms samples)', 'RSS MB': round(tenK.proxyRssMaxBytes / MB), 'heap used MB': '' },
          { when: `${rssAfterMs / 1000} s after the load ended`, 'RSS MB': round(rssAfter / MB), 'heap used MB': round(heapAfter / MB) },
        ];
        printTable('4) Memory of the proxy process (proxy + the bench orchestrator; simulator and clients run elsewhere)', mem);
        writeResult('memory', { rows: mem }, { quick: o.quick, notes });
      }
    }

    if (o.search) {
      // Both paths judged by the same probes: the direct client's limit under the same rule makes the proxy's a
      // ratio, not a figure of this machine.
      const probes: Row[] = [];
      const ok = (r: ReceiverReport) => r.latency.p99 < P99_LIMIT_MS && r.missed === 0;
      const limits = await searchLimits(
        ['proxy', 'direct'] as const,
        async (rate) => {
          const r = await rig.measure(rate, o.quick ? 800 : 1_000, o.quick ? 1_500 : 3_000);
          const verdict = { proxy: ok(r.proxy), direct: r.direct !== null && ok(r.direct) };
          probes.push({ ...row(`proxy (${CLIENTS} ws clients)`, rate, r.emittedTicksPerSec, r.proxy, CLIENTS), [`p99 < ${P99_LIMIT_MS} ms`]: verdict.proxy });
          if (r.direct) probes.push({ ...row('direct @stoqey/ib', rate, r.emittedTicksPerSec, r.direct, 1), [`p99 < ${P99_LIMIT_MS} ms`]: verdict.direct });
          return verdict;
        },
        { start: 1_000, floor: 250, cap: 128_000, step: 250, maxProbes: o.quick ? 10 : 16 },
      );
      printTable(`2) Highest total rate with p99 < ${P99_LIMIT_MS} ms at all ${CLIENTS} clients (and nothing missed), proxy and direct client in the same probes`, probes);
      const say = (l: PathLimit) => `${l.good ? `${l.good} ticks/s` : 'below 250 ticks/s'}${l.bad ? ` (fails at ${l.bad})` : ' (no failure up to the cap)'}`;
      const ratioOfLimits = limits.direct.good ? round(limits.proxy.good / limits.direct.good) : null;
      process.stdout.write(`   → proxy ${say(limits.proxy)}; direct @stoqey/ib ${say(limits.direct)}; proxy / direct ${ratioOfLimits ?? 'n/a'}\n`);
      writeResult(
        'max-rate',
        {
          limitMs: P99_LIMIT_MS,
          highestPassingTicksPerSec: limits.proxy.good,
          lowestFailingTicksPerSec: limits.proxy.bad || null,
          direct: { highestPassingTicksPerSec: limits.direct.good, lowestFailingTicksPerSec: limits.direct.bad || null },
          proxyOverDirect: ratioOfLimits,
          probes,
        },
        { quick: o.quick, notes },
      );
    }
  } finally {
    await rig.stop();
  }
}

/**
 * The rig of the tick scenarios: simulator (child process) → proxy (this process) → 10 WebSocket clients (split
 * over CLIENT_PROCESSES child processes, so that parsing 500k frames/s at 50k ticks/s is not one process's job),
 * plus one direct @stoqey/ib client (its own child process) on the same simulator stream as the baseline.
 * `measure()` runs one rate and joins the simulator's emit stamps with every receiver's receipts.
 *
 * Every window is preceded by a readiness barrier (every receiver has seen a tick of every symbol since the
 * barrier began) and followed by a drain (nothing moves any more in the proxy or at any receiver), so a phase
 * never measures subscription snapshots, lines that are still being requested at the TWS pacing, or the backlog
 * of the phase before.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { GroupReport } from '../procs/clients.js';
import { Child, now } from './rpc.js';
import { startProxy, type ProxyStack } from './proxyStack.js';
import { round, summarize, type Summary } from './stats.js';

/** WebSocket clients are spread round-robin over this many processes. */
export const CLIENT_PROCESSES = 2;
/** VOLUME receipts are still matched this long after the window (ticks emitted at its very end). */
const GRACE_MS = 500;

export interface ReceiverReport {
  name: string;
  deliveredPerSec: number;
  latency: Summary;
  matched: number;
  missed: number;
}

export interface PhaseResult {
  targetTicksPerSec: number;
  emittedTicksPerSec: number;
  /** Pooled over the proxy's clients; deliveredPerSec is the total of all clients. */
  proxy: ReceiverReport;
  proxyClients: ReceiverReport[];
  direct: ReceiverReport | null;
  /** The proxy process during the window. */
  proxyCpuPercent: number;
  proxyEventLoopDelayP99Ms: number;
  proxyRssMaxBytes: number;
  ticksConflated: number;
  /** Emit → the gateway's 'marketData' event in the proxy: the part of the latency before the WebSocket hub. */
  emitToGateway: Summary;
  /** CPU of the other processes of the rig during the window (% of one core): is the machine the limit? */
  simulatorCpuPercent: number;
  wsClientProcsCpuPercent: number[];
  directCpuPercent: number | null;
}

type Cpu = { user: number; system: number };
const cpuPercent = (a: Cpu, b: Cpu, ms: number) => round(((b.user - a.user + b.system - a.system) / 1000 / ms) * 100);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const procUrl = (name: string) => new URL(`../procs/${name}.ts`, import.meta.url);

/** A receiver's report with the samples it was computed from. */
interface Pooled {
  report: ReceiverReport;
  receivers: ReceiverReport[];
}

function pool(groups: GroupReport[]): Pooled {
  const n = groups.reduce((k, g) => k + g.samples.length, 0);
  const all = new Float64Array(n);
  let at = 0;
  for (const g of groups) {
    all.set(g.samples, at);
    at += g.samples.length;
  }
  const deliveredPerSec = groups.reduce((k, g) => k + g.count / g.seconds, 0);
  const missed = groups.reduce((k, g) => k + g.missed, 0);
  return { report: { name: 'all', deliveredPerSec, latency: summarize(all), matched: n, missed }, receivers: groups.flatMap((g) => g.receivers) };
}

export class TickRig {
  private constructor(
    readonly sim: Child,
    /** The processes of the proxy's WebSocket clients. */
    readonly wsGroups: Child[],
    readonly proxy: ProxyStack,
    readonly symbols: string[],
    readonly fieldsPerStep: number,
    readonly syntheticSupported: boolean,
    private direct: Child | null,
    private clientsPerGroup: number[],
  ) {}

  static async start(opts: { instruments: number; clients: number; direct: boolean; seed: number; batch?: boolean }): Promise<TickRig> {
    const sim = await Child.start(procUrl('simulator'), 'simulator');
    const started: Array<{ stop(): Promise<void> }> = [sim];
    try {
      const s = await sim.call<{ port: number; symbols: string[]; fieldsPerStep: number; syntheticSupported: boolean }>('start', {
        seed: opts.seed,
        instruments: opts.instruments,
      });
      const proxy = await startProxy(s.port, { marketData: { lineBudget: Math.max(100, s.symbols.length) } });
      started.push(proxy);
      const groups: Child[] = [];
      const perGroup = Array.from({ length: CLIENT_PROCESSES }, (_, g) => Math.floor(opts.clients / CLIENT_PROCESSES) + (g < opts.clients % CLIENT_PROCESSES ? 1 : 0));
      for (let g = 0; g < CLIENT_PROCESSES; g++) {
        const c = await Child.start(procUrl('clients'), `ws-clients-${g + 1}`);
        started.push(c);
        groups.push(c);
      }
      await Promise.all(
        groups.map((c, g) => c.call('proxyClients', { url: proxy.wsUrl, token: proxy.token, symbols: s.symbols, n: perGroup[g], batch: opts.batch ?? false, group: g + 1 })),
      );
      let direct: Child | null = null;
      if (opts.direct) {
        direct = await Child.start(procUrl('clients'), 'direct-client');
        started.push(direct);
        await direct.call('directClient', { port: s.port, clientId: 77, symbols: s.symbols });
      }
      const rig = new TickRig(sim, groups, proxy, s.symbols, s.fieldsPerStep, s.syntheticSupported, direct, perGroup);
      await rig.waitAllTicking();
      return rig;
    } catch (e) {
      for (const x of started.reverse()) await x.stop().catch(() => undefined);
      throw e;
    }
  }

  get hasDirect(): boolean {
    return this.direct !== null;
  }

  private receiverProcs(): Child[] {
    return this.direct ? [...this.wsGroups, this.direct] : [...this.wsGroups];
  }

  /**
   * Replaces the WebSocket clients (e.g. with batch-mode ones). The new clients subscribe before the old ones
   * close, so the proxy's TWS lines stay up (closing every client first would release all 100 lines and request
   * them again at the TWS pacing of 40 messages/s: 2.5 s of cancels plus 2.5 s of requests, which is what made
   * batch mode look like it "missed" ticks). Then the readiness barrier.
   */
  async reopenClients(batch: boolean): Promise<void> {
    await Promise.all(
      this.wsGroups.map((c, g) => c.call('proxyClients', { url: this.proxy.wsUrl, token: this.proxy.token, symbols: this.symbols, n: this.clientsPerGroup[g], batch, group: g + 1 })),
    );
    await Promise.all(this.wsGroups.map((c, g) => c.call('closeFirst', { n: this.clientsPerGroup[g] })));
    await this.waitAllTicking();
  }

  /** On `receiver`'s clock from this process's: the moment `t` here. */
  private static on(c: Child, t: number): number {
    return t + c.clockOffsetMs;
  }

  /** Recovery: note, from `at` (this process's clock), each WebSocket client's first tick per symbol. */
  async armClients(at: number, track: boolean): Promise<void> {
    await Promise.all(this.wsGroups.map((c) => c.call('arm', { at: Number.isFinite(at) ? TickRig.on(c, at) : at, track })));
  }

  /** Each WebSocket client's first receipt per symbol since armClients, on this process's clock. */
  async armedClients(): Promise<Array<{ name: string; first: [string, number][] }>> {
    const all = await Promise.all(
      this.wsGroups.map(async (c) => {
        const r = await c.call<Array<{ name: string; first: [string, number][] }>>('armed');
        return r.map((x) => ({ name: x.name, first: x.first.map(([s, t]): [string, number] => [s, t - c.clockOffsetMs]) }));
      }),
    );
    return all.flat();
  }

  /**
   * Readiness barrier: with ticks flowing (at least 2k/s while waiting), every receiver (proxy clients and the
   * direct client) has received a tick of every symbol after the barrier began. Bounded: 30 s, then it says so.
   */
  async waitAllTicking(timeoutMs = 30_000): Promise<void> {
    const procs = this.receiverProcs();
    await this.setRate(2_000);
    const t0 = now();
    await Promise.all(procs.map((c) => c.call('arm', { at: TickRig.on(c, t0), track: true })));
    const deadline = Date.now() + timeoutMs;
    let behind = Infinity;
    while (Date.now() < deadline) {
      const seen = (await Promise.all(procs.map((c) => c.call<Array<{ name: string; first: [string, number][] }>>('armed')))).flat();
      behind = seen.reduce((k, r) => k + (this.symbols.length - r.first.length), 0);
      if (behind === 0) break;
      await sleep(100);
    }
    await Promise.all(procs.map((c) => c.call('arm', { at: Infinity, track: false })));
    await this.setRate(0);
    if (behind > 0) process.stdout.write(`   warning: ${behind} (receiver, symbol) pairs had not ticked ${timeoutMs / 1000} s after the readiness barrier began\n`);
    await this.quiet(500);
  }

  async setRate(ticksPerSecond: number): Promise<void> {
    await this.sim.call('setTickRate', { ticksPerSecond });
  }

  /**
   * Quiet period: rate 0 until every backlog has drained: the proxy stops taking in ticks (after an overloaded
   * phase the backlog sits in the proxy's TCP receive buffer and the simulator's write queue) and every receiver
   * stops receiving (the proxy's socket buffers and the receivers' own). Bounded: 60 s.
   */
  async quiet(ms = 1_500): Promise<void> {
    await this.setRate(0);
    await sleep(ms);
    const deadline = Date.now() + 60_000;
    let last = '';
    while (Date.now() < deadline) {
      const counts = await Promise.all(this.receiverProcs().map((c) => c.call<number>('received', {}, 30_000)));
      const key = `${this.proxy.app.api?.stats().ticksIn ?? 0}/${counts.join(',')}`;
      if (key === last) return;
      last = key;
      await sleep(300);
    }
    process.stdout.write('   warning: the proxy or its clients were still receiving 60 s after the rate was set to 0\n');
  }

  async measure(rate: number, warmupMs: number, windowMs: number): Promise<PhaseResult> {
    await this.setRate(rate);
    await sleep(warmupMs);
    const stats0 = this.proxy.app.api?.stats();
    const cpu0 = process.cpuUsage();
    const loop = monitorEventLoopDelay({ resolution: 1 });
    let rssMax = process.memoryUsage().rss;
    const rssTimer = setInterval(() => {
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
    }, 200);
    loop.enable();
    // Diagnostic tap on the gateway's event (VOLUME only: one Map.set per sampled tick).
    const atGateway = new Map<string, number>();
    const tap = (u: { symbol: string; field: number; value: number }) => {
      if (u.field === 8) atGateway.set(`${u.symbol}|${u.value}`, now());
    };
    this.proxy.gateway.on('marketData', tap);
    const others = [this.sim, ...this.wsGroups, ...(this.direct ? [this.direct] : [])];
    const cpuOthers0 = await Promise.all(others.map((c) => c.call<Cpu>('cpu')));
    const t0 = performance.now();
    // Receivers first (they close their own window at windowMs, and match late receipts for GRACE_MS more).
    const procs = this.receiverProcs();
    await Promise.all(procs.map((c) => c.call('startRecording', { windowMs, graceMs: GRACE_MS })));
    await this.sim.call('startRecording', { windowMs });
    await sleep(windowMs);
    const rec = await this.sim.call<{ durationMs: number; emittedTicks: number; emits: [string, number][] }>('stopRecording');
    // Grace for ticks emitted at the end of the window that are still on their way.
    await sleep(GRACE_MS);
    const cpuOthers1 = await Promise.all(others.map((c) => c.call<Cpu>('cpu', {}, 60_000)));
    const elapsed = performance.now() - t0;
    const otherCpu = others.map((_, i) => cpuPercent(cpuOthers0[i]!, cpuOthers1[i]!, elapsed));
    loop.disable();
    clearInterval(rssTimer);
    this.proxy.gateway.off('marketData', tap);
    const cpu = process.cpuUsage(cpu0);
    const stats1 = this.proxy.app.api?.stats();
    // The load stops before the join: a saturated receiver answers sooner, and nothing of the next phase overlaps.
    await this.setRate(0);
    const hop: number[] = [];
    for (const [key, te] of rec.emits) {
      const tg = atGateway.get(key);
      if (tg !== undefined) hop.push(tg - (te - this.sim.clockOffsetMs));
    }
    const shift = (c: Child) => c.clockOffsetMs - this.sim.clockOffsetMs;
    const join = (c: Child) => c.call<GroupReport>('stopRecording', { emits: rec.emits, emitShift: shift(c) }, 60_000);
    const [groups, direct] = await Promise.all([Promise.all(this.wsGroups.map(join)), this.direct ? join(this.direct) : Promise.resolve(null)]);
    await this.quiet();
    const proxy = pool(groups);
    return {
      targetTicksPerSec: rate,
      emittedTicksPerSec: round(rec.emittedTicks / (rec.durationMs / 1000)),
      proxy: proxy.report,
      proxyClients: proxy.receivers,
      direct: direct ? pool([direct]).report : null,
      proxyCpuPercent: round(((cpu.user + cpu.system) / 1000 / elapsed) * 100),
      proxyEventLoopDelayP99Ms: round(loop.percentile(99) / 1e6),
      proxyRssMaxBytes: rssMax,
      ticksConflated: (stats1?.ticksConflated ?? 0) - (stats0?.ticksConflated ?? 0),
      emitToGateway: summarize(hop),
      simulatorCpuPercent: otherCpu[0]!,
      wsClientProcsCpuPercent: otherCpu.slice(1, 1 + this.wsGroups.length),
      directCpuPercent: this.direct ? otherCpu[otherCpu.length - 1]! : null,
    };
  }

  async stop(): Promise<void> {
    for (const c of [this.direct, ...this.wsGroups]) await c?.stop().catch(() => undefined);
    await this.proxy.stop().catch(() => undefined);
    await this.sim.stop().catch(() => undefined);
  }
}

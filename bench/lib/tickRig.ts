/**
 * The rig of the tick scenarios: simulator (child process) → proxy (child process) → 10 WebSocket clients (split
 * over CLIENT_PROCESSES child processes, so that parsing 500k frames/s at 50k ticks/s is not one process's job),
 * plus one direct @stoqey/ib client (its own child process) on the same simulator stream as the baseline. This
 * process only orchestrates. `measure()` runs one rate and joins the simulator's emit stamps with every receiver's
 * receipts; `withRelay()` puts the same clients on the bare relay (procs/relay.ts) instead of the proxy.
 *
 * Every window is preceded by a readiness barrier (every receiver has seen a tick of every symbol since the
 * barrier began) and followed by a drain (nothing moves any more in the proxy or at any receiver), so a phase
 * never measures subscription snapshots, lines that are still being requested at the TWS pacing, or the backlog
 * of the phase before.
 */
import type { GroupReport } from '../procs/clients.js';
import type { ProxyEndpoints, ProxyWindow } from '../procs/proxy.js';
import { Child, now } from './rpc.js';
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
  /** What the WebSocket clients were connected to in this window. */
  path: 'proxy' | 'relay';
  /** The proxy process during the window (the relay's process in a relay window). */
  proxyCpuPercent: number;
  proxyEventLoopDelayP99Ms: number;
  proxyRssMaxBytes: number;
  ticksConflated: number;
  /** Emit → the gateway's 'marketData' event in the proxy: the part of the latency before the WebSocket hub. */
  emitToGateway: Summary | null;
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
  /** Where the WebSocket clients are connected: the proxy, or the bare relay inside withRelay(). */
  private wsUrl: string;
  /** The relay's process while withRelay() runs: a window then measures it instead of the proxy. */
  private relay: Child | null = null;

  private constructor(
    readonly sim: Child,
    /** The processes of the proxy's WebSocket clients. */
    readonly wsGroups: Child[],
    /** The proxy's own process (procs/proxy.ts). */
    readonly proxyProc: Child,
    readonly proxy: ProxyEndpoints,
    readonly symbols: string[],
    readonly fieldsPerStep: number,
    readonly syntheticSupported: boolean,
    private direct: Child | null,
    private clientsPerGroup: number[],
    private readonly simPort: number,
  ) {
    this.wsUrl = proxy.wsUrl;
  }

  static async start(opts: { instruments: number; clients: number; direct: boolean; seed: number; batch?: boolean }): Promise<TickRig> {
    const sim = await Child.start(procUrl('simulator'), 'simulator');
    const started: Array<{ stop(): Promise<void> }> = [sim];
    try {
      const s = await sim.call<{ port: number; symbols: string[]; fieldsPerStep: number; syntheticSupported: boolean }>('start', {
        seed: opts.seed,
        instruments: opts.instruments,
      });
      const proxyProc = await Child.start(procUrl('proxy'), 'proxy');
      started.push(proxyProc);
      const proxy = await proxyProc.call<ProxyEndpoints>('start', { simPort: s.port, overrides: { marketData: { lineBudget: Math.max(100, s.symbols.length) } } }, 60_000);
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
      const rig = new TickRig(sim, groups, proxyProc, proxy, s.symbols, s.fieldsPerStep, s.syntheticSupported, direct, perGroup, s.port);
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
   * Replaces the WebSocket clients (e.g. with batch-mode ones, or ones on another server). The new clients
   * subscribe before the old ones close, so the proxy's TWS lines stay up when both are the proxy's (closing every
   * client first would release all 100 lines and request them again at the TWS pacing of 40 messages/s: 2.5 s of
   * cancels plus 2.5 s of requests, which is what made batch mode look like it "missed" ticks). Then the readiness
   * barrier.
   */
  async reopenClients(batch: boolean, url = this.wsUrl): Promise<void> {
    await Promise.all(
      this.wsGroups.map((c, g) => c.call('proxyClients', { url, token: this.proxy.token, symbols: this.symbols, n: this.clientsPerGroup[g], batch, group: g + 1 })),
    );
    await Promise.all(this.wsGroups.map((c, g) => c.call('closeFirst', { n: this.clientsPerGroup[g] })));
    this.wsUrl = url;
    await this.waitAllTicking();
  }

  /**
   * Runs `phases` with the WebSocket clients on the bare relay (procs/relay.ts: @stoqey/ib → one JSON frame per
   * tick → the same clients, the proxy's write policy, nothing else) instead of the proxy: what one more hop costs on
   * this machine, measured with the same receivers and the same direct client. The relay runs only for these
   * phases, and the proxy has no clients meanwhile (it releases its lines), so neither loads the other's windows.
   */
  async withRelay<T>(phases: () => Promise<T>): Promise<T> {
    const relay = await Child.start(procUrl('relay'), 'relay');
    try {
      const { wsUrl } = await relay.call<{ wsUrl: string }>('start', { simPort: this.simPort, clientId: 78, symbols: this.symbols }, 60_000);
      this.relay = relay;
      await this.reopenClients(false, wsUrl);
      return await phases();
    } finally {
      this.relay = null;
      await this.reopenClients(false, this.proxy.wsUrl);
      await relay.stop().catch(() => undefined);
    }
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

  /** The proxy's connectionStatus events since the last call, on this process's clock (recovery). */
  async proxyStatusLog(): Promise<Array<{ status: string; at: number }>> {
    const log = await this.proxyProc.call<Array<{ status: string; at: number }>>('takeStatusLog');
    return log.map((e) => ({ status: e.status, at: e.at - this.proxyProc.clockOffsetMs }));
  }

  /** RSS and heap of the proxy process. */
  proxyMemory(): Promise<{ rss: number; heapUsed: number }> {
    return this.proxyProc.call('memory');
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
      const counts = await Promise.all([this.proxyProc, ...this.receiverProcs()].map((c) => c.call<number>(c === this.proxyProc ? 'ticksIn' : 'received', {}, 30_000)));
      const key = counts.join(',');
      if (key === last) return;
      last = key;
      await sleep(300);
    }
    process.stdout.write('   warning: the proxy or its clients were still receiving 60 s after the rate was set to 0\n');
  }

  async measure(rate: number, warmupMs: number, windowMs: number): Promise<PhaseResult> {
    await this.setRate(rate);
    await sleep(warmupMs);
    // The server the clients are on: the proxy's instruments (procs/proxy.ts), or only the CPU of the relay.
    const server = this.relay ?? this.proxyProc;
    const others = [this.sim, ...this.wsGroups, ...(this.direct ? [this.direct] : [])];
    const cpuOthers0 = await Promise.all([server, ...others].map((c) => c.call<Cpu>('cpu')));
    if (!this.relay) await this.proxyProc.call('beginWindow');
    const t0 = performance.now();
    // Receivers first (they close their own window at windowMs, and match late receipts for GRACE_MS more).
    const procs = this.receiverProcs();
    await Promise.all(procs.map((c) => c.call('startRecording', { windowMs, graceMs: GRACE_MS })));
    await this.sim.call('startRecording', { windowMs });
    await sleep(windowMs);
    const rec = await this.sim.call<{ durationMs: number; emittedTicks: number; emits: [string, number][] }>('stopRecording');
    // Grace for ticks emitted at the end of the window that are still on their way.
    await sleep(GRACE_MS);
    const win = this.relay ? null : await this.proxyProc.call<ProxyWindow>('endWindow', {}, 60_000);
    const cpuOthers1 = await Promise.all([server, ...others].map((c) => c.call<Cpu>('cpu', {}, 60_000)));
    const elapsed = performance.now() - t0;
    const cpu = cpuOthers0.map((c0, i) => cpuPercent(c0, cpuOthers1[i]!, elapsed));
    // The load stops before the join: a saturated receiver answers sooner, and nothing of the next phase overlaps.
    await this.setRate(0);
    let emitToGateway: Summary | null = null;
    if (win) {
      const atGateway = new Map(win.atGateway);
      const hop: number[] = [];
      for (const [key, te] of rec.emits) {
        const tg = atGateway.get(key);
        if (tg !== undefined) hop.push(tg - this.proxyProc.clockOffsetMs - (te - this.sim.clockOffsetMs));
      }
      emitToGateway = summarize(hop);
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
      path: this.relay ? 'relay' : 'proxy',
      // The proxy's own figure over its window when it has one; the relay's from its CPU counters.
      proxyCpuPercent: win ? round((win.cpuMicros / 1000 / win.elapsedMs) * 100) : cpu[0]!,
      proxyEventLoopDelayP99Ms: win ? round(win.eventLoopDelayP99Ms) : NaN,
      proxyRssMaxBytes: win ? win.rssMaxBytes : NaN,
      ticksConflated: win ? win.ticksConflated : 0,
      emitToGateway,
      simulatorCpuPercent: cpu[1]!,
      wsClientProcsCpuPercent: cpu.slice(2, 2 + this.wsGroups.length),
      directCpuPercent: this.direct ? cpu[cpu.length - 1]! : null,
    };
  }

  async stop(): Promise<void> {
    for (const c of [this.direct, ...this.wsGroups]) await c?.stop().catch(() => undefined);
    await this.proxyProc.stop().catch(() => undefined);
    await this.sim.stop().catch(() => undefined);
  }
}

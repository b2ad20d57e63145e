/**
 * The rig of the tick scenarios: simulator (child process) → proxy (this process) → 10 WebSocket clients (child
 * process), plus one direct @stoqey/ib client (its own child process) on the same simulator stream as the
 * baseline. `measure()` runs one rate and joins the simulator's emit stamps with every receiver's receipts.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Child } from './rpc.js';
import { startProxy, type ProxyStack } from './proxyStack.js';
import { now } from './rpc.js';
import { round, summarize, type Summary } from './stats.js';

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
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const procUrl = (name: string) => new URL(`../procs/${name}.ts`, import.meta.url);

export class TickRig {
  private constructor(
    readonly sim: Child,
    readonly wsClients: Child,
    readonly proxy: ProxyStack,
    readonly symbols: string[],
    readonly fieldsPerStep: number,
    readonly syntheticSupported: boolean,
    private direct: Child | null,
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
      const ws = await Child.start(procUrl('clients'), 'ws-clients');
      started.push(ws);
      await ws.call('proxyClients', { url: proxy.wsUrl, token: proxy.token, symbols: s.symbols, n: opts.clients, batch: opts.batch ?? false });
      let direct: Child | null = null;
      if (opts.direct) {
        direct = await Child.start(procUrl('clients'), 'direct-client');
        started.push(direct);
        await direct.call('directClient', { port: s.port, clientId: 77, symbols: s.symbols });
      }
      return new TickRig(sim, ws, proxy, s.symbols, s.fieldsPerStep, s.syntheticSupported, direct);
    } catch (e) {
      for (const x of started.reverse()) await x.stop().catch(() => undefined);
      throw e;
    }
  }

  get hasDirect(): boolean {
    return this.direct !== null;
  }

  async dropDirect(): Promise<void> {
    await this.direct?.stop();
    this.direct = null;
  }

  /** Replaces the WebSocket clients (e.g. with batch-mode ones). */
  async reopenClients(n: number, batch: boolean): Promise<void> {
    await this.wsClients.call('closeAll');
    await sleep(300);
    await this.wsClients.call('proxyClients', { url: this.proxy.wsUrl, token: this.proxy.token, symbols: this.symbols, n, batch });
  }

  async setRate(ticksPerSecond: number): Promise<void> {
    await this.sim.call('setTickRate', { ticksPerSecond });
  }

  /** Quiet period: rate 0 until every backlog (sockets, conflation) has drained. */
  async quiet(ms = 1_500): Promise<void> {
    await this.setRate(0);
    await sleep(ms);
    // After an overloaded phase the backlog sits in the proxy's TCP receive buffer and the simulator's write
    // queue: wait (bounded, 60 s) until the proxy stops taking in ticks, so phases never overlap.
    const deadline = Date.now() + 60_000;
    let last = -1;
    while (Date.now() < deadline) {
      const n = this.proxy.app.api?.stats().ticksIn ?? 0;
      if (n === last) return;
      last = n;
      await sleep(300);
    }
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
    const t0 = performance.now();
    await Promise.all([this.wsClients.call('startRecording'), this.direct?.call('startRecording')]);
    await this.sim.call('startRecording');
    await sleep(windowMs);
    const rec = await this.sim.call<{ durationMs: number; emittedTicks: number; emits: [string, number][] }>('stopRecording');
    // Grace for ticks emitted at the end of the window that are still on their way.
    await sleep(500);
    const elapsed = performance.now() - t0;
    loop.disable();
    clearInterval(rssTimer);
    this.proxy.gateway.off('marketData', tap);
    const hop: number[] = [];
    for (const [key, te] of rec.emits) {
      const tg = atGateway.get(key);
      if (tg !== undefined) hop.push(tg - (te - this.sim.clockOffsetMs));
    }
    const cpu = process.cpuUsage(cpu0);
    const stats1 = this.proxy.app.api?.stats();
    const shift = (c: Child) => c.clockOffsetMs - this.sim.clockOffsetMs;
    type Joined = { receivers: ReceiverReport[]; pooled: ReceiverReport };
    const [proxy, direct] = await Promise.all([
      this.wsClients.call<Joined>('stopRecording', { emits: rec.emits, emitShift: shift(this.wsClients) }),
      this.direct ? this.direct.call<Joined>('stopRecording', { emits: rec.emits, emitShift: shift(this.direct) }) : Promise.resolve(null),
    ]);
    await this.quiet();
    return {
      targetTicksPerSec: rate,
      emittedTicksPerSec: round(rec.emittedTicks / (rec.durationMs / 1000)),
      proxy: proxy.pooled,
      proxyClients: proxy.receivers,
      direct: direct?.pooled ?? null,
      proxyCpuPercent: round(((cpu.user + cpu.system) / 1000 / elapsed) * 100),
      proxyEventLoopDelayP99Ms: round(loop.percentile(99) / 1e6),
      proxyRssMaxBytes: rssMax,
      ticksConflated: (stats1?.ticksConflated ?? 0) - (stats0?.ticksConflated ?? 0),
      emitToGateway: summarize(hop),
    };
  }

  async stop(): Promise<void> {
    for (const c of [this.direct, this.wsClients]) await c?.stop().catch(() => undefined);
    await this.proxy.stop().catch(() => undefined);
    await this.sim.stop().catch(() => undefined);
  }
}

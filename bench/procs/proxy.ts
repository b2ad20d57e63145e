/**
 * Child process: the proxy under test, alone in its process (composed by proxyStack.ts exactly as `npm run serve`
 * composes it). The orchestrator used to host it, so the proxy's event loop also ran the orchestrator's IPC with
 * five children, its sleeps and its joins, and the proxy's CPU figure included them. Now what this process spends
 * is the proxy's, plus the instruments below: one Map.set per sampled tick and a 10 ms timer (a 1 ms one cost about 2 % of a core
 * at 1k ticks/s, more than the bare relay's whole difference to the proxy there).
 *
 * Instruments of one window (`beginWindow` … `endWindow`): CPU time, event-loop delay, max RSS, the hub's counters,
 * and a tap on the gateway's `marketData` event for VOLUME ticks (emit → gateway, the part of the latency spent
 * before the WebSocket hub).
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { SettingsInput } from '../../src/core/config/settingsSchema.js';
import type { MarketDataUpdate } from '../../src/common/contract.js';
import { now, serveRpc } from '../lib/rpc.js';
import { startProxy, type ProxyStack } from '../lib/proxyStack.js';

/** What the orchestrator needs to reach the proxy. */
export interface ProxyEndpoints {
  port: number;
  baseUrl: string;
  wsUrl: string;
  token: string;
}

/** One window of the proxy process. */
export interface ProxyWindow {
  cpuMicros: number;
  elapsedMs: number;
  eventLoopDelayP99Ms: number;
  rssMaxBytes: number;
  ticksConflated: number;
  /** "SYMBOL|volume" → the gateway's marketData event, this process's clock. */
  atGateway: [string, number][];
}

const VOLUME = 8;
const LOOP_RESOLUTION_MS = 10;
let proxy: ProxyStack | null = null;
let statusLog: Array<{ status: string; at: number }> = [];

interface Window {
  t0: number;
  cpu0: NodeJS.CpuUsage;
  conflated0: number;
  loop: IntervalHistogram;
  rssMax: number;
  rssTimer: NodeJS.Timeout;
  atGateway: Map<string, number>;
  tap: (u: MarketDataUpdate) => void;
}
let win: Window | null = null;

function running(): ProxyStack {
  if (!proxy) throw new Error('the proxy is not started');
  return proxy;
}

const stats = () => running().app.api?.stats();

serveRpc(
  {
    async start(a: { simPort: number; overrides?: SettingsInput }): Promise<ProxyEndpoints> {
      proxy = await startProxy(a.simPort, a.overrides ?? {});
      proxy.gateway.on('connectionStatus', (e: { status: string }) => statusLog.push({ status: e.status, at: now() }));
      return { port: proxy.port, baseUrl: proxy.baseUrl, wsUrl: proxy.wsUrl, token: proxy.token };
    },
    /** Ticks the hub has taken in so far (the orchestrator waits for it to stop moving between phases). */
    ticksIn: () => stats()?.ticksIn ?? 0,
    memory: () => ({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed }),
    /** connectionStatus events since the last call, this process's clock (recovery). */
    takeStatusLog() {
      const out = statusLog;
      statusLog = [];
      return out;
    },
    beginWindow() {
      const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
      loop.enable();
      const atGateway = new Map<string, number>();
      const tap = (u: MarketDataUpdate) => {
        if (u.field === VOLUME) atGateway.set(`${u.symbol}|${u.value}`, now());
      };
      running().gateway.on('marketData', tap);
      const w: Window = {
        t0: performance.now(),
        cpu0: process.cpuUsage(),
        conflated0: stats()?.ticksConflated ?? 0,
        loop,
        rssMax: process.memoryUsage().rss,
        rssTimer: setInterval(() => {
          w.rssMax = Math.max(w.rssMax, process.memoryUsage().rss);
        }, 200),
        atGateway,
        tap,
      };
      win = w;
      return true;
    },
    endWindow(): ProxyWindow {
      const w = win;
      if (!w) throw new Error('no window open');
      win = null;
      const cpu = process.cpuUsage(w.cpu0);
      const elapsedMs = performance.now() - w.t0;
      w.loop.disable();
      clearInterval(w.rssTimer);
      running().gateway.off('marketData', w.tap);
      return {
        cpuMicros: cpu.user + cpu.system,
        elapsedMs,
        // The histogram records the time between two runs of its timer: the delay is what exceeds the interval.
        eventLoopDelayP99Ms: Math.max(0, w.loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
        rssMaxBytes: w.rssMax,
        ticksConflated: (stats()?.ticksConflated ?? 0) - w.conflated0,
        atGateway: [...w.atGateway.entries()],
      };
    },
  },
  async () => {
    await proxy?.stop();
  },
);

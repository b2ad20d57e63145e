/**
 * `npm run soak [-- --minutes 10] [-- --seed 1]`: a bounded chaos run. Three WebSocket clients subscribe and
 * unsubscribe; orders are placed (REST, idempotency keys, retried on failure with the same key), modified and
 * cancelled at a steady rate while the simulator is restarted, turned half-open, sent 1100 / 1101 / 1102 and
 * malformed frames at seeded random moments. At the end the broker's record, the proxy's state and journal, and
 * what the clients were told are compared (soak/verdict.ts). Any loss or duplicate exits 1.
 *
 * Everything runs in this process (simulator, proxy, clients): timing is not the point here, correctness is.
 * Heartbeat and reconnect are tuned shorter than the defaults so that a 2-minute run sees several recoveries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TwsSimulator, demoClock } from '../src/simulator/index.js';
import { parseArgs } from './lib/args.js';
import { machineInfo } from './lib/machine.js';
import { startProxy } from './lib/proxyStack.js';
import { writeResult } from './lib/results.js';
import { round } from './lib/stats.js';
import { printTable } from './lib/table.js';
import { Observer } from './soak/observer.js';
import { OrderClient } from './soak/orderClient.js';
import { Prng } from './soak/prng.js';
import { judge } from './soak/verdict.js';

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'JPM', 'KO', 'PEP', 'INTC', 'CSCO'];
const ACTION_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 1024 * 1024;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['--minutes', '--seed']);
  const m = machineInfo();
  const rng = new Prng(args.seed);
  const faultRng = new Prng(args.seed * 7919 + 1);
  process.stdout.write(`edgerunner soak: ${args.minutes} min, seed ${args.seed}, ${m.cpuModel} × ${m.cores}, Node ${m.node}, commit ${m.gitCommit}, load ${m.loadAverageAtStart.join(' / ')}\n`);

  const sim = new TwsSimulator({ clock: demoClock(), seed: args.seed, ticksPerSecond: 4 });
  const simPort = await sim.start(0, '127.0.0.1');
  const proxy = await startProxy(simPort, {
    ibkr: { heartbeatIntervalMs: 1_000, heartbeatTimeoutMs: 3_000, reconnect: { initialDelayMs: 200, maxDelayMs: 2_000 } },
  });
  const observers: Observer[] = [];
  const faultLog: string[] = [];
  let halfOpenTimer: NodeJS.Timeout | null = null;
  try {
    for (let i = 0; i < 3; i++) observers.push(await Observer.open(proxy.wsUrl, proxy.token, `client${i + 1}`));
    for (const o of observers) await o.subscribe([rng.pick(SYMBOLS), rng.pick(SYMBOLS)]).catch(() => undefined);
    const orders = new OrderClient(proxy.baseUrl, proxy.token);
    await sleep(2_000);
    const rssStart = process.memoryUsage().rss;
    const heapStart = process.memoryUsage().heapUsed;

    const endAt = Date.now() + args.minutes * 60_000;
    let nextFault = Date.now() + faultRng.between(5_000, 15_000);
    // Every kind at least once per run: the first five faults are a seeded shuffle of all of them (1100 followed by
    // 1101 and by 1102 count as two), then seeded random picks. A run too short for five faults says so.
    type FaultKind = 'restart' | 'half-open' | 'connectivity-1101' | 'connectivity-1102' | 'malformed';
    const firstFaults: FaultKind[] = ['restart', 'half-open', 'connectivity-1101', 'connectivity-1102', 'malformed'];
    for (let i = firstFaults.length - 1; i > 0; i--) {
      const j = faultRng.int(0, i);
      [firstFaults[i], firstFaults[j]] = [firstFaults[j]!, firstFaults[i]!];
    }
    const kindsSeen = new Set<FaultKind>();
    let seq = 0;
    const maxActions = Math.ceil((args.minutes * 60_000) / ACTION_MS) + 10;
    const pending: Promise<unknown>[] = [];
    for (let n = 0; n < maxActions && Date.now() < endAt; n++) {
      if (Date.now() >= nextFault) {
        const kind: FaultKind = firstFaults.shift() ?? faultRng.pick(['restart', 'half-open', 'connectivity-1101', 'connectivity-1102', 'malformed'] as const);
        kindsSeen.add(kind);
        const at = `${round((Date.now() - (endAt - args.minutes * 60_000)) / 1000)} s`;
        if (kind === 'restart') {
          const down = Math.round(faultRng.between(500, 3_000));
          faultLog.push(`${at}: restart, down ${down} ms`);
          pending.push(sim.faults.restart(down));
        } else if (kind === 'half-open') {
          const ms = Math.round(faultRng.between(2_000, 6_000));
          faultLog.push(`${at}: half-open for ${ms} ms`);
          sim.faults.setHalfOpen(true);
          halfOpenTimer = setTimeout(() => sim.faults.setHalfOpen(false), ms);
        } else if (kind === 'connectivity-1101' || kind === 'connectivity-1102') {
          const lost = kind === 'connectivity-1101';
          const ms = Math.round(faultRng.between(500, 3_000));
          faultLog.push(`${at}: 1100, then ${lost ? 1101 : 1102} after ${ms} ms`);
          sim.faults.connectivityLost();
          setTimeout(() => sim.faults.connectivityRestored(lost), ms).unref();
        } else {
          const k = faultRng.pick(['unknown-message', 'extra-field', 'bad-json-reject'] as const);
          faultLog.push(`${at}: malformed frame ${k}`);
          sim.faults.sendMalformedFrame(k);
        }
        nextFault = Date.now() + faultRng.between(8_000, 20_000);
      }

      const r = rng.next();
      const symbol = rng.pick(SYMBOLS);
      const q = sim.market.quote(symbol);
      if (r < 0.45 && orders.inFlight < 8 && q) {
        const buy = rng.next() < 0.5;
        const marketable = rng.next() < 0.3;
        // Marketable ones fill (fills during outages are the interesting case); the others rest near the market.
        const price = marketable ? (buy ? q.ask + 0.05 : q.bid - 0.05) : buy ? q.bid - rng.int(5, 50) * 0.01 : q.ask + rng.int(5, 50) * 0.01;
        const key = `soak-${args.seed}-${++seq}`;
        pending.push(orders.place(key, { symbol, action: buy ? 'BUY' : 'SELL', quantity: rng.int(1, 5) * 10, orderType: 'LMT', price: Math.max(0.01, Math.round(price * 100) / 100), timeInForce: 'DAY' }));
      } else if (r < 0.6 && orders.open.length) {
        const ref = rng.pick(orders.open);
        const rq = sim.market.quote(ref.symbol);
        if (rq) pending.push(orders.modify(ref, Math.round((rq.bid - rng.int(5, 80) * 0.01) * 100) / 100));
      } else if (r < 0.8 && orders.open.length) {
        pending.push(orders.cancel(rng.pick(orders.open)));
      } else if (r < 0.9) {
        const o = rng.pick(observers);
        pending.push(o.subscribe([rng.pick(SYMBOLS)]).catch(() => undefined));
      } else {
        const o = rng.pick(observers);
        const ids = [...o.subscriptions.keys()];
        if (ids.length > 1) pending.push(o.unsubscribe(rng.pick(ids)).catch(() => undefined));
      }
      if (pending.length > 200) await Promise.allSettled(pending.splice(0, 100));
      await sleep(ACTION_MS);
    }

    // Settle: faults off, every request answered, the proxy connected and reconciled.
    if (halfOpenTimer) clearTimeout(halfOpenTimer);
    sim.faults.setHalfOpen(false);
    sim.faults.connectivityRestored(false);
    await Promise.allSettled(pending);
    const settleDeadline = Date.now() + 30_000;
    while (proxy.gateway.getStatus().status !== 'connected' && Date.now() < settleDeadline) await sleep(100);
    await sleep(5_000);

    // Subscriptions: every symbol every client still holds must tick within 15 s.
    const since = Date.now();
    const wanted = observers.flatMap((o) => [...new Set([...o.subscriptions.values()].flat())].map((s) => ({ o, s })));
    const tickDeadline = Date.now() + 15_000;
    while (Date.now() < tickDeadline && wanted.some(({ o, s }) => (o.lastTick.get(s) ?? 0) < since)) await sleep(100);
    const notRestored = wanted.filter(({ o, s }) => (o.lastTick.get(s) ?? 0) < since).map(({ o, s }) => `${o.name}:${s}`);

    const proxyOrders = (await orders.get<{ orders: Array<{ orderId: number; status: string; idempotencyKey?: string }> }>('/api/orders')).orders ?? [];
    const proxyExecs = (await orders.get<{ executions: Array<{ execId: string }> }>('/api/executions')).executions ?? [];
    const journalFile = path.join(proxy.dataDir, 'orders-journal.jsonl');
    const journalLines = fs.existsSync(journalFile)
      ? fs.readFileSync(journalFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
      : [];
    const v = judge({
      placements: orders.placements,
      brokerOrders: sim.broker.orders(),
      brokerExecutions: sim.broker.executions().map((e) => e.execution),
      proxyOrders,
      proxyExecutionIds: new Set(proxyExecs.map((e) => e.execId)),
      journalLines,
      observers,
    });
    const rssEnd = process.memoryUsage().rss;
    const heapEnd = process.memoryUsage().heapUsed;
    const rows = [
      { figure: 'orders sent (distinct idempotency keys)', value: v.ordersSent },
      { figure: 'broker orders for those keys', value: v.brokerOrders },
      { figure: 'clients told "placed"', value: v.placedAcknowledged },
      { figure: 'refused by the proxy (4xx, not sent)', value: v.rejectedByProxy },
      { figure: 'unanswered after 4 attempts', value: v.unresolvedAfterRetries },
      { figure: 'ORDERS LOST', value: v.ordersLost },
      { figure: 'ORDERS DUPLICATED', value: v.ordersDuplicated },
      { figure: 'broker orders missing from the journal', value: v.missingFromJournal },
      { figure: 'final status proxy ≠ broker', value: v.finalStatusDisagrees },
      { figure: 'modifies / failed', value: `${orders.counts.modifies} / ${orders.counts.modifyErrors}` },
      { figure: 'cancels / failed', value: `${orders.counts.cancels} / ${orders.counts.cancelErrors}` },
      { figure: 'fills (broker executions of ours)', value: v.fills },
      { figure: 'FILLS NEVER REPORTED (per client)', value: v.fillsNeverReported },
      { figure: 'FILLS REPORTED TWICE (per client)', value: v.fillsReportedTwice },
      { figure: 'fills reported late, > 5 s (per client)', value: v.fillsReportedLate },
      { figure: 'subscriptions not restored', value: notRestored.length },
      { figure: 'faults injected', value: faultLog.length },
      { figure: 'fault kinds seen (of 5)', value: `${kindsSeen.size}: ${[...kindsSeen].sort().join(', ')}` },
      { figure: 'memory growth RSS MB (whole process)', value: round((rssEnd - rssStart) / MB) },
      { figure: 'memory growth heap MB', value: round((heapEnd - heapStart) / MB) },
    ];
    printTable(`soak: ${args.minutes} min, seed ${args.seed}`, rows);
    process.stdout.write(`faults: ${faultLog.join('; ')}\n`);
    for (const d of v.details.slice(0, 40)) process.stdout.write(`  ${d}\n`);
    if (notRestored.length) process.stdout.write(`  not restored: ${notRestored.join(', ')}\n`);
    const failed = v.ordersLost + v.ordersDuplicated + v.missingFromJournal + v.fillsNeverReported + v.fillsReportedTwice > 0;
    if (kindsSeen.size < 5) process.stdout.write(`note: only ${kindsSeen.size} of the 5 fault kinds fitted in ${args.minutes} min (about 75 s are needed)\n`);
    writeResult('soak', { minutes: args.minutes, seed: args.seed, verdict: v, notRestored, faults: faultLog, faultKindsSeen: [...kindsSeen].sort(), rows, failed }, { quick: false });
    process.stdout.write(failed ? 'SOAK FAILED: loss or duplicate (see above)\n' : 'soak passed: nothing lost, nothing duplicated\n');
    return failed ? 1 : 0;
  } finally {
    if (halfOpenTimer) clearTimeout(halfOpenTimer);
    for (const o of observers) o.close();
    await proxy.stop().catch(() => undefined);
    await sim.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`soak failed to run: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(2);
  },
);

/**
 * Stand-alone TWS simulator: `npm run simulator -- --port 7497`. Point any TWS API client (stoqey, ib_async,
 * IBKR's own samples) at 127.0.0.1:<port>. Ctrl+C stops it cleanly.
 */
import { parseArgs } from 'node:util';
import { SimulatedClock, TwsSimulator, demoPortfolio } from './index.js';

const USAGE = `Usage: npm run simulator -- [options]
  --port <n>               TCP port (default 7497, the TWS paper port; 0 = any free port)
  --host <addr>            loopback address to bind (default 127.0.0.1)
  --seed <n>               price model seed (default 42)
  --accounts <a,b>         managed accounts (default DU1234567)
  --server-version <n>     highest server version offered, 157..193 (default 193)
  --ticks-per-second <n>   quote updates per subscribed instrument per second (default 4)
  --max-msg-rate <n>       client messages per second before error 100 (default 50)
  --permission <p>         market data permission: live | delayed-only | none (default live)
  --synthetic <n>          add n synthetic stocks SIM001… for load tests (default 0)
  --start <instant>        the simulated clock starts at this ISO 8601 instant, then runs on
                           (e.g. 2026-03-11T09:25:00-04:00; default: the real time)
  --speed <n>              simulated seconds per real second (default 1; 60 plays a trading day in 6.5 min)
  --empty-account          start with cash only (default: the demo portfolio of US stocks, SAP, an OESX
                           call and an ES future in the first account; docs/simulator.md)
  --quiet                  no connection log
  --help`;

function loopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '7497' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '42' },
      accounts: { type: 'string', default: 'DU1234567' },
      'server-version': { type: 'string', default: '193' },
      'ticks-per-second': { type: 'string', default: '4' },
      'max-msg-rate': { type: 'string', default: '50' },
      permission: { type: 'string', default: 'live' },
      synthetic: { type: 'string', default: '0' },
      start: { type: 'string' },
      speed: { type: 'string', default: '1' },
      'empty-account': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  // The simulator is a development tool: it never listens beyond this machine.
  if (!loopback(values.host)) throw new Error(`--host must be a loopback address, got '${values.host}'`);
  const permission = values.permission;
  if (permission !== 'live' && permission !== 'delayed-only' && permission !== 'none') throw new Error(`unknown --permission '${permission}'`);
  const number = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got '${text}'`);
    return n;
  };
  const clock = new SimulatedClock({ start: values.start, speed: number('speed', values.speed) });
  const sim = new TwsSimulator({
    clock,
    seed: number('seed', values.seed),
    accounts: values.accounts.split(',').map((a) => a.trim()).filter(Boolean),
    serverVersion: number('server-version', values['server-version']),
    ticksPerSecond: number('ticks-per-second', values['ticks-per-second']),
    maxMessagesPerSecond: number('max-msg-rate', values['max-msg-rate']),
    marketDataPermission: permission,
    syntheticInstruments: number('synthetic', values.synthetic),
    initialPositions: values['empty-account'] ? [] : demoPortfolio(clock.now()),
    log: values.quiet ? undefined : (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  const port = await sim.start(number('port', values.port), values.host);
  console.log(`TWS simulator listening on ${values.host}:${port} (server versions 157..${values['server-version']}). Ctrl+C to stop.`);
  if (values.start !== undefined || clock.speed !== 1) {
    console.log(`Simulated clock: ${new Date(clock.now()).toISOString()}, ${clock.speed}× real time.`);
  }
  const held = sim.broker.positions();
  const account = sim.broker.accounts()[0] ?? '';
  console.log(
    held.length === 0
      ? `Account ${account} starts with cash only.`
      : `Account ${account} starts with the demo portfolio: ${held.map((p) => p.contract.localSymbol).join(', ')} (--empty-account for cash only).`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  console.error(USAGE);
  process.exit(1);
});

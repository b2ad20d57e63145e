/**
 * `npm run bench [-- --quick] [-- --only ticks,search,memory,rest,startup,recovery]`: figures, not pass/fail.
 * Each scenario prints a table and writes bench/results/<name>.json with the machine it ran on.
 */
import { parseArgs } from './lib/args.js';
import { machineInfo } from './lib/machine.js';
import { runRecoveryScenario } from './scenarios/recovery.js';
import { runRestScenario } from './scenarios/rest.js';
import { runStartupScenario } from './scenarios/startup.js';
import { runTickScenarios } from './scenarios/ticks.js';

const SCENARIOS = ['ticks', 'search', 'rest', 'memory', 'startup', 'recovery'] as const;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['--quick', '--only', '--seed']);
  for (const s of args.only) if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`unknown scenario ${s}; one of ${SCENARIOS.join(', ')}`);
  const want = (s: (typeof SCENARIOS)[number]) => args.only.length === 0 || args.only.includes(s);
  const m = machineInfo();
  process.stdout.write(
    `edgerunner bench${args.quick ? ' (quick)' : ''}: ${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryGiB} GiB, ${m.os}, Node ${m.node}, commit ${m.gitCommit}, load average ${m.loadAverageAtStart.join(' / ')}\n`,
  );
  if (m.loadAverageAtStart[0]! > m.cores * 0.5) process.stdout.write(`   note: the machine is busy (1-min load ${m.loadAverageAtStart[0]} on ${m.cores} cores): figures will be pessimistic.\n`);
  const started = Date.now();
  if (want('ticks') || want('search') || want('memory')) {
    await runTickScenarios({ quick: args.quick, seed: args.seed, latency: want('ticks'), search: want('search'), memory: want('memory') });
  }
  if (want('rest')) await runRestScenario({ quick: args.quick, seed: args.seed });
  if (want('startup')) await runStartupScenario({ quick: args.quick, seed: args.seed });
  if (want('recovery')) await runRecoveryScenario({ quick: args.quick, seed: args.seed });
  process.stdout.write(`\nbench done in ${Math.round((Date.now() - started) / 1000)} s; results in bench/results/\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  },
);

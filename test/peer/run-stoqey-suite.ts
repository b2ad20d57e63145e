/**
 * Runs @stoqey/ib's own live test suite (dist/tests/unit/api/**, jest, written for a real TWS / IB Gateway)
 * against the simulator: start the simulator in-process on a free port, point IB_HOST / IB_PORT at it, run
 * jest, exit with jest's status. Tests that cannot pass against any simulator are excluded by name, each with
 * its reason in KNOWN_FAILURES.md.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TwsSimulator } from '../../src/simulator/index.js';
import { EXCLUDED_FILES, EXCLUDED_TESTS } from './known-failures.js';
import { tradingClock } from '../support/tradingClock.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const jestBin = join(dirname(require.resolve('jest/package.json')), 'bin', 'jest.js');

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The suite was written against a paper account that already holds positions (positions / P&L tests fail on an
 * empty account), so the simulated account starts with some, as a real paper account would have.
 */
const PAPER_ACCOUNT_POSITIONS = [
  { symbol: 'AAPL', secType: 'STK', quantity: 100 },
  { symbol: 'SPY', secType: 'STK', quantity: 50 },
];

async function main(): Promise<number> {
  const verbose = process.argv.includes('--verbose');
  const sim = new TwsSimulator({ clock: tradingClock(), initialPositions: PAPER_ACCOUNT_POSITIONS, log: verbose ? (line) => console.log(line) : undefined });
  const port = await sim.start(0, '127.0.0.1');
  console.log(`[peer] TWS simulator on 127.0.0.1:${port}; running @stoqey/ib's live API tests against it`);
  const args = [jestBin, '--config', join(here, 'jest.config.json'), '--ci', '--colors'];
  if (EXCLUDED_FILES.length > 0) args.push('--testPathIgnorePatterns', ...EXCLUDED_FILES.map(escapeRegex));
  if (EXCLUDED_TESTS.length > 0) args.push('--testNamePattern', `^(?!(${EXCLUDED_TESTS.map(escapeRegex).join('|')})$).*`);
  args.push(...process.argv.slice(2).filter((a) => a !== '--verbose'));
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, args, {
        stdio: 'inherit',
        env: { ...process.env, IB_HOST: '127.0.0.1', IB_PORT: String(port) },
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await sim.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
